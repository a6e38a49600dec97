import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ListTicketsQuery } from '../../../../contracts/tickets';
import { principalOf } from '../../platform/guard';
import { piiPolicy } from '../../platform/pii';
import type { TicketsExport } from './tickets.export';
import { workerOf } from './tickets.routes';

/** The list's filters and search (no paging: every match, up to the cap) and the language of the words. */
const ExportQuery = ListTicketsQuery.omit({ page: true, pageSize: true }).extend({
  lang: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
});

const asciiName = (lang: string, ext: string) => `work-orders-${lang}.${ext}`;
const disposition = (lang: string, ext: string) =>
  `attachment; filename="${asciiName(lang, ext)}"; filename*=UTF-8''${encodeURIComponent(
    lang === 'zh-CN' ? `工单.${ext}` : `work-orders.${ext}`,
  )}`;

/**
 * One row per work order as CSV or XLSX (the list's filters; codes in words; the customer's number
 * masked without pii.view). For leads, supervisors and analysts (`reports.view`), not for agents.
 */
export function registerTicketExportRoutes(app: FastifyInstance, exporter: TicketsExport): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  const base = { config: { permission: 'reports.view' as const } };
  r.get(
    '/api/v1/tickets/export.csv',
    {
      ...base,
      schema: { tags, summary: 'Work orders as CSV, one row per order (the list filters)', querystring: ExportQuery },
    },
    async (req, reply) => {
      const { lang, ...q } = req.query;
      const body = await exporter.csv({ ...q, page: 1, pageSize: 1 }, workerOf(req), piiPolicy(principalOf(req)), lang);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', disposition(lang, 'csv'))
        .send(body);
    },
  );
  r.get(
    '/api/v1/tickets/export.xlsx',
    {
      ...base,
      schema: { tags, summary: 'Work orders as XLSX, one row per order (the list filters)', querystring: ExportQuery },
    },
    async (req, reply) => {
      const { lang, ...q } = req.query;
      const body = await exporter.xlsx(
        { ...q, page: 1, pageSize: 1 },
        workerOf(req),
        piiPolicy(principalOf(req)),
        lang,
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', disposition(lang, 'xlsx'))
        .send(body);
    },
  );
}
