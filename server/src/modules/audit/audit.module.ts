import type { KefuModule, Platform } from '../../platform/module';
import { registerAuditRoutes } from './audit.routes';

/** The audit trail's read side (the chain itself is platform/audit, written by every module). */
export function createAuditModule(p: Platform, _services: object): KefuModule {
  return {
    name: 'audit',
    services: {},
    routes: (app) => registerAuditRoutes(app, { db: p.db, audit: p.audit }),
  };
}
