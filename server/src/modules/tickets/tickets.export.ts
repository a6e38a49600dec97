import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { ListTicketsQuery, Ticket, TicketCategory } from '../../../../contracts/tickets';
import { TICKET_LABELS } from '../../../../contracts/tickets-labels';
import { localDateTimeText } from '../../platform/calendar';
import type { Database } from '../../platform/db';
import type { PiiPolicy } from '../../platform/pii';
import type { TicketsAdmin } from './tickets.admin';
import { exportTooLarge } from './tickets.errors';
import type { TicketsService, Worker } from './tickets.service';

/** Orders read per page while exporting. */
const PAGE = 1000;
/** More than this in one file is refused: narrow the filter (a year of a large center by month). */
export const MAX_EXPORT_ROWS = 100_000;

export type ExportLanguage = keyof typeof TICKET_LABELS;

const HEADERS: Record<ExportLanguage, string[]> = {
  'zh-CN': [
    '工单编号',
    '类型',
    '分类',
    '优先级',
    '严重程度',
    '状态',
    '来源渠道',
    '标题',
    '客户电话',
    '首问负责人',
    '处理人',
    '处理组',
    '创建时间',
    '首次响应时间',
    '响应时限',
    '解决时间',
    '解决时限',
    'SLA 状态',
    '超时时间',
    'SLA 达标',
    '处理结果',
    '关联接触数',
  ],
  'en-US': [
    'Number',
    'Type',
    'Category',
    'Priority',
    'Severity',
    'Status',
    'Channel',
    'Subject',
    'Customer phone',
    'Owner',
    'Assignee',
    'Group',
    'Created',
    'First response',
    'Respond by',
    'Resolved',
    'Resolve by',
    'SLA state',
    'Breached at',
    'SLA met',
    'Resolution',
    'Linked contacts',
  ],
};
const YES_NO: Record<ExportLanguage, [string, string]> = { 'zh-CN': ['是', '否'], 'en-US': ['yes', 'no'] };

/** An instant in the center's time zone as `2026-12-06 14:05:09`; blank for none. */
const localTime = (iso: string | null | undefined, timeZone: string) =>
  iso ? localDateTimeText(timeZone, new Date(iso)) : '';

/** 超时 or not, once the order is over: met unless a deadline was breached; open orders are blank. */
function slaMet(t: Ticket, lang: ExportLanguage): string {
  const [yes, no] = YES_NO[lang];
  if (t.sla.state === 'met') return yes;
  if (t.sla.state === 'missed' || t.sla.breachedAt) return no;
  return '';
}

/**
 * Work orders as a spreadsheet, one row per order (the list's filters and search), codes in words
 * of the asked language, times in the center's zone, the customer's number as the reader may see it.
 */
export function createTicketsExport(deps: {
  db: Database;
  tickets: Pick<TicketsService, 'list'>;
  admin: Pick<TicketsAdmin, 'categories' | 'groups'>;
  displayNames(db: Database, ids: string[]): Promise<Map<string, string>>;
  timeZone: string;
  /** A bulk read (with numbers in clear for pii.view): each export is an audit entry. */
  recordExport(actor: Worker['actor'], details: Record<string, unknown>): Promise<void>;
  /** Tests lower it. */
  maxRows?: number;
}) {
  const max = deps.maxRows ?? MAX_EXPORT_ROWS;
  async function table(
    q: ListTicketsQuery,
    w: Worker,
    policy: PiiPolicy,
    lang: ExportLanguage,
    format: 'csv' | 'xlsx',
  ): Promise<string[][]> {
    const first = await deps.tickets.list({ ...q, page: 1, pageSize: PAGE }, w);
    // An exact total over the cap refuses at once; a search's total is capped or estimated, so the
    // pages are read until one comes back short and the cap is checked on what was read.
    if (!first.totalCapped && !first.totalEstimated && first.total > max) throw exportTooLarge(first.total, max);
    const all: Ticket[] = [...first.items];
    for (let page = 2, last = first.items.length; last === PAGE; page++) {
      const next = await deps.tickets.list({ ...q, page, pageSize: PAGE }, w);
      all.push(...next.items);
      last = next.items.length;
      if (all.length > max) throw exportTooLarge(all.length, max);
    }
    const [categories, groups] = await Promise.all([deps.admin.categories(), deps.admin.groups()]);
    const byId = new Map<string, TicketCategory>(categories.map((c) => [c.id, c]));
    const path = (id: string | null): string => {
      const names: string[] = [];
      for (
        let c = id ? byId.get(id) : undefined;
        c && names.length < 10;
        c = c.parentId ? byId.get(c.parentId) : undefined
      )
        names.unshift(c.name);
      return names.join(' › ');
    };
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    const people = [...new Set(all.flatMap((t) => [t.ownerUserId, t.assigneeUserId]).filter((x): x is string => !!x))];
    const names = await deps.displayNames(deps.db, people);
    const L = TICKET_LABELS[lang];
    const tz = deps.timeZone;
    const out: string[][] = [HEADERS[lang]];
    for (const t of all) {
      out.push([
        t.number,
        L.type[t.type],
        path(t.categoryId),
        t.priority,
        t.severity ? L.severity[t.severity] : '',
        L.status[t.status],
        L.channel[t.channel],
        t.subject,
        t.customerPhone ? policy.value('phone', t.customerPhone) : '',
        names.get(t.ownerUserId) ?? '',
        t.assigneeUserId ? (names.get(t.assigneeUserId) ?? '') : '',
        t.assigneeGroupId ? (groupName.get(t.assigneeGroupId) ?? '') : '',
        localTime(t.createdAt, tz),
        localTime(t.respondedAt, tz),
        localTime(t.sla.responseDueAt, tz),
        localTime(t.resolvedAt, tz),
        localTime(t.sla.resolveDueAt, tz),
        L.slaState[t.sla.state],
        localTime(t.sla.breachedAt, tz),
        slaMet(t, lang),
        t.resolution ?? '',
        String(t.contactIds.length),
      ]);
    }
    const { page: _page, pageSize: _size, ...filters } = q;
    await deps.recordExport(w.actor, { format, rows: all.length, masked: !policy.clear, lang, filters });
    return out;
  }

  return {
    async csv(q: ListTicketsQuery, w: Worker, policy: PiiPolicy, lang: ExportLanguage): Promise<string> {
      // A BOM so that Excel opens the UTF-8 file with its Chinese text intact.
      // escape_formulas: a cell starting with = + - @ tab or CR is read as text, not run as a formula.
      return `\ufeff${stringify(await table(q, w, policy, lang, 'csv'), { escape_formulas: true })}`;
    },
    async xlsx(q: ListTicketsQuery, w: Worker, policy: PiiPolicy, lang: ExportLanguage): Promise<Buffer> {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(lang === 'zh-CN' ? '工单' : 'Work orders');
      const rows = await table(q, w, policy, lang, 'xlsx');
      for (const row of rows) ws.addRow(row);
      ws.getRow(1).font = { bold: true };
      ws.views = [{ state: 'frozen', ySplit: 1 }];
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}
export type TicketsExport = ReturnType<typeof createTicketsExport>;
