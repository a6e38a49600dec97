import { AppError } from '../../../platform/errors';

export const recordingNotFound = (id: string) => new AppError('RECORDINGS.NOT_FOUND', `No recording ${id}`);
/** The file fails its GCM tag (or its header): changed on disk, truncated, or damaged. */
export const recordingTampered = (id: string, why: string) =>
  new AppError('RECORDINGS.INTEGRITY_FAILED', `Recording ${id} failed its integrity check: ${why}`, {
    recordingId: id,
  });
/** Encrypted with another key than the configured one (KEFU_RECORDING_KEY changed, or the key file replaced). */
export const recordingKeyMismatch = (id: string, fileKeyId: string, keyId: string) =>
  new AppError(
    'RECORDINGS.KEY_MISMATCH',
    `Recording ${id} was encrypted with key ${fileKeyId}; the configured key is ${keyId}`,
    { recordingId: id, fileKeyId, keyId },
  );
export const recordingFileMissing = (id: string) =>
  new AppError('RECORDINGS.FILE_MISSING', `The file of recording ${id} is missing`, {
    recordingId: id,
  });
