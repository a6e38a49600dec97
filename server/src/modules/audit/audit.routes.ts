import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditPage, AuditQuery, AuditVerifyReply } from '../../../../contracts/audit';
import type { AuditLog } from '../../platform/audit';
import type { Database } from '../../platform/db';
import type { EntityNames } from '../../platform/entity-names';
import { withEntityNames } from './audit.names';

/** Reading the audit log; writing it is every module's business through platform/audit. */
export function registerAuditRoutes(
  app: FastifyInstance,
  deps: { db: Database; audit: AuditLog; names: { table: EntityNames } },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];
  r.get(
    '/api/v1/audit',
    {
      config: { permission: 'audit.view' },
      schema: { tags, summary: 'Audit log, newest first', querystring: AuditQuery, response: { 200: AuditPage } },
    },
    async (req) => withEntityNames(await deps.audit.list(deps.db, req.query), deps.names.table),
  );
  r.get(
    '/api/v1/audit/verify',
    {
      config: { permission: 'audit.verify' },
      schema: {
        tags,
        summary: 'Recompute the hash chain; reports the first broken entry',
        response: { 200: AuditVerifyReply },
      },
    },
    async () => deps.audit.verify(deps.db),
  );
}
