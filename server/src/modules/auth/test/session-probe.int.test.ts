import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/app';
import { fixedClock } from '../../../platform/clock';

const clock = fixedClock('2026-03-02T01:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock, sessionSeconds: 8 * 3600, idleLockSeconds: 600 });
});
afterAll(() => t.close());

/** The probe as the browser sends it: with the session cookie, if any. */
const probe = (cookie?: string) =>
  t.kefu.app.inject({
    method: 'GET',
    url: '/api/v1/auth/session',
    ...(cookie ? { cookies: { kefu_session: cookie } } : {}),
  });

describe('the session probe (GET /auth/session) answers 200 whoever asks', () => {
  it('without a cookie: anonymous, and the real API still answers 401', async () => {
    const res = await probe();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'anonymous', reason: null });
    expect(res.cookies).toEqual([]);
    expect((await t.request('GET', '/api/v1/users/me')).statusCode).toBe(401);
  });

  it('with a live session: the user, permissions and session, as /users/me gives them', async () => {
    await t.addUser('prober', ['agent'], { password: 'Probe-pass-1' });
    const token = await t.login('prober', 'Probe-pass-1');
    const res = await probe(token);
    expect(res.statusCode).toBe(200);
    const me = (await t.request('GET', '/api/v1/users/me', { token })).json();
    expect(res.json()).toEqual({ status: 'active', me });
  });

  it('a made-up or signed-out cookie: anonymous, and the cookie is cleared', async () => {
    const made = await probe('x'.repeat(43));
    expect(made.json()).toEqual({ status: 'anonymous', reason: null });
    expect(made.cookies.find((c) => c.name === 'kefu_session')?.value).toBe('');

    const token = await t.login('prober', 'Probe-pass-1');
    await t.request('POST', '/api/v1/auth/logout', { token });
    expect((await probe(token)).json()).toEqual({ status: 'anonymous', reason: null });
  });

  it("a dead bearer token does not clear the browser's session cookie", async () => {
    const live = await t.login('prober', 'Probe-pass-1');
    const res = await t.kefu.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { authorization: `Bearer ${'y'.repeat(43)}` },
      cookies: { kefu_session: live },
    });
    expect(res.json()).toEqual({ status: 'anonymous', reason: null });
    expect(res.cookies.find((c) => c.name === 'kefu_session')).toBeUndefined();
  });

  it('an idle-locked session: locked, without saying who (the lock screen asks for the password)', async () => {
    const token = await t.login('prober', 'Probe-pass-1');
    clock.advance(601_000);
    const res = await probe(token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'locked' });
  });

  it('an expired session and a disabled account say why', async () => {
    const token = await t.login('prober', 'Probe-pass-1');
    clock.advance(8 * 3600_000 + 1000);
    expect((await probe(token)).json()).toEqual({ status: 'anonymous', reason: 'expired' });

    const id = await t.addUser('leaver', ['agent'], { password: 'Leave-pass-1' });
    const leaver = await t.login('leaver', 'Leave-pass-1');
    const off = await t.request('PATCH', `/api/v1/users/${id}`, {
      token: await t.adminToken(),
      body: { disabled: true },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect((await probe(leaver)).json()).toEqual({ status: 'anonymous', reason: 'disabled' });
  });
});
