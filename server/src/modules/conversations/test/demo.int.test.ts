import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { seedDemo } from '../../../demo';
import { DEMO_PASSWORD } from '../../teams';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the demo’s digital channels', () => {
  it('seeds a widget, a mailbox, an SMS number, canned replies and three finished conversations, once', async () => {
    expect((await seedDemo(t.kefu)).byModule.conversations).toBe(10);
    expect((await seedDemo(t.kefu)).byModule.conversations).toBe(0);
    const admin = await t.adminToken();
    const channels = (await t.request('GET', '/api/v1/channels', { token: admin })).json();
    expect(channels.map((c: { kind: string }) => c.kind).sort()).toEqual(['email', 'sms', 'webchat']);
    const all = (await t.request('GET', '/api/v1/conversations?scope=all', { token: admin })).json();
    expect(all.items.map((c: { channel: string; status: string }) => `${c.channel}:${c.status}`).sort()).toEqual([
      'email:ended',
      'sms:ended',
      'webchat:ended',
    ]);
    const agent = await t.login('agent01', DEMO_PASSWORD);
    const canned = (await t.request('GET', '/api/v1/canned-replies', { token: agent })).json();
    expect(canned.map((c: { shortcut: string }) => c.shortcut)).toEqual(['bye', 'hi', 'order', 'wait']);
  });
});
