import { AppError, type ErrorCode } from '../../../platform/errors';
import type { WavErrorCode } from '../media';

export const promptNotFound = (language: string, key: string) =>
  new AppError('PROMPTS.NOT_FOUND', `No prompt ${language}/${key}`, { language, key });
export const uploadNotFound = (language: string, key: string) =>
  new AppError('PROMPTS.NO_UPLOAD', `No uploaded prompt ${language}/${key} to remove`, {
    language,
    key,
  });
/** The app was built without a folder for uploads (API tests, or SIP switched off). */
export const uploadsDisabled = () =>
  new AppError('PROMPTS.UPLOADS_DISABLED', 'This server has no folder for uploaded prompts');
export const emptyUpload = () =>
  new AppError('PROMPTS.EMPTY', 'The upload is empty: send the WAV file as the request body');
export const tooLong = (durationMs: number, maxMs: number) =>
  new AppError('PROMPTS.TOO_LONG', `The prompt plays ${durationMs} ms; at most ${maxMs} ms is allowed`, {
    durationMs,
    maxMs,
  });
/** Less audio than one 20 ms packet: nothing a caller could hear. */
export const tooShort = (durationMs: number, minMs: number) =>
  new AppError('PROMPTS.TOO_SHORT', `The prompt plays ${durationMs} ms; at least ${minMs} ms is needed`, {
    durationMs,
    minMs,
  });

/** What `readWav` refused, as a code the admin screen can explain. */
const WAV_CODES: Record<WavErrorCode, Extract<ErrorCode, `PROMPTS.${string}`>> = {
  not_riff: 'PROMPTS.NOT_WAV',
  missing_fmt: 'PROMPTS.BAD_WAV',
  missing_data: 'PROMPTS.BAD_WAV',
  bad_fmt: 'PROMPTS.BAD_WAV',
  unsupported_encoding: 'PROMPTS.UNSUPPORTED_ENCODING',
  unsupported_bit_depth: 'PROMPTS.UNSUPPORTED_BIT_DEPTH',
  unsupported_channels: 'PROMPTS.UNSUPPORTED_CHANNELS',
  unsupported_sample_rate: 'PROMPTS.UNSUPPORTED_SAMPLE_RATE',
  truncated: 'PROMPTS.TRUNCATED',
  bad_size: 'PROMPTS.BAD_SIZE',
};
export const badWav = (code: WavErrorCode, message: string) =>
  new AppError(WAV_CODES[code], `${message}: upload a WAV file of 16-bit PCM (or G.711), 8 or 16 kHz`, {
    reason: code,
  });
export const notWav = () =>
  new AppError('PROMPTS.NOT_WAV', 'Send the WAV file as the request body with Content-Type audio/wav');
