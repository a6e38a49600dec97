export type { DigestHash } from './auth/digest';
export { createSipServer, type SipServer, type SipServerOptions } from './sip-server';
export { createTelephonyRepo } from './telephony.repo';
export { registerTelephonyRoutes } from './telephony.routes';
export { createTelephonyService, type TelephonyService } from './telephony.service';
