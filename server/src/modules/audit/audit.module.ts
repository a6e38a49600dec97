import type { EntityNames } from '../../platform/entity-names';
import { type KefuModule, latePort, type Platform } from '../../platform/module';
import { registerAuditRoutes } from './audit.routes';

export type AuditServices = {
  /** app.ts binds the modules' merged entity names (they are known once every module is built). */
  auditEntityNames: { bind(names: { table: EntityNames }): void };
};

/** The audit trail's read side (the chain itself is platform/audit, written by every module). */
export function createAuditModule(p: Platform, _services: object): KefuModule<AuditServices> {
  const names = latePort<{ table: EntityNames }>('audit.entityNames');
  return {
    name: 'audit',
    services: { auditEntityNames: { bind: names.bind } },
    routes: (app) => registerAuditRoutes(app, { db: p.db, audit: p.audit, names: names.port }),
  };
}
