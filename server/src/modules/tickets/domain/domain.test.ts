import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN } from './business-time';
import { DEFAULT_CATEGORIES, DEFAULT_SLA_POLICIES } from './catalog';
import { dueSteps, escalationPlan } from './escalation';
import { matchPolicy, pausesOf, type StatusChange, slaClock } from './sla';
import { checkTransition, type TRANSITIONS } from './status-machine';

const T0 = new Date('2026-12-07T01:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

describe('always-open business time', () => {
  it('adds and measures minutes around pauses, exact to the millisecond', () => {
    const pauses = [{ from: at(10), to: at(40) }];
    expect(ALWAYS_OPEN.addMinutes(T0, 60, pauses)).toEqual(at(90));
    expect(ALWAYS_OPEN.addMinutes(T0, 10, pauses)).toEqual(at(10));
    expect(ALWAYS_OPEN.addMinutes(T0, 10.5, pauses)).toEqual(at(40.5));
    expect(ALWAYS_OPEN.minutesBetween(T0, at(90), pauses)).toBe(60);
    expect(ALWAYS_OPEN.minutesBetween(at(90), T0)).toBe(0);
  });

  it('measure after add returns the minutes, whatever the pauses (overlapping, unsorted)', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 500; i++) {
      const pauses = Array.from({ length: Math.floor(rnd() * 5) }, () => {
        const from = at(Math.floor(rnd() * 5000));
        return { from, to: new Date(from.getTime() + Math.floor(rnd() * 600) * 60_000) };
      });
      const n = Math.floor(rnd() * 4000);
      const end = ALWAYS_OPEN.addMinutes(T0, n, pauses);
      expect(ALWAYS_OPEN.minutesBetween(T0, end, pauses)).toBe(n);
    }
  });
});

describe('status machine', () => {
  const base = { type: 'inquiry' as const, severity: null, assigneeUserId: null, assigneeGroupId: null };

  it('walks the happy path new → assigned → in_progress → pending → resolved → closed', () => {
    const path = ['assigned', 'in_progress', 'pending_customer', 'in_progress', 'resolved', 'closed'] as const;
    let status: keyof typeof TRANSITIONS = 'new';
    for (const to of path) {
      const v = checkTransition(
        { ...base, status, assigneeUserId: 'u' },
        { to, ...(to === 'resolved' ? { resolution: '已解决' } : {}) },
      );
      expect(v, `${status} → ${to}`).toEqual({ ok: true, reopen: false });
      status = to;
    }
  });

  it('refuses an illegal move with what is allowed', () => {
    expect(checkTransition({ ...base, status: 'new' }, { to: 'closed' })).toEqual({
      ok: false,
      reason: 'illegal',
      from: 'new',
      to: 'closed',
      allowed: ['assigned', 'in_progress', 'resolved', 'cancelled'],
    });
    expect(checkTransition({ ...base, status: 'cancelled' }, { to: 'in_progress' })).toMatchObject({
      reason: 'illegal',
      allowed: [],
    });
  });

  it('names the fields a move needs: resolution, complaint severity, assignee, a reason to reopen or cancel', () => {
    const missing = (v: ReturnType<typeof checkTransition>) =>
      v.ok || v.reason !== 'missing' ? [] : v.fields.map((f) => f.path);
    expect(missing(checkTransition({ ...base, status: 'in_progress' }, { to: 'resolved' }))).toEqual(['resolution']);
    expect(
      missing(
        checkTransition({ ...base, type: 'complaint', status: 'in_progress' }, { to: 'resolved', resolution: 'x' }),
      ),
    ).toEqual(['severity']);
    expect(missing(checkTransition({ ...base, status: 'new' }, { to: 'assigned' }))).toEqual(['assigneeUserId']);
    expect(missing(checkTransition({ ...base, status: 'closed' }, { to: 'in_progress' }))).toEqual(['comment']);
    expect(missing(checkTransition({ ...base, status: 'new' }, { to: 'cancelled' }))).toEqual(['comment']);
    expect(checkTransition({ ...base, status: 'resolved' }, { to: 'in_progress', comment: '客户不满意' })).toEqual({
      ok: true,
      reopen: true,
    });
  });
});

