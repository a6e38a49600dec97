import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../../../../../test/app';
import { fixedClock } from '../../../platform/clock';

const clock = fixedClock('2026-03-02T01:00:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock, sessionSeconds: 8 * 3600, idleLockSeconds: 600 });
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('returns a token, the user and an HTTP-only session cookie', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[\w-]{40,}$/);
    expect(body.user.username).toBe('admin');
    const cookie = res.cookies.find((c) => c.name === 'kefu_session');
    expect(cookie?.value).toBe(body.token);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
  });

  it('accepts the cookie as well as the bearer token', async () => {
    const login = await t.request('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const me = await t.kefu.app.inject({
      method: 'GET',
      url: '/api/v1/users/me',
      cookies: { kefu_session: login.json().token },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().permissions).toContain('users.manage');
  });

  it('is case-insensitive for the username but not the password', async () => {
    expect(
      (await t.request('POST', '/api/v1/auth/login', { body: { username: 'ADMIN', password: ADMIN_PASSWORD } }))
        .statusCode,
    ).toBe(200);
    const bad = await t.request('POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: ADMIN_PASSWORD.toUpperCase() },
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'whatever1' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('refuses requests without a session, and with a made-up token', async () => {
    expect((await t.request('GET', '/api/v1/users/me')).json().error.code).toBe('AUTH.UNAUTHENTICATED');
    const res = await t.request('GET', '/api/v1/users/me', { token: 'x'.repeat(43) });
    expect(res.statusCode).toBe(401);
  });
});

describe('lockout after repeated failures', () => {
  it('locks the account after five wrong passwords, even for the right one, until the lock ends', async () => {
    await t.addUser('lockme', ['agent'], { password: 'Right-pass-1' });
    for (let i = 1; i <= 4; i++) {
      const r = await t.request('POST', '/api/v1/auth/login', { body: { username: 'lockme', password: `wrong-${i}` } });
      expect(r.json().error.code).toBe('AUTH.INVALID_CREDENTIALS');
    }
    const fifth = await t.request('POST', '/api/v1/auth/login', { body: { username: 'lockme', password: 'wrong-5' } });
    expect(fifth.statusCode).toBe(403);
    expect(fifth.json().error.code).toBe('AUTH.ACCOUNT_LOCKED');
    expect(new Date(fifth.json().error.details.lockedUntil).getTime()).toBe(clock.now().getTime() + 15 * 60_000);

    const right = await t.request('POST', '/api/v1/auth/login', {
      body: { username: 'lockme', password: 'Right-pass-1' },
    });
    expect(right.json().error.code).toBe('AUTH.ACCOUNT_LOCKED');

    clock.advance(15 * 60_000 + 1000);
    const after = await t.request('POST', '/api/v1/auth/login', {
      body: { username: 'lockme', password: 'Right-pass-1' },
    });
    expect(after.statusCode).toBe(200);
  });

  it('counts only consecutive failures: a successful sign-in resets the count', async () => {
    await t.addUser('resetme', ['agent'], { password: 'Right-pass-1' });
    for (let i = 0; i < 4; i++)
      await t.request('POST', '/api/v1/auth/login', { body: { username: 'resetme', password: 'nope-nope1' } });
    await t.login('resetme', 'Right-pass-1');
    for (let i = 0; i < 4; i++)
      await t.request('POST', '/api/v1/auth/login', { body: { username: 'resetme', password: 'nope-nope1' } });
    expect(
      (await t.request('POST', '/api/v1/auth/login', { body: { username: 'resetme', password: 'Right-pass-1' } }))
        .statusCode,
    ).toBe(200);
  });

  it('writes failed sign-ins and the lock to the audit log', async () => {
    const token = await t.adminToken();
    const res = await t.request('GET', '/api/v1/audit?action=auth.user.locked_out', { token });
    expect(res.json().items.length).toBeGreaterThanOrEqual(1);
    const failed = await t.request('GET', '/api/v1/audit?action=auth.session.refused&pageSize=200', { token });
    expect(failed.json().total).toBeGreaterThanOrEqual(13);
  });

  it('an administrator can lift a lock by resetting the password', async () => {
    const id = await t.addUser('lifted', ['agent'], { password: 'Right-pass-1' });
    for (let i = 0; i < 5; i++)
      await t.request('POST', '/api/v1/auth/login', { body: { username: 'lifted', password: 'bad-bad-1' } });
    const reset = await t.request('POST', `/api/v1/users/${id}/password`, {
      token: await t.adminToken(),
      body: { newPassword: 'New-pass-22' },
    });
    expect(reset.statusCode).toBe(204);
    expect(
      (await t.request('POST', '/api/v1/auth/login', { body: { username: 'lifted', password: 'New-pass-22' } }))
        .statusCode,
    ).toBe(200);
  });
});

describe('logout, idle lock and expiry', () => {
  it('logout ends the session for good', async () => {
    const token = await t.login('admin', ADMIN_PASSWORD);
    const out = await t.request('POST', '/api/v1/auth/logout', { token });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'kefu_session')?.value).toBe('');
    expect((await t.request('GET', '/api/v1/users/me', { token })).statusCode).toBe(401);
  });

  it('locks an idle session; the password unlocks the same session', async () => {
    await t.addUser('idler', ['agent'], { password: 'Idle-pass-1' });
    const token = await t.login('idler', 'Idle-pass-1');
    clock.advance(601_000);
    const locked = await t.request('GET', '/api/v1/users/me', { token });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.code).toBe('AUTH.SESSION_LOCKED');

    const wrong = await t.request('POST', '/api/v1/auth/unlock', { token, body: { password: 'not-it-1' } });
    expect(wrong.json().error.code).toBe('AUTH.WRONG_PASSWORD');
    const ok = await t.request('POST', '/api/v1/auth/unlock', { token, body: { password: 'Idle-pass-1' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.username).toBe('idler');
    expect((await t.request('GET', '/api/v1/users/me', { token })).statusCode).toBe(200);
  });

  it('"lock now" locks the session at once, for every client using it, until the password is given', async () => {
    await t.addUser('stepaway', ['agent'], { password: 'Away-pass-1' });
    const token = await t.login('stepaway', 'Away-pass-1');
    expect((await t.request('POST', '/api/v1/auth/lock', { token })).statusCode).toBe(204);
    const locked = await t.request('GET', '/api/v1/users/me', { token });
    expect(locked.json().error.code).toBe('AUTH.SESSION_LOCKED');
    expect(
      (await t.request('POST', '/api/v1/auth/unlock', { token, body: { password: 'Away-pass-1' } })).statusCode,
    ).toBe(200);
    expect((await t.request('GET', '/api/v1/users/me', { token })).statusCode).toBe(200);
    const audit = await t.request('GET', '/api/v1/audit?action=auth.session.locked', { token: await t.adminToken() });
    expect(audit.json().total).toBe(1);
  });

  it('activity keeps a session from locking', async () => {
    const token = await t.login('admin', ADMIN_PASSWORD);
    for (let i = 0; i < 4; i++) {
      clock.advance(300_000);
      expect((await t.request('GET', '/api/v1/users/me', { token })).statusCode).toBe(200);
    }
  });

  it('expires a session after its lifetime whatever the activity', async () => {
    const token = await t.login('admin', ADMIN_PASSWORD);
    for (let i = 0; i < 17; i++) {
      clock.advance(30 * 60_000);
      await t.request('GET', '/api/v1/users/me', { token });
    }
    const res = await t.request('GET', '/api/v1/users/me', { token });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH.SESSION_EXPIRED');
  });
});

describe('password change', () => {
  it('needs the current password, ends the other sessions and keeps this one', async () => {
    await t.addUser('changer', ['agent'], { password: 'First-pass-1' });
    const a = await t.login('changer', 'First-pass-1');
    const b = await t.login('changer', 'First-pass-1');
    const wrong = await t.request('POST', '/api/v1/auth/password', {
      token: a,
      body: { currentPassword: 'nope', newPassword: 'Second-pass-2' },
    });
    expect(wrong.json().error.code).toBe('AUTH.WRONG_PASSWORD');
    const weak = await t.request('POST', '/api/v1/auth/password', {
      token: a,
      body: { currentPassword: 'First-pass-1', newPassword: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.fields[0].path).toBe('newPassword');
    const ok = await t.request('POST', '/api/v1/auth/password', {
      token: a,
      body: { currentPassword: 'First-pass-1', newPassword: 'Second-pass-2' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.request('GET', '/api/v1/users/me', { token: a })).statusCode).toBe(200);
    expect((await t.request('GET', '/api/v1/users/me', { token: b })).statusCode).toBe(401);
    await t.login('changer', 'Second-pass-2');
  });
});
