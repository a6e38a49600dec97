import type { SurveyLanguage } from '../../../../contracts/surveys';
import { AppError } from '../../platform/errors';
import type { AnswerIssue } from './domain/scoring';

export const templateNotFound = (id: string) => new AppError('SURVEYS.TEMPLATE_NOT_FOUND', `No survey template ${id}`);
export const templateNameTaken = (name: string) =>
  new AppError('SURVEYS.TEMPLATE_NAME_TAKEN', `A survey template named ${name} exists`, { name });
export const unknownTemplate = (id: string) =>
  new AppError('SURVEYS.UNKNOWN_TEMPLATE', `No survey template ${id}`, {
    fields: [{ location: 'body', path: 'templateId', message: 'no such template' }],
  });
export const channelNotOffered = (channel: string) =>
  new AppError('SURVEYS.CHANNEL_NOT_OFFERED', `The template is not sent by ${channel}`, {
    fields: [{ location: 'body', path: 'channel', message: 'not one of the template’s channels' }],
  });
export const linkNotFound = () => new AppError('SURVEYS.LINK_NOT_FOUND', 'No such survey link');
export const linkUsed = (language: SurveyLanguage) =>
  new AppError('SURVEYS.LINK_USED', 'The survey was answered already', { language });
export const linkExpired = (language: SurveyLanguage) =>
  new AppError('SURVEYS.LINK_EXPIRED', 'The survey link has expired', { language });
export const answerInvalid = (issues: AnswerIssue[]) =>
  new AppError('SURVEYS.ANSWER_INVALID', 'The answer does not fit the survey', {
    fields: issues.map((i) => ({ location: 'body', path: i.path, message: i.message })),
  });
export const contactNotYours = (contactId: string) =>
  new AppError('SURVEYS.CONTACT_NOT_YOURS', `Contact ${contactId} is not one the caller handled`, {
    fields: [{ location: 'body', path: 'contactId', message: 'not a contact you handled' }],
  });
export const alreadyInvited = (contactId: string) =>
  new AppError('SURVEYS.ALREADY_INVITED', `Contact ${contactId} has its manual survey invitation already`, {
    contactId,
  });
