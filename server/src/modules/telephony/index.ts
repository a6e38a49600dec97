export type { DigestHash } from './auth/digest';
export {
  type CallBegin,
  type CallFields,
  type CallFinal,
  type CallLegHandle,
  type CallLog,
  type CallRecordHandle,
  createCallLog,
} from './calls/call-log';
export { registerCallRoutes } from './calls/calls.routes';
export { type CallQueueDirectory, type CallsService, createCallsService } from './calls/calls.service';
export {
  bridgeLegs,
  createMediaEngine,
  createMixer,
  createPromptLibrary,
  encodeWav,
  type MediaEngine,
  type MediaLeg,
  type Mixer,
  type MixRole,
  type PromptLibrary,
  readWav,
  recordLegs,
  type WavAudio,
} from './media';
export { createNumbersService, type NumbersService } from './numbers.service';
export { registerPromptRoutes } from './prompts/prompts.routes';
export { createPromptsService, type PromptsService } from './prompts/prompts.service';
export { loadRecordingKey, type RecordingKey, recordingKeyId } from './recordings/recording-key';
export { createRecordingStore, type RecordingStore } from './recordings/recording-store';
export { registerRecordingRoutes } from './recordings/recordings.routes';
export { createRecordingsService, type RecordingsService } from './recordings/recordings.service';
export type { Binding } from './registrar/registrar';
export { findHeader, type SipTarget, serializeUri } from './sip';
export { createSipServer, type SipServer, type SipServerOptions } from './sip-server';
export { DEMO_HISTORY_CALL_ID, type TelephonyHistory } from './telephony.demo-history';
export type { PhoneRegistrationChanged } from './telephony.events';
export {
  createTelephonyModule,
  type SipStack,
  type TelephonyServices,
  type TelephonySettings,
} from './telephony.module';
export { registerTelephonyRoutes } from './telephony.routes';
export { createTelephonyService, type TelephonyService } from './telephony.service';
export type { InboundLeg, OutboundLeg, UserAgent } from './ua/user-agent';
