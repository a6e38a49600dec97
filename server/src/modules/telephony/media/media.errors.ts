import { AppError } from '../../../platform/errors';

export const badDigit = (key: string) => new AppError('MEDIA.BAD_DIGIT', `not a DTMF digit: ${key}`);
export const noTelephoneEvent = () =>
  new AppError('MEDIA.NO_TELEPHONE_EVENT', 'the peer did not negotiate telephone-event');
export const badPromptKey = (what: string) => new AppError('MEDIA.BAD_PROMPT_KEY', what);
export const badPrompt = (path: string, message: string, code: string) =>
  new AppError('MEDIA.BAD_PROMPT', `${path}: ${message}`, { path, code });
export const promptFileNotFound = (folder: string, key: string) =>
  new AppError('MEDIA.PROMPT_NOT_FOUND', `no prompt ${folder}/${key}.wav`, { folder, key });
export const badPortRange = (portMin: number, portMax: number) =>
  new AppError('MEDIA.BAD_PORT_RANGE', `no even port in ${portMin}-${portMax}`);
export const engineClosed = () => new AppError('MEDIA.ENGINE_CLOSED', 'the media engine is closed');
export const noPorts = (portMin: number, portMax: number, legs: number) =>
  new AppError('MEDIA.NO_PORTS', `no free RTP port in ${portMin}-${portMax} (${legs} legs open)`, {
    portMin,
    portMax,
    legs,
  });
export const whisperNeedsTarget = () =>
  new AppError('MEDIA.MIXER_WHISPER', 'a whisper needs a whisperTo leg other than the whisperer');
export const mixerStopped = () => new AppError('MEDIA.MIXER_STOPPED', 'the mixer is stopped');
export const alreadyMixed = (legId: string) => new AppError('MEDIA.MIXER_MEMBER', `${legId} is already in the mixer`);
export const notMixed = (legId: string) => new AppError('MEDIA.MIXER_NOT_MEMBER', `${legId} is not in the mixer`);
