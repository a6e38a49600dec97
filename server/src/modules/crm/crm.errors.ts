import type { FieldIssue } from '../../../../contracts/common';
import { AppError } from '../../platform/errors';

export const customerNotFound = (id: string) => new AppError('CRM.CUSTOMER_NOT_FOUND', `No customer ${id}`);
export const invalidPhones = (fields: FieldIssue[]) =>
  new AppError('CRM.INVALID_PHONE', 'A phone number is not valid', { fields });
export const invalidCustomFields = (fields: FieldIssue[]) =>
  new AppError('CRM.INVALID_CUSTOM_FIELD', 'A custom field is missing or not valid', { fields });
export const mergeInvalid = (message: string) =>
  new AppError('CRM.MERGE_INVALID', message, {
    fields: [{ location: 'body', path: 'from', message }],
  });
export const customerMerged = (id: string, mergedInto: string) =>
  new AppError('CRM.CUSTOMER_MERGED', `Customer ${id} was merged into ${mergedInto}`, { mergedInto });
export const verificationContactInvalid = (contactId: string) =>
  new AppError('CRM.VERIFICATION_CONTACT_INVALID', `Contact ${contactId} is not one of your open contacts`, {
    fields: [{ location: 'body', path: 'contactId', message: 'not one of your open contacts' }],
  });
export const customFieldNotFound = (id: string) => new AppError('CRM.CUSTOM_FIELD_NOT_FOUND', `No custom field ${id}`);
export const customFieldKeyTaken = (key: string) =>
  new AppError('CRM.CUSTOM_FIELD_KEY_TAKEN', `A custom field ${key} exists`, {
    fields: [{ location: 'body', path: 'key', message: 'taken' }],
  });
export const importNotFound = (id: string) => new AppError('CRM.IMPORT_NOT_FOUND', `No import ${id}`);
export const importUnreadable = (message: string) => new AppError('CRM.IMPORT_UNREADABLE', message);
export const importInvalid = (issues: Array<{ row: number; column: string; message: string }>, rows: number) =>
  new AppError('CRM.IMPORT_INVALID', `${issues.length} problems in ${rows} rows; nothing was imported`, { issues });
