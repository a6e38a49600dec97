import { logRingOf } from '../../platform/logger';
import type { KefuModule, Platform } from '../../platform/module';
import type { RoutingService } from '../routing';
import type { TelephonyServices } from '../telephony';
import { registerSystemRoutes } from './system.routes';
import { createSystemService, type SystemService } from './system.service';

/** The administrator's system overview (系统概览): phones, trunks, queues and recent server errors, read from the other modules. */
export function createSystemModule(
  p: Platform,
  deps: Pick<TelephonyServices, 'telephony' | 'numbers' | 'calls' | 'sip'> & {
    routing: Pick<RoutingService, 'wallboard'>;
  },
): KefuModule<{ system: SystemService }> {
  const system = createSystemService({ ...deps, clock: p.clock, logRing: logRingOf(p.log) });
  return {
    name: 'system',
    services: { system },
    routes: (app) => registerSystemRoutes(app, { system }),
  };
}
