import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { apiLogin, type KefuProcess, startKefu, stopKefu, tempDataDir } from './kefu-process';

const dataDir = tempDataDir('kefu-chat-restart-');
// Always the embedded server, even when the run itself uses DATABASE_URL (empty means unset).
const env = { KEFU_DATA_DIR: dataDir, KEFU_ADMIN_PASSWORD: 'Restart-admin-1', DATABASE_URL: '' };
const running: KefuProcess[] = [];

afterAll(async () => {
  for (const k of running) if (k.child.exitCode === null) k.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: replies are JSON the assertions check field by field
type Json = any;

const VISITORS = 8;
const PER_VISITOR = 15;

describe('web chat across a SIGKILL in the middle of a burst', () => {
  it('loses no message and stores none twice: the widget resends what was not acknowledged, ids de-duplicate', {
    timeout: 240_000,
  }, async () => {
    let kefu = await startKefu(env);
    running.push(kefu);
    const call = async (token: string, method: string, url: string, body?: unknown, status = 200): Promise<Json> => {
      const r = await fetch(`${kefu.baseUrl}${url}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await r.text();
      if (r.status !== status) throw new Error(`${method} ${url}: expected ${status}, got ${r.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    };
    const admin = await apiLogin(kefu.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
    await call(admin, 'POST', '/api/v1/queues', { key: 'web', name: '网页' }, 201);
    const channel = await call(
      admin,
      'POST',
      '/api/v1/channels',
      { name: '官网', queue: 'web', settings: { kind: 'webchat' } },
      201,
    );

    let ackedTotal = 0;
    /** One visitor as the widget behaves: each message sent until acknowledged, whatever happens to the server. */
    async function visitor(i: number): Promise<{ token: string; acked: Set<string> }> {
      const s = await (
        await fetch(`${kefu.baseUrl}/api/v1/chat/widgets/${channel.publicKey}/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).json();
      const acked = new Set<string>();
      for (let n = 1; n <= PER_VISITOR; n++) {
        const clientId = `v${i}-m${n}`;
        for (let attempt = 0; ; attempt++) {
          try {
            const r = await fetch(`${kefu.baseUrl}/api/v1/chat/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-visitor-token': s.token },
              body: JSON.stringify({ clientId, text: `访客${i}的第${n}条消息` }),
              signal: AbortSignal.timeout(5_000),
            });
            if (r.status === 200) {
              acked.add(clientId);
              ackedTotal++;
              break;
            }
            // 5xx while the server dies, 429 when the allowance is spent: try again.
          } catch {
            // The connection was refused or cut: the server is down, try again.
          }
          if (attempt > 400) throw new Error(`${clientId} was never acknowledged`);
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
      return { token: s.token, acked };
    }

    const burst = Promise.all(Array.from({ length: VISITORS }, (_, i) => visitor(i)));
    // Kill it while the burst is on (a fifth acknowledged), then start it again.
    const total = VISITORS * PER_VISITOR;
    while (ackedTotal < total / 5) await new Promise((r) => setTimeout(r, 10));
    kefu.child.kill('SIGKILL');
    const atKill = ackedTotal;
    await kefu.exited;
    kefu = await startKefu(env);
    running.push(kefu);
    const visitors = await burst;
    expect(atKill).toBeLessThan(total);
    expect(visitors.every((v) => v.acked.size === PER_VISITOR)).toBe(true);

    const admin2 = await apiLogin(kefu.baseUrl, 'admin', env.KEFU_ADMIN_PASSWORD);
    const list = await call(admin2, 'GET', '/api/v1/conversations?scope=all&pageSize=200');
    expect(list.items).toHaveLength(VISITORS);
    for (const c of list.items) {
      const d = await call(admin2, 'GET', `/api/v1/conversations/${c.id}?limit=500`);
      const texts = d.messages.filter((m: Json) => m.kind === 'in').map((m: Json) => m.text);
      const i = Number(/访客(\d+)/.exec(texts[0])?.[1]);
      expect(texts).toEqual(Array.from({ length: PER_VISITOR }, (_, k) => `访客${i}的第${k + 1}条消息`));
      // Routed: its contact is in the ACD (created before the kill, or by the start-up sweep after it).
      expect(c.status).toBe('waiting');
      await call(admin2, 'GET', `/api/v1/contacts/${c.contactId}`);
    }
    await stopKefu(kefu);
  });
});
