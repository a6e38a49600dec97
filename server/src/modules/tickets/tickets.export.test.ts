import { describe, expect, it } from 'vitest';
import type { Ticket } from '../../../../contracts/tickets';
import { AppError } from '../../platform/errors';
import { PII_MASKED } from '../../platform/pii';
import { createTicketsExport } from './tickets.export';

const ticket = (i: number): Ticket => ({
  id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
  number: `GD20261207-${String(i).padStart(6, '0')}`,
  type: 'inquiry',
  categoryId: null,
  priority: 'P3',
  severity: null,
  subject: `s${i}`,
  description: '',
  channel: 'phone',
  customerId: null,
  customerPhone: null,
  contactIds: [],
  ownerUserId: '00000000-0000-7000-8000-000000000001',
  assigneeUserId: null,
  assigneeGroupId: null,
  status: 'new',
  resolution: null,
  slaPolicyId: null,
  sla: { responseDueAt: null, resolveDueAt: null, state: 'running' },
  respondedAt: null,
  resolvedAt: null,
  createdAt: '2026-12-07T01:00:00Z',
  updatedAt: '2026-12-07T01:00:00Z',
});

function exporter(total: number, maxRows: number) {
  const all = Array.from({ length: total }, (_, i) => ticket(i + 1));
  const pages: number[] = [];
  const audits: Array<Record<string, unknown>> = [];
  const x = createTicketsExport({
    db: {} as never,
    tickets: {
      list: async (q) => {
        pages.push(q.page);
        const items = all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
        return { items, total, page: q.page, pageSize: q.pageSize };
      },
    },
    admin: { categories: async () => [], groups: async () => [] },
    displayNames: async () => new Map([['00000000-0000-7000-8000-000000000001', '王芳']]),
    timeZone: 'Asia/Shanghai',
    recordExport: async (_a, d) => {
      audits.push(d);
    },
    maxRows,
  });
  return { x, pages, audits };
}
const w = { actor: { userId: null }, userId: 'u', teamId: null, canManage: true } as never;

describe('the work-order export', () => {
  it('writes a cell that starts like a formula as text (no CSV injection)', async () => {
    const evil = { ...ticket(1), subject: '=HYPERLINK("http://x","点我")', resolution: '-已更换光猫' };
    const y = createTicketsExport({
      db: {} as never,
      tickets: {
        list: async (q) => ({ items: q.page === 1 ? [evil] : [], total: 1, page: q.page, pageSize: q.pageSize }),
      },
      admin: { categories: async () => [], groups: async () => [] },
      displayNames: async () => new Map(),
      timeZone: 'Asia/Shanghai',
      recordExport: async () => {},
    });
    const csv = await y.csv({ sort: '-created' } as never, w, PII_MASKED, 'zh-CN');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(csv).toContain("'-已更换光猫");
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });
  it('a search whose total is capped still exports every row it reads, and refuses past the cap', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => ticket(i + 1));
    const make = (max: number) =>
      createTicketsExport({
        db: {} as never,
        tickets: {
          list: async (q) => ({
            items: rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
            total: 1000,
            totalCapped: true,
            page: q.page,
            pageSize: q.pageSize,
          }),
        },
        admin: { categories: async () => [], groups: async () => [] },
        displayNames: async () => new Map(),
        timeZone: 'Asia/Shanghai',
        recordExport: async () => {},
        maxRows: max,
      });
    const csv = await make(100_000).csv({ q: '信号', sort: '-created' } as never, w, PII_MASKED, 'zh-CN');
    expect(csv.trim().split('\n')).toHaveLength(1501);
    const err = await make(1200)
      .csv({ q: '信号', sort: '-created' } as never, w, PII_MASKED, 'zh-CN')
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'TICKETS.EXPORT_TOO_LARGE' });
  });
  it('reads every page: 2,500 orders are 2,500 rows under the header', async () => {
    const { x, pages, audits } = exporter(2500, 100_000);
    const csv = await x.csv({ sort: '-created' } as never, w, PII_MASKED, 'zh-CN');
    expect(csv.trim().split('\n')).toHaveLength(2501);
    expect(pages).toEqual([1, 2, 3]);
    expect(audits).toEqual([{ format: 'csv', rows: 2500, masked: true, lang: 'zh-CN', filters: { sort: '-created' } }]);
  });
  it('refuses more than the cap with a clear error', async () => {
    const { x } = exporter(11, 10);
    const err = await x.csv({ sort: '-created' } as never, w, PII_MASKED, 'en-US').catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'TICKETS.EXPORT_TOO_LARGE', details: { total: 11, max: 10 } });
  });
});
