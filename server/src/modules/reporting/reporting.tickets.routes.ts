import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { TicketSlaQuery, TicketSlaReport } from '../../../../contracts/report-tickets';
import type { TicketReports } from './reporting.tickets';
import { ticketSlaCsv, ticketSlaXlsx } from './reporting.tickets.export';

const fileName = (lang: string, ext: string) =>
  `attachment; filename="ticket-sla.${ext}"; filename*=UTF-8''${encodeURIComponent(lang === 'zh-CN' ? `工单SLA报表.${ext}` : `ticket-sla.${ext}`)}`;

/** Work-order SLA performance (docs/reports.md, "Work orders"): JSON, CSV and XLSX of one question. */
export function registerTicketReportRoutes(app: FastifyInstance, reports: TicketReports): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const view = { config: { permission: 'reports.view' as const } };
  r.get(
    '/api/v1/reports/tickets',
    {
      ...view,
      schema: {
        tags,
        summary: 'Work orders created, finished and within SLA by agent, team, type or day',
        querystring: TicketSlaQuery,
        response: { 200: TicketSlaReport },
      },
    },
    async (req) => reports.report(req.query),
  );
  r.get(
    '/api/v1/reports/tickets.csv',
    {
      ...view,
      schema: { tags, summary: 'The same work-order SLA figures as CSV (UTF-8 with BOM)', querystring: TicketSlaQuery },
    },
    async (req, reply) => {
      const lang = req.query.lang ?? 'zh-CN';
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', fileName(lang, 'csv'))
        .send(ticketSlaCsv(await reports.report(req.query), lang));
    },
  );
  r.get(
    '/api/v1/reports/tickets.xlsx',
    { ...view, schema: { tags, summary: 'The same work-order SLA figures as XLSX', querystring: TicketSlaQuery } },
    async (req, reply) => {
      const lang = req.query.lang ?? 'zh-CN';
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', fileName(lang, 'xlsx'))
        .send(await ticketSlaXlsx(await reports.report(req.query), lang));
    },
  );
}
