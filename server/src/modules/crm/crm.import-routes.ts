import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ImportJob, ImportQuery } from '../../../../contracts/crm';
import { actorOf } from '../../platform/guard';
import { importUnreadable } from './crm.errors';
import type { ExportService } from './crm.export';
import type { ImportService } from './crm.import';

/** What an upload may be declared as (browsers call a CSV many things; XLSX is recognised by content). */
const UPLOAD_TYPES = [
  'text/csv',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];
/** 100,000 rows of a wide CSV are ~20 MB. */
const UPLOAD_MAX_BYTES = 64 * 1024 * 1024;

export async function registerCrmImportRoutes(
  app: FastifyInstance,
  deps: { crmImport: ImportService; crmExport: ExportService },
): Promise<void> {
  // A scope of its own: only the import takes a raw file body; the rest of the API stays JSON-only.
  await app.register(async (scope) => {
    scope.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: UPLOAD_MAX_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    const tags = ['crm'];
    const perm = { permission: 'customers.import' as const };

    r.post(
      '/api/v1/customers/import',
      {
        config: perm,
        schema: {
          tags,
          summary:
            'Import customers: the CSV or XLSX file as the body (columns in docs/crm.md). Every row is checked ' +
            'first; without partial=true one bad row writes nothing (400 with the rows). Answers 202 with a job to follow',
          querystring: ImportQuery,
          response: { 202: ImportJob },
        },
      },
      async (req, reply) => {
        const body: unknown = req.body;
        if (!Buffer.isBuffer(body)) throw importUnreadable('upload the file itself as the body (text/csv or XLSX)');
        const { job } = await deps.crmImport.start(body, { partial: req.query.partial === 'true' }, actorOf(req));
        return reply.status(202).send(job);
      },
    );
    r.get(
      '/api/v1/customers/imports/:id',
      {
        config: perm,
        schema: {
          tags,
          summary: "An import's progress and result",
          params: z.object({ id: z.uuid() }),
          response: { 200: ImportJob },
        },
      },
      async (req) => deps.crmImport.get(req.params.id),
    );
    r.get(
      '/api/v1/customers/export.csv',
      {
        config: perm,
        schema: { tags, summary: 'Every customer as CSV (the import columns; masked without pii.view)' },
      },
      async (req, reply) =>
        reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="customers.csv"')
          .send(await deps.crmExport.csv(actorOf(req))),
    );
    r.get(
      '/api/v1/customers/export.xlsx',
      {
        config: perm,
        schema: { tags, summary: 'Every customer as XLSX (the import columns; masked without pii.view)' },
      },
      async (req, reply) =>
        reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', 'attachment; filename="customers.xlsx"')
          .send(await deps.crmExport.xlsx(actorOf(req))),
    );
  });
}
