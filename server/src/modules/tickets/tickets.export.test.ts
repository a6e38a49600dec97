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
    maxRows,
  });
  return { x, pages };
}
const w = { actor: { userId: null }, userId: 'u', teamId: null, canManage: true } as never;

describe('the work-order export', () => {
  it('reads every page: 2,500 orders are 2,500 rows under the header', async () => {
    const { x, pages } = exporter(2500, 100_000);
    const csv = await x.csv({ sort: '-created' } as never, w, PII_MASKED, 'zh-CN');
    expect(csv.trim().split('\n')).toHaveLength(2501);
    expect(pages).toEqual([1, 2, 3]);
  });
  it('refuses more than the cap with a clear error', async () => {
    const { x } = exporter(11, 10);
    const err = await x.csv({ sort: '-created' } as never, w, PII_MASKED, 'en-US').catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'TICKETS.EXPORT_TOO_LARGE', details: { total: 11, max: 10 } });
  });
});
