import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ContactImportQuery, JobStarted } from '../../../../contracts/jobs';
import { actorOf } from '../../platform/guard';
import { importUnreadable } from './reporting.errors';
import { bufferSource, type ContactImport, checkUploadStart } from './reporting.import';

/** What a CSV upload may be declared as (browsers call a CSV many things). */
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];
const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/jsonlines'];
/** A million rows of CSV are ~200 MB. */
const UPLOAD_MAX_BYTES = 512 * 1024 * 1024;

/** `POST /api/v1/contacts/import` (docs/reports.md, "Import"): the file as the body, followed as a job. */
export async function registerContactImportRoutes(app: FastifyInstance, deps: { contactImport: ContactImport }) {
  // A scope of its own: only the import takes a raw file body; the rest of the API stays JSON-only.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      [...CSV_TYPES, ...NDJSON_TYPES],
      { parseAs: 'buffer', bodyLimit: UPLOAD_MAX_BYTES },
      (_req, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/api/v1/contacts/import',
      {
        config: { permission: 'reports.import' },
        schema: {
          tags: ['reports'],
          summary:
            'Import historical contacts into the reports: a CSV file (text/csv) or JSON lines (application/x-ndjson) ' +
            'as the body, columns in docs/reports.md. Answers 202 with a job (GET /api/v1/jobs/:id): every row is ' +
            'checked first; with bad rows nothing is written unless partial=true',
          querystring: ContactImportQuery,
          response: { 202: JobStarted },
        },
      },
      async (req, reply) => {
        const body: unknown = req.body;
        if (!Buffer.isBuffer(body) || body.length === 0) {
          throw importUnreadable('upload the file itself as the body (text/csv or application/x-ndjson)');
        }
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const format = NDJSON_TYPES.includes(type) ? 'ndjson' : 'csv';
        checkUploadStart(body, format);
        const jobId = await deps.contactImport.start(
          bufferSource(body, format),
          { partial: req.query.partial === 'true' },
          actorOf(req),
        );
        return reply.status(202).send({ jobId });
      },
    );
  });
}