describe('SLA policy matching', () => {
  const p = (
    id: string,
    c: Partial<Record<'type' | 'priority' | 'severity' | 'customerTier', string>>,
    created = 0,
  ) => ({
    id,
    type: null,
    priority: null,
    severity: null,
    customerTier: null,
    active: true,
    createdAt: at(created),
    ...c,
  });
  const policies = [
    p('default', {}),
    p('p1', { priority: 'P1' }),
    p('complaint', { type: 'complaint' }),
    p('complaint-p1', { type: 'complaint', priority: 'P1' }),
    p('vip', { customerTier: 'vip' }),
    p('major', { severity: 'major' }),
  ] as Parameters<typeof matchPolicy>[0];
  const facts = { type: 'complaint' as const, priority: 'P3' as const, severity: null, customerTier: null };

  it('the most specific policy wins; criteria not named match anything', () => {
    expect(matchPolicy(policies, facts)?.id).toBe('complaint');
    expect(matchPolicy(policies, { ...facts, priority: 'P1' })?.id).toBe('complaint-p1');
    expect(matchPolicy(policies, { ...facts, type: 'fault' })?.id).toBe('default');
    expect(matchPolicy(policies, { ...facts, type: 'fault', customerTier: 'vip' })?.id).toBe('vip');
    // One criterion each: type beats severity beats priority beats tier.
    expect(matchPolicy(policies, { ...facts, severity: 'major', customerTier: 'vip' })?.id).toBe('complaint');
    expect(matchPolicy(policies, { ...facts, type: 'fault', priority: 'P1', severity: 'major' })?.id).toBe('major');
  });

  it('skips inactive policies and answers nothing when none fits', () => {
    const only = [
      { ...policies[1]!, active: true },
      { ...policies[0]!, active: false },
    ];
    expect(matchPolicy(only, facts)).toBeUndefined();
  });

  it('seeds the manual figures: respond in 24 h, ordinary 3 days, complex 48 h, major 7 days', () => {
    expect(DEFAULT_SLA_POLICIES[0]).toMatchObject({ responseMinutes: 1440, resolveMinutes: 4320 });
    expect(DEFAULT_SLA_POLICIES.find((x) => x.severity === 'major')?.resolveMinutes).toBe(7 * 1440);
    expect(DEFAULT_CATEGORIES.complaint[0]).toMatchObject({
      name: '网络质量',
      children: [{ name: '信号差' }, { name: '网速慢' }],
    });
  });
});

