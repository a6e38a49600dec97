import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, buildTestKefu } from '../../../../../test/app';
import { createTestDatabase, type TestDatabase } from '../../../../../test/db';
import type { Kefu } from '../../../app';
import { fixedClock } from '../../../platform/clock';
import { type DbHandle, openDatabase } from '../../../platform/db';

/**
 * Durable escalation timers, on a moved clock and across restarts: warning, breach and second
 * breach each fire exactly once, whatever the clock does in between.
 */
const T0 = new Date('2026-12-07T01:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const clock = fixedClock(T0);
let db: TestDatabase;
let handle: DbHandle;
let kefu: Kefu;
let admin: string;
const people: Record<string, string> = {};

async function boot(): Promise<void> {
  kefu = await buildTestKefu(handle, { clock, sessionSeconds: 90 * 86_400, idleLockSeconds: 90 * 86_400 });
  await kefu.app.ready();
}
async function restart(whileDown?: () => void): Promise<void> {
  await kefu.app.close();
  whileDown?.();
  await boot();
}
async function req(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  const res = await kefu.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${admin}` },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  expect(res.statusCode, `${method} ${url} ${res.body}`).toBeLessThan(300);
  return res.json();
}
async function outbox(ticketId: string): Promise<Array<{ name: string; payload: Record<string, unknown> }>> {
  const r = await handle.pool.query(
    `select name, payload from outbox where name in ('tickets.ticket.sla_warning', 'tickets.ticket.sla_breached', 'tickets.ticket.escalated') and payload->>'ticketId' = $1 order by id`,
    [ticketId],
  );
  return r.rows;
}
const fired = async (ticketId: string) =>
  (
    await handle.pool.query(
      'select target, step, due_at, notify_user_ids, notify_role from tickets_escalations where ticket_id = $1 order by fired_at, step',
      [ticketId],
    )
  ).rows as Array<{
    target: string;
    step: string;
    due_at: Date;
    notify_user_ids: string[];
    notify_role: string | null;
  }>;

beforeAll(async () => {
  db = await createTestDatabase();
  handle = openDatabase(db.url, { max: 5 });
  await boot();
  await kefu.services.users.bootstrapAdmin(ADMIN_PASSWORD);
  const login = await kefu.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'admin', password: ADMIN_PASSWORD },
  });
  admin = login.json().token;
  const user = async (username: string, roles: string[], teamId?: string) =>
    (await req('POST', '/api/v1/users', { username, password: 'Passw0rd!', displayName: username, roles, teamId })).id;
  people.lead = await user('lead.x', ['team_lead']);
  const team = await req('POST', '/api/v1/teams', { name: '投诉组', leadUserId: people.lead });
  people.agent = await user('agent.x', ['agent'], team.id);
  people.owner = await user('owner.x', ['agent']);
  // A short policy: respond in 60, resolve in 100 minutes, warn at half, re-escalate 30 after breach.
  await req('POST', '/api/v1/tickets/sla-policies', {
    name: '测试：表扬',
    type: 'praise',
    responseMinutes: 60,
    resolveMinutes: 100,
    warningShare: 0.5,
    reescalateAfterMinutes: 30,
  });
});
afterAll(async () => {
  await kefu.app.close();
  await handle.close();
  await db.drop();
});

async function praiseTicket(): Promise<string> {
  const tk = await req('POST', '/api/v1/tickets', {
    type: 'praise',
    subject: '表扬装维师傅',
    ownerUserId: people.owner,
    assigneeUserId: people.agent,
  });
  // Work starts at once: the response target is met, the resolution target runs.
  await req('POST', `/api/v1/tickets/${tk.id}/transitions`, { to: 'in_progress' });
  return tk.id;
}

describe('escalation timers', () => {
  it('warning, breach and second breach fire once each across restarts and clock jumps both ways', async () => {
    clock.set(T0);
    const id = await praiseTicket();
    const scan = () => kefu.services.ticketEscalations.scan();

    clock.set(at(49));
    await scan();
    expect(await fired(id)).toEqual([]);

    clock.set(at(51));
    await scan();
    await scan();
    expect((await fired(id)).map((f) => f.step)).toEqual(['warning']);
    expect((await fired(id))[0]).toMatchObject({
      target: 'resolve',
      due_at: at(50),
      notify_user_ids: expect.arrayContaining([people.agent, people.owner]),
    });
    expect((await req('GET', `/api/v1/tickets/${id}`)).sla.state).toBe('warning');

    // Down across the breach: the new app's start-up scan fires it.
    await restart(() => clock.set(at(105)));
    await scan(); // waits for the start-up pass
    expect((await fired(id)).map((f) => f.step)).toEqual(['warning', 'breach']);
    expect((await fired(id))[1]).toMatchObject({ notify_user_ids: [people.lead], notify_role: null });
    const breached = await req('GET', `/api/v1/tickets/${id}`);
    expect(breached.sla).toMatchObject({ state: 'breached', breachedAt: at(100).toISOString() });
    // Lists see it too (the stored state), and the breached work list finds it.
    const list = await req('GET', '/api/v1/tickets?breached=true&pageSize=200');
    expect(list.items.map((x: { id: string }) => x.id)).toContain(id);

    // The clock jumps back: nothing fires again, nothing is lost.
    clock.set(at(20));
    await scan();
    await restart();
    await scan();
    expect(await fired(id)).toHaveLength(2);

    // And forward past the second breach (30 minutes after the breach), twice.
    clock.set(at(131));
    await scan();
    await restart();
    clock.set(at(500));
    await scan();
    const all = await fired(id);
    expect(all.map((f) => f.step)).toEqual(['warning', 'breach', 'second_breach']);
    expect(all[2]).toMatchObject({ due_at: at(130), notify_role: 'supervisor' });

    expect((await outbox(id)).map((e) => [e.name, e.payload.step ?? null, e.payload.level ?? null])).toEqual([
      ['tickets.ticket.sla_warning', null, null],
      ['tickets.ticket.sla_breached', null, null],
      ['tickets.ticket.escalated', 'breach', 1],
      ['tickets.ticket.escalated', 'second_breach', 2],
    ]);
    const history = await req('GET', `/api/v1/tickets/${id}/history`);
    expect(
      history.filter((e: { kind: string }) => e.kind === 'escalated').map((e: { field: string }) => e.field),
    ).toEqual(['resolve:warning', 'resolve:breach', 'resolve:second_breach']);
    expect((await outbox(id))[0]!.payload).toMatchObject({
      ticketId: id,
      customerId: null,
      number: expect.any(String),
    });
  });

  it('a pause holds the timers back and resuming moves them by the pause', async () => {
    clock.set(T0);
    const id = await praiseTicket();
    const scan = () => kefu.services.ticketEscalations.scan();
    clock.set(at(10));
    await req('POST', `/api/v1/tickets/${id}/transitions`, { to: 'pending_customer' });
    // Well past every instant of the unpaused plan: nothing fires while the customer is awaited.
    clock.set(at(300));
    await scan();
    expect(await fired(id)).toEqual([]);
    expect((await req('GET', `/api/v1/tickets/${id}`)).sla.state).toBe('paused');
    await req('POST', `/api/v1/tickets/${id}/transitions`, { to: 'in_progress' });
    // 290 paused minutes: warning at 50 + 290 = 340, breach at 390.
    clock.set(at(339));
    await scan();
    expect(await fired(id)).toEqual([]);
    clock.set(at(341));
    await scan();
    expect(await fired(id)).toEqual([expect.objectContaining({ step: 'warning', due_at: at(340) })]);
    const tk = await req('GET', `/api/v1/tickets/${id}`);
    expect(tk.sla.resolveDueAt).toBe(at(390).toISOString());
  });

  it('a ticket resolved in time never escalates', async () => {
    clock.set(T0);
    const id = await praiseTicket();
    clock.set(at(20));
    await req('POST', `/api/v1/tickets/${id}/transitions`, { to: 'resolved', resolution: '已转达表扬' });
    clock.set(at(1000));
    await kefu.services.ticketEscalations.scan();
    expect(await fired(id)).toEqual([]);
    expect((await req('GET', `/api/v1/tickets/${id}`)).sla.state).toBe('met');
  });
});

describe('the inbox hears of the timers', () => {
  it('owner and assignee find the warning and the breach once each; the lead the escalation', async () => {
    clock.set(T0);
    const id = await praiseTicket();
    const scan = () => kefu.services.ticketEscalations.scan();
    clock.set(at(51));
    await scan();
    await restart(() => clock.set(at(101)));
    await scan();
    await scan();
    await kefu.bus.drain();
    const kinds = async (userId: string) =>
      (await kefu.services.inbox.list(userId, { limit: 100 })).items
        .filter((i) => i.ticketId === id)
        .map((i) => i.kind)
        .sort();
    for (const u of [people.owner, people.agent]) {
      const k = await kinds(u!);
      expect(k.filter((x) => x === 'ticket.sla_warning')).toHaveLength(1);
      expect(k.filter((x) => x === 'ticket.sla_breached')).toHaveLength(1);
    }
    expect(await kinds(people.lead!)).toContain('ticket.escalated');
  });
});

describe('two nodes', () => {
  it('scanning at once on one database fire each step once', async () => {
    clock.set(T0);
    const id = await praiseTicket();
    const otherHandle = openDatabase(db.url, { max: 5 });
    const other = await buildTestKefu(otherHandle, { clock });
    try {
      clock.set(at(500));
      await Promise.all([
        kefu.services.ticketEscalations.scan(),
        other.services.ticketEscalations.scan(),
        kefu.services.ticketEscalations.scan(),
        other.services.ticketEscalations.scan(),
      ]);
      expect((await fired(id)).map((f) => f.step).sort()).toEqual(['breach', 'second_breach', 'warning']);
      expect(await outbox(id)).toHaveLength(4);
    } finally {
      await other.app.close();
      await otherHandle.close();
    }
  });
});
