import { afterAll, expect, it } from 'vitest';
import { buildTestKefu } from '../../../../../test/app';
import { createTestDatabase } from '../../../../../test/db';
import { systemActor } from '../../../platform/audit';
import { openDatabase } from '../../../platform/db';

const db = await createTestDatabase();
const handle = openDatabase(db.url, { max: 3 });
const kefu = await buildTestKefu(handle);
afterAll(async () => {
  await kefu.app.close();
  await handle.close();
  await db.drop();
});

it('creates the first administrator while none exists, even after other users were added, and only once', async () => {
  const users = kefu.services.users;
  await users.create(
    { username: 'early', password: 'Early-pass-1', displayName: 'early', roles: ['agent'] },
    systemActor,
  );
  const first = await users.bootstrapAdmin(undefined);
  expect(first).toMatchObject({ username: 'admin', generated: true });
  expect(first!.password).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{16,}$/);
  expect(await users.bootstrapAdmin('Other-pass-1')).toBeNull();

  await kefu.app.ready();
  const login = await kefu.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: 'admin', password: first!.password },
  });
  expect(login.statusCode).toBe(200);
  expect(login.json().user.roles).toEqual(['admin']);
});
