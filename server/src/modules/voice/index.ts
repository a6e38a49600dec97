/**
 * Voice: call orchestration over telephony (SIP legs, media), the IVR and the ACD (routing).
 *
 * Where the call records and recordings live: they stay in telephony (`telephony/calls`,
 * `telephony/recordings`). They are storage next to the SIP/media stack — telephony's tables, its
 * `/calls` and `/recordings` routes, the start-up recovery of calls a crash left open — and voice
 * writes them through telephony's index (`CallLog`, `RecordingStore`). So dependencies point one way:
 * voice → telephony, ivr, routing; telephony never imports voice. Voice's domain events are staged
 * by the call log in the transaction of the call-record row they describe, through a generic
 * staging hook, so telephony does not need to know voice's event names either.
 */
export { type CallControl, type CallControlDeps, createCallControl, type OutboundTrunk } from './call-control';
export {
  createInboundAdmission,
  type InboundAdmission,
  type InboundAdmissionDeps,
  type InboundRequest,
  type InboundRoute,
} from './inbound-admission';
export { createVoiceModule, type VoiceServices, type VoiceSettings } from './voice.module';
export { registerVoiceRoutes } from './voice.routes';
