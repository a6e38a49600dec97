import { AppError } from '../../platform/errors';

export const notTalking = (contactId: string) =>
  new AppError('VOICE.NOT_TALKING', `Contact ${contactId} is not a voice call you are talking on`);
export const noPhone = (userId: string) => new AppError('VOICE.NO_PHONE', `User ${userId} has no registered SIP phone`);
export const noAnswer = (status: number) =>
  new AppError('VOICE.NO_ANSWER', `The phone did not answer (SIP ${status})`, { status });
export const noTrunk = () => new AppError('VOICE.NO_TRUNK', 'No outbound trunk is configured (语音设置 → 中继)');
export const mixedCall = (contactId: string) =>
  new AppError('VOICE.IN_CONFERENCE', `Contact ${contactId} is a conference or monitored call: hold is not available`);
/** Call control exists only while the SIP server runs (`kefu start`); API-only test apps have none. */
export const voiceOff = () => new AppError('VOICE.OFF', 'Telephony is not running on this node');
export const bargeForbidden = () => new AppError('AUTH.FORBIDDEN', 'Barging in needs supervisor.control');
/** The ACD has no such contact (the contact is routing's: its code). */
export const contactNotFound = (contactId: string) =>
  new AppError('ROUTING.CONTACT_NOT_FOUND', `No contact ${contactId}`);
