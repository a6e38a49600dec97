import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KpiQuery, KpiReport } from '../../../../contracts/reports';
import type { Database } from '../../platform/db';
import { queueNotFound } from './reporting.errors';
import { kpiCsv, kpiXlsx } from './reporting.export';
import type { KpiEngine } from './reporting.kpis';
import type { ReportingRepo } from './reporting.repo';

const QueueThresholds = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  active: z.boolean(),
  serviceLevelSeconds: z.number(),
  shortAbandonSeconds: z.number(),
  fcrWindowHours: z.number(),
});

const fileName = (lang: string, ext: string) =>
  `attachment; filename="kpis.${ext}"; filename*=UTF-8''${encodeURIComponent(lang === 'zh-CN' ? `指标报表.${ext}` : `kpis.${ext}`)}`;

/** The KPI API (docs/reports.md): JSON, CSV and XLSX of one question, and the queues' thresholds. */
export function registerReportingRoutes(
  app: FastifyInstance,
  deps: { kpis: KpiEngine; repo: ReportingRepo; db: Database },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const view = { config: { permission: 'reports.view' as const } };
  r.get(
    '/api/v1/reports/kpis',
    {
      ...view,
      schema: {
        tags,
        summary: 'KPIs by queue, agent, team, channel, request type, IVR flow and/or time (DOMAIN.md definitions)',
        querystring: KpiQuery,
        response: { 200: KpiReport },
      },
    },
    async (req) => deps.kpis.report(req.query),
  );
  r.get(
    '/api/v1/reports/kpis.csv',
    { ...view, schema: { tags, summary: 'The same KPIs as CSV (UTF-8 with BOM)', querystring: KpiQuery } },
    async (req, reply) => {
      const lang = req.query.lang ?? 'zh-CN';
      const body = kpiCsv(await deps.kpis.report(req.query), lang);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', fileName(lang, 'csv'))
        .send(body);
    },
  );
  r.get(
    '/api/v1/reports/kpis.xlsx',
    { ...view, schema: { tags, summary: 'The same KPIs as XLSX', querystring: KpiQuery } },
    async (req, reply) => {
      const lang = req.query.lang ?? 'zh-CN';
      const body = await kpiXlsx(await deps.kpis.report(req.query), lang);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', fileName(lang, 'xlsx'))
        .send(body);
    },
  );
  r.get(
    '/api/v1/reports/queues',
    {
      ...view,
      schema: {
        tags,
        summary: 'Queues as the reports know them, with the thresholds their KPIs use',
        response: { 200: z.object({ items: z.array(QueueThresholds) }) },
      },
    },
    async () => ({ items: (await deps.repo.queues(deps.db)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) }),
  );
  r.put(
    '/api/v1/reports/queues/:id/fcr-window',
    {
      config: { permission: 'routing.manage' as const },
      schema: {
        tags,
        summary: "A queue's FCR window in hours (default 168); service-level and short-abandon seconds are the queue's own settings",
        params: z.object({ id: z.uuid() }),
        body: z.object({ fcrWindowHours: z.number().int().min(1).max(8_760) }),
      },
    },
    async (req, reply) => {
      if (!(await deps.repo.setFcrWindow(deps.db, req.params.id, req.body.fcrWindowHours))) {
        throw queueNotFound(req.params.id);
      }
      return reply.status(204).send();
    },
  );
}
