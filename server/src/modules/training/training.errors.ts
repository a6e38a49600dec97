import { AppError } from '../../platform/errors';

export const questionNotFound = (id: string) => new AppError('TRAINING.QUESTION_NOT_FOUND', `No question ${id}`);
export const examNotFound = (id: string) => new AppError('TRAINING.EXAM_NOT_FOUND', `No exam ${id}`);
export const attemptNotFound = (id: string) => new AppError('TRAINING.ATTEMPT_NOT_FOUND', `No attempt ${id} of yours`);
export const bankTooSmall = (rule: number, wanted: number, available: number) =>
  new AppError('TRAINING.BANK_TOO_SMALL', `Rule ${rule + 1} wants ${wanted} questions; the bank has ${available}`, {
    fields: [{ location: 'body', path: `rules.${rule}.count`, message: `the bank has ${available} such questions` }],
    rule,
    wanted,
    available,
  });
export const cannotStart = (reason: 'not_open' | 'closed' | 'no_attempts_left') =>
  new AppError('TRAINING.CANNOT_START', `The exam cannot be started: ${reason}`, { reason });
/** The server's clock says the attempt is over: nothing more is taken. */
export const timeUp = (deadline: Date) =>
  new AppError('TRAINING.TIME_UP', `The time ran out at ${deadline.toISOString()}`, {
    deadline: deadline.toISOString(),
  });
export const attemptClosed = () => new AppError('TRAINING.ATTEMPT_SUBMITTED', 'The attempt is already submitted');
export const notInPaper = (questionId: string) =>
  new AppError('TRAINING.NOT_IN_PAPER', `Question ${questionId} is not in this paper`);
