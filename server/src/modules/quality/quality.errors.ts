import { AppError } from '../../platform/errors';
import type { AnswerIssue } from './domain/scoring';

export const scorecardNotFound = (id: string) => new AppError('QUALITY.SCORECARD_NOT_FOUND', `No scorecard ${id}`);
export const scorecardNameTaken = (name: string) =>
  new AppError('QUALITY.SCORECARD_NAME_TAKEN', `A scorecard named ${name} exists`, {
    fields: [{ location: 'body', path: 'name', message: 'taken' }],
  });
export const nothingToPublish = (id: string) =>
  new AppError('QUALITY.NOTHING_TO_PUBLISH', `Scorecard ${id} has no unpublished changes`);
export const scorecardNotPublished = (id: string) =>
  new AppError('QUALITY.SCORECARD_NOT_PUBLISHED', `Scorecard ${id} has no published version to evaluate with`);
export const noScorecard = () => new AppError('QUALITY.NO_SCORECARD', 'No published scorecard applies to this contact');

export const contactNotFound = (id: string) =>
  new AppError(
    'QUALITY.CONTACT_NOT_FOUND',
    `No handled contact ${id} (quality sees contacts once an agent handled them)`,
    {
      fields: [{ location: 'body', path: 'contactId', message: 'no such handled contact' }],
    },
  );
export const ownContact = () =>
  new AppError('QUALITY.OWN_CONTACT', 'Nobody evaluates their own contacts', {
    fields: [{ location: 'body', path: 'contactId', message: 'your own contact' }],
  });
export const evaluationNotFound = (id: string) => new AppError('QUALITY.EVALUATION_NOT_FOUND', `No evaluation ${id}`);
export const alreadyEvaluated = (evaluationId: string) =>
  new AppError('QUALITY.ALREADY_EVALUATED', 'You have evaluated this contact already', { evaluationId });
export const notYourEvaluation = () =>
  new AppError('QUALITY.NOT_YOUR_EVALUATION', 'Only its evaluator changes an evaluation before it is submitted');
export const evaluationState = (status: string, wanted: string) =>
  new AppError('QUALITY.EVALUATION_STATE', `The evaluation is ${status}; this needs it ${wanted}`, { status });
export const answersInvalid = (issues: AnswerIssue[], path = 'answers') =>
  new AppError('QUALITY.ANSWERS_INVALID', 'The answers do not fit the scorecard', {
    fields: issues.map((i) => ({ location: 'body', path: `${path}.${i.item}`, message: i.message })),
  });
export const appealWindowClosed = (until: string) =>
  new AppError('QUALITY.APPEAL_WINDOW_CLOSED', `Appeals were possible until ${until}`, { until });
export const appealNotFound = (id: string) => new AppError('QUALITY.APPEAL_NOT_FOUND', `No appeal ${id}`);
export const appealDecided = () => new AppError('QUALITY.APPEAL_DECIDED', 'The appeal has been decided already');
export const reviewerIsEvaluator = () =>
  new AppError('QUALITY.REVIEWER_IS_EVALUATOR', 'A second reviewer decides an appeal, not the evaluator');
export const taskNotFound = (id: string) => new AppError('QUALITY.TASK_NOT_FOUND', `No work-list task ${id}`);
export const planNotFound = (id: string) => new AppError('QUALITY.PLAN_NOT_FOUND', `No sampling plan ${id}`);
export const planNameTaken = (name: string) =>
  new AppError('QUALITY.PLAN_NAME_TAKEN', `A sampling plan named ${name} exists`, {
    fields: [{ location: 'body', path: 'name', message: 'taken' }],
  });
export const noEvaluators = () =>
  new AppError('QUALITY.NO_EVALUATORS', 'The plan has no evaluator who may take these contacts', {
    fields: [{ location: 'body', path: 'evaluatorIds', message: 'add evaluators' }],
  });
export const calibrationNotFound = (id: string) =>
  new AppError('QUALITY.CALIBRATION_NOT_FOUND', `No calibration session ${id}`);
export const notInCalibration = () =>
  new AppError('QUALITY.NOT_IN_CALIBRATION', 'You are not an evaluator of this calibration session');
export const coachingNotFound = (id: string) => new AppError('QUALITY.COACHING_NOT_FOUND', `No coaching task ${id}`);
export const exampleNotFound = (id: string) =>
  new AppError('QUALITY.EXAMPLE_NOT_FOUND', `No best-practice example ${id}`);
export const exampleNoRecording = (id: string) =>
  new AppError('RECORDINGS.NOT_FOUND', `The contact of best-practice example ${id} has no recording`);
export const periodNotEnded = (end: string) =>
  new AppError('QUALITY.PERIOD_NOT_ENDED', `The period ends ${end}: draw it after that`, {
    fields: [{ location: 'body', path: 'periodStart', message: 'the period has not ended' }],
  });
export const periodNotMonday = (start: string) =>
  new AppError('QUALITY.PERIOD_NOT_MONDAY', `A weekly plan's period starts on a Monday, not ${start}`, {
    fields: [{ location: 'body', path: 'periodStart', message: 'a weekly period starts on a Monday' }],
  });
