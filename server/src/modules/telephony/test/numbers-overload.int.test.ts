import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneNumber } from '../../../../../contracts/telephony';
import type { OverloadStatus } from '../../../../../contracts/voice';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { seedDemo } from '../../../demo';
import { DEMO_PASSWORD } from '../../teams';

/**
 * Issue 12 through the API: a number's overload action (PATCH, telephony.manage), its spike message
 * (PUT …/spike, numbers.spike: supervisors and admins), both audited, and the overload status
 * (GET /api/v1/voice/overload, supervisor.monitor).
 */
let t: TestApp;
let admin: string;
let supervisor: string;
let agent: string;
let hotline: PhoneNumber;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.kefu);
  admin = await t.adminToken();
  supervisor = await t.login('super01', DEMO_PASSWORD);
  agent = await t.login('agent01', DEMO_PASSWORD);
  const numbers = (await t.request('GET', '/api/v1/telephony/numbers', { token: admin })).json() as PhoneNumber[];
  hotline = numbers.find((n) => n.number === '4008000000')!;
});
afterAll(() => t.close());

const spike = (id: string, body: unknown, token = supervisor) =>
  t.request('PUT', `/api/v1/telephony/numbers/${id}/spike`, { token, body });
const auditOf = async (action: string) =>
  (await t.request('GET', `/api/v1/audit?action=${action}&pageSize=50`, { token: admin })).json().items as Array<{
    entityId: string;
    details: Record<string, unknown>;
  }>;

describe("a number's overload action", () => {
  it('is reject (503) for a number nobody configured, and the spike message is off', () => {
    expect(hotline.overloadAction).toBe('reject');
    expect(hotline.spike).toEqual({ enabled: false, promptKey: null, afterMessage: 'continue' });
  });

  it('an admin sets busy_prompt; the list shows it, and the change is audited', async () => {
    const res = await t.request('PATCH', `/api/v1/telephony/numbers/${hotline.id}`, {
      token: admin,
      body: { overloadAction: 'busy_prompt' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: hotline.id, overloadAction: 'busy_prompt', flowId: hotline.flowId });
    const listed = (await t.request('GET', '/api/v1/telephony/numbers', { token: admin })).json() as PhoneNumber[];
    expect(listed.find((n) => n.id === hotline.id)?.overloadAction).toBe('busy_prompt');
    expect((await auditOf('telephony.number.updated')).find((e) => e.entityId === hotline.id)?.details).toEqual({
      overloadAction: 'busy_prompt',
    });
  });

  it('refuses an action it does not know with 400 naming the field', async () => {
    const res = await t.request('PATCH', `/api/v1/telephony/numbers/${hotline.id}`, {
      token: admin,
      body: { overloadAction: 'drop' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION.FAILED');
    expect(JSON.stringify(res.json().error.details)).toContain('overloadAction');
  });
});

describe('the spike message (应急公告) in one click', () => {
  it('a supervisor turns it on with a shipped prompt and hang-up after it; the number shows it, the audit log has it', async () => {
    const res = await spike(hotline.id, { enabled: true, promptKey: 'closed', afterMessage: 'hang_up' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().spike).toEqual({ enabled: true, promptKey: 'closed', afterMessage: 'hang_up' });
    const entry = (await auditOf('telephony.number.spike_changed')).find((e) => e.entityId === hotline.id);
    expect(entry?.details).toEqual({
      number: '4008000000',
      enabled: true,
      promptKey: 'closed',
      afterMessage: 'hang_up',
    });
  });

  it('turning it off keeps the prompt and what follows for the next time', async () => {
    const res = await spike(hotline.id, { enabled: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().spike).toEqual({ enabled: false, promptKey: 'closed', afterMessage: 'hang_up' });
  });

  it('refuses a prompt the library does not have with 400 naming promptKey, and changes nothing', async () => {
    const res = await spike(hotline.id, { enabled: true, promptKey: 'no-such-prompt' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('TELEPHONY.PROMPT_UNKNOWN');
    expect(res.json().error.details.fields).toEqual([
      { location: 'body', path: 'promptKey', message: 'no such prompt in the prompt library' },
    ]);
    const listed = (await t.request('GET', '/api/v1/telephony/numbers', { token: admin })).json() as PhoneNumber[];
    expect(listed.find((n) => n.id === hotline.id)?.spike.enabled).toBe(false);
  });

  it('refuses turning it on without a prompt, and a music file as the message', async () => {
    const noPrompt = await spike(hotline.id, { enabled: true });
    expect(noPrompt.statusCode).toBe(400);
    expect(JSON.stringify(noPrompt.json().error.details)).toContain('promptKey');
    const music = await spike(hotline.id, { enabled: true, promptKey: 'beep' });
    expect(music.statusCode).toBe(400);
    expect(music.json().error.code).toBe('TELEPHONY.PROMPT_UNKNOWN');
  });

  it('404 for a number that does not exist', async () => {
    const res = await spike(randomUUID(), { enabled: false });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('TELEPHONY.NUMBER_NOT_FOUND');
  });

  it('an agent may not turn it on (403); an admin may', async () => {
    expect((await spike(hotline.id, { enabled: false }, agent)).statusCode).toBe(403);
    expect((await spike(hotline.id, { enabled: false }, admin)).statusCode).toBe(200);
  });
});

describe('GET /api/v1/voice/overload', () => {
  it('answers a supervisor with the status: admitting, no limits set, nothing shed (no SIP in this app)', async () => {
    const res = await t.request('GET', '/api/v1/voice/overload', { token: supervisor });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as OverloadStatus;
    expect(s).toMatchObject({
      admitting: true,
      reasons: [],
      limits: { maxCps: null, maxCalls: null },
      shedToday: 0,
      shedLastMinute: 0,
      byNumber: [],
    });
    expect(s.headroom).toMatchObject({ callsOpen: 0, callsPerSecond: 0 });
  });

  it('is refused to an agent (403)', async () => {
    expect((await t.request('GET', '/api/v1/voice/overload', { token: agent })).statusCode).toBe(403);
  });
});
