import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  IvrReport,
  IvrReportQuery,
  KpiQuery,
  KpiReport,
  type ReportContact,
  ReportContactsPage,
  ReportContactsQuery,
} from '../../../../contracts/reports';
import type { Actor } from '../../platform/audit';
import type { Database } from '../../platform/db';
import { actorOf, principalOf } from '../../platform/guard';
import { type PiiPolicy, piiPolicy } from '../../platform/pii';
import { exportTooLarge, queueNotFound } from './reporting.errors';
import { contactsTable, kpiCsv, kpiXlsx, tableCsv, tableXlsx } from './reporting.export';
import type { IvrReports } from './reporting.ivr';
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

const fileName = (lang: string, ext: string, zh = '指标报表', en = 'kpis') =>
  `attachment; filename="${en}.${ext}"; filename*=UTF-8''${encodeURIComponent(lang === 'zh-CN' ? `${zh}.${ext}` : `${en}.${ext}`)}`;

/**
 * Imported history knows some callers only by their number (`phone:+86…` as the customer): masked
 * like every number for readers without pii.view.
 */
function maskContacts<T extends { items: ReportContact[] }>(page: T, policy: PiiPolicy): T {
  if (policy.clear) return page;
  return {
    ...page,
    items: page.items.map((c) =>
      c.customerId?.startsWith('phone:')
        ? { ...c, customerId: `phone:${policy.value('phone', c.customerId.slice(6))}` }
        : c,
    ),
  };
}

/** One contact list export holds at most this many rows: narrow the range or the figure. */
export const MAX_CONTACT_EXPORT = 100_000;

/** My figures: the agent's own contacts and time; no entity dimension but time. */
const MyKpiQuery = KpiQuery.refine((q) => !q.groupBy.entity, {
  message: 'only a time dimension (interval, hour, day, week, month)',
  path: ['groupBy'],
});

/** The KPI API (docs/reports.md): JSON, CSV and XLSX of one question, and the queues' thresholds. */
export function registerReportingRoutes(
  app: FastifyInstance,
  deps: {
    kpis: KpiEngine;
    repo: ReportingRepo;
    db: Database;
    timezone: string;
    ivr: IvrReports;
    /** A list of contacts leaving as a file is an audit entry. */
    recordExport(actor: Actor, details: Record<string, unknown>): Promise<void>;
  },
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
    '/api/v1/reports/ivr',
    {
      ...view,
      schema: {
        tags,
        summary: 'IVR flows: how runs ended, the self-service rate, and where callers dropped out of the menus',
        querystring: IvrReportQuery,
        response: { 200: IvrReport },
      },
    },
    async (req) => deps.ivr.report(req.query),
  );
  r.get(
    '/api/v1/reports/me',
    {
      config: { permission: 'desktop.use' as const },
      schema: {
        tags,
        summary: "The signed-in agent's own KPIs (handled, AHT parts, FCR, CSAT, occupancy, utilization)",
        querystring: MyKpiQuery,
        response: { 200: KpiReport },
      },
    },
    async (req) => {
      const me = principalOf(req).userId;
      const { queue: _q, team: _t, ...q } = req.query;
      return deps.kpis.report({ ...q, agent: me });
    },
  );
  r.get(
    '/api/v1/reports/contacts',
    {
      ...view,
      schema: {
        tags,
        summary: 'The contacts behind one figure of a report (drill-down), newest first',
        querystring: ReportContactsQuery,
        response: { 200: ReportContactsPage },
      },
    },
    async (req) => maskContacts(await deps.kpis.contacts(req.query), piiPolicy(principalOf(req))),
  );
  const allContacts = async (q: ReportContactsQuery, policy: PiiPolicy): Promise<ReportContact[]> => {
    const out: ReportContact[] = [];
    for (let page = 1; ; page++) {
      const p = maskContacts(await deps.kpis.contacts({ ...q, page, pageSize: 500 }), policy);
      if (page === 1 && p.total > MAX_CONTACT_EXPORT) throw exportTooLarge(p.total, MAX_CONTACT_EXPORT);
      out.push(...p.items);
      if (p.items.length < 500) return out;
    }
  };
  for (const ext of ['csv', 'xlsx'] as const) {
    r.get(
      `/api/v1/reports/contacts.${ext}`,
      {
        ...view,
        schema: {
          tags,
          summary: `The contacts behind a figure as ${ext.toUpperCase()}, one row per contact`,
          querystring: ReportContactsQuery,
        },
      },
      async (req, reply) => {
        const lang = req.query.lang ?? 'zh-CN';
        const tz = req.query.tz ?? deps.timezone;
        const policy = piiPolicy(principalOf(req));
        const items = await allContacts(req.query, policy);
        const rows = contactsTable(items, lang, tz);
        await deps.recordExport(actorOf(req), {
          format: ext,
          rows: items.length,
          masked: !policy.clear,
          figure: req.query.figure,
        });
        const body = ext === 'csv' ? tableCsv(rows) : await tableXlsx(rows, lang === 'zh-CN' ? '接触明细' : 'Contacts');
        return reply
          .header(
            'content-type',
            ext === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header('content-disposition', fileName(lang, ext, '接触明细', 'contacts'))
          .send(body);
      },
    );
  }
  r.get(
    '/api/v1/reports/queues',
    {
      ...view,
      schema: {
        tags,
        summary: 'Queues as the reports know them, with the thresholds their KPIs use',
        response: { 200: z.object({ items: z.array(QueueThresholds), timezone: z.string() }) },
      },
    },
    async () => ({
      items: (await deps.repo.queues(deps.db)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      /** The centre's time zone: reports count days and intervals in it unless asked for another. */
      timezone: deps.timezone,
    }),
  );
  r.put(
    '/api/v1/reports/queues/:id/fcr-window',
    {
      config: { permission: 'routing.manage' as const },
      schema: {
        tags,
        summary:
          "A queue's FCR window in hours (default 168); service-level and short-abandon seconds are the queue's own settings",
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