describe('SLA clock', () => {
  const targets = { responseMinutes: 60, resolveMinutes: 240, warningShare: 0.75 };
  const clock = (changes: StatusChange[], now: Date, extra: { respondedAt?: Date; stoppedAt?: Date } = {}) =>
    slaClock({
      bt: ALWAYS_OPEN,
      targets,
      createdAt: T0,
      changes,
      respondedAt: extra.respondedAt ?? null,
      stoppedAt: extra.stoppedAt ?? null,
      now,
    });

  it('a late first response is a missed SLA once the order is over, even when resolved in time', () => {
    const resolved: StatusChange[] = [{ at: at(120), from: 'in_progress', to: 'resolved' }];
    // Open after the late response: the resolution's deadline governs, the breach stays on record.
    const open = clock([], at(100), { respondedAt: at(90) });
    expect(open).toMatchObject({ state: 'running', response: { state: 'missed' }, breachedAt: at(60) });
    expect(clock(resolved, at(130), { respondedAt: at(90), stoppedAt: at(120) }).state).toBe('missed');
    expect(clock(resolved, at(130), { respondedAt: at(30), stoppedAt: at(120) }).state).toBe('met');
  });

  it('runs, warns, then breaches each target at its instant', () => {
    expect(clock([], at(10))).toMatchObject({ state: 'running', response: { dueAt: at(60), warnAt: at(45) } });
    expect(clock([], at(45)).state).toBe('warning');
    const c = clock([], at(61));
    expect(c.state).toBe('breached');
    expect(c.breachedAt).toEqual(at(60));
    expect(clock([], at(100), { respondedAt: at(30) })).toMatchObject({ state: 'running', response: { state: 'met' } });
    expect(clock([], at(200), { respondedAt: at(30) }).state).toBe('warning');
  });

  it('pauses while pending the customer and moves the deadlines by the pause', () => {
    const changes: StatusChange[] = [
      { at: at(20), from: 'new', to: 'in_progress' },
      { at: at(100), from: 'in_progress', to: 'pending_customer' },
    ];
    const during = clock(changes, at(160), { respondedAt: at(20) });
    expect(during.state).toBe('paused');
    expect(during.resolve.dueAt).toEqual(at(300));
    const back = [...changes, { at: at(400), from: 'pending_customer' as const, to: 'in_progress' as const }];
    const after = clock(back, at(410), { respondedAt: at(20) });
    expect(after.resolve.dueAt).toEqual(at(540));
    expect(after.state).toBe('running');
    expect(pausesOf(back, at(410)).pauses).toEqual([{ from: at(100), to: at(400) }]);
  });

  it('a breach before the pause stays a breach', () => {
    const changes: StatusChange[] = [{ at: at(300), from: 'in_progress', to: 'pending_customer' }];
    expect(clock(changes, at(310), { respondedAt: at(1) })).toMatchObject({ state: 'breached', breachedAt: at(240) });
  });

  it('met or missed when resolved; a reopen does not count the resolved span', () => {
    const resolved: StatusChange[] = [{ at: at(200), from: 'in_progress', to: 'resolved' }];
    expect(clock(resolved, at(900), { respondedAt: at(5), stoppedAt: at(200) }).state).toBe('met');
    const late: StatusChange[] = [{ at: at(300), from: 'in_progress', to: 'resolved' }];
    expect(clock(late, at(900), { respondedAt: at(5), stoppedAt: at(300) })).toMatchObject({
      state: 'missed',
      breachedAt: at(240),
    });
    const reopened = [...resolved, { at: at(500), from: 'resolved' as const, to: 'in_progress' as const }];
    expect(clock(reopened, at(510), { respondedAt: at(5) }).resolve.dueAt).toEqual(at(540));
  });
});

describe('escalation plan', () => {
  const targets = { responseMinutes: 60, resolveMinutes: 240, warningShare: 0.5 };
  const c = (now: Date, changes: StatusChange[] = [], respondedAt: Date | null = null) =>
    slaClock({ bt: ALWAYS_OPEN, targets, createdAt: T0, changes, respondedAt, stoppedAt: null, now });

  it('plans warning, breach and second breach per running target', () => {
    const plan = escalationPlan(c(at(1), [], at(1)), ALWAYS_OPEN, 30);
    expect(plan).toEqual([
      { target: 'resolve', step: 'warning', at: at(120) },
      { target: 'resolve', step: 'breach', at: at(240) },
      { target: 'resolve', step: 'second_breach', at: at(270) },
    ]);
    expect(escalationPlan(c(at(1)), ALWAYS_OPEN, 30)).toHaveLength(6);
  });

  it('a pause plans nothing ahead, and resuming moves every instant by the pause', () => {
    const pending: StatusChange[] = [{ at: at(10), from: 'in_progress', to: 'pending_customer' }];
    expect(escalationPlan(c(at(50), pending, at(1)), ALWAYS_OPEN, 30)).toEqual([]);
    const resumed = [...pending, { at: at(70), from: 'pending_customer' as const, to: 'in_progress' as const }];
    expect(escalationPlan(c(at(80), resumed, at(1)), ALWAYS_OPEN, 30).map((s) => s.at)).toEqual([
      at(180),
      at(300),
      at(330),
    ]);
  });

  it('fires what is due and not fired yet, and tells the next instant', () => {
    const plan = escalationPlan(c(at(1), [], at(1)), ALWAYS_OPEN, 30);
    expect(dueSteps(plan, new Set(), at(250))).toEqual({
      due: [plan[0], plan[1]],
      nextAt: at(270),
    });
    expect(dueSteps(plan, new Set(['resolve:warning', 'resolve:breach']), at(250)).due).toEqual([]);
    expect(dueSteps(plan, new Set(), at(999)).nextAt).toBeNull();
  });
});
