import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDefinitionInput } from '../../../../../contracts/ivr';
import { runFlow } from './runner';
import { deps, flow, scriptedCall } from './runner-fixture';

describe('http', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ method: string; url: string; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', body });
        if (req.url?.startsWith('/balance')) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ data: { balance: 123.45, owner: { name: '王芳' } } }));
        } else if (req.url?.startsWith('/slow')) {
          setTimeout(() => res.end('{}'), 2000);
        } else if (req.url?.startsWith('/junk')) {
          res.end('<html>oops</html>');
        } else {
          res.statusCode = 500;
          res.end('{}');
        }
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  });

  const httpFlow = (url: string, extra: Record<string, unknown> = {}) =>
    flow({
      language: 'zh-CN',
      start: 'lookup',
      nodes: {
        lookup: {
          type: 'http',
          url,
          assign: { balance: 'data.balance' },
          next: 'tell',
          onError: 'sorry',
          ...extra,
        } as FlowDefinitionInput['nodes'][string],
        tell: {
          type: 'play',
          prompts: [{ prompt: 'balance-is' }, { say: 'amount', value: '{{balance}}' }],
          next: 'end',
        },
        sorry: { type: 'play', prompts: [{ prompt: 'invalid' }], next: 'end' },
        end: { type: 'hangup' },
      },
    });

  it('looks up a value by the caller number and reads it out', async () => {
    const s = scriptedCall({ caller: '+86 138' });
    await runFlow(httpFlow(`${base}/balance?phone={{caller}}`), s.call, deps);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/balance?phone=%2B86%20138' });
    expect(s.log[0]).toBe('play balance-is digit-1 hundred digit-2 ten digit-3 point digit-4 digit-5 yuan [zh-CN]');
    expect(s.steps[0]).toMatchObject({ node: 'lookup', result: 'ok' });
  });

  it('POSTs a JSON body with templates filled in', async () => {
    const s = scriptedCall({});
    await runFlow(httpFlow(`${base}/balance`, { method: 'POST', body: { phone: '{{caller}}', n: 1 } }), s.call, deps);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"phone":"13800138000","n":1}' });
  });

  it('a reply slower than timeoutMs goes to onError', async () => {
    const s = scriptedCall({});
    const started = Date.now();
    await runFlow(httpFlow(`${base}/slow`, { timeoutMs: 200 }), s.call, deps);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(s.steps[0]).toMatchObject({ node: 'lookup', result: 'error: timeout' });
    expect(s.log[0]).toBe('play invalid [zh-CN]');
  });

  it('a reply that is not JSON, an error status or a missing field goes to onError', async () => {
    for (const [url, why] of [
      [`${base}/junk`, 'error: reply is not JSON'],
      [`${base}/fail`, 'error: status 500'],
    ] as const) {
      const s = scriptedCall({});
      await runFlow(httpFlow(url), s.call, deps);
      expect(s.steps[0]?.result).toBe(why);
      expect(s.log[0]).toBe('play invalid [zh-CN]');
    }
    const s = scriptedCall({});
    await runFlow(httpFlow(`${base}/balance`, { assign: { balance: 'data.missing' } }), s.call, deps);
    expect(s.steps[0]?.result).toBe('error: no data.missing in the reply');
  });

  it('a server that is not there goes to onError', async () => {
    const s = scriptedCall({});
    await runFlow(httpFlow('http://127.0.0.1:1/balance'), s.call, deps);
    expect(s.steps[0]?.result).toMatch(/^error: /);
    expect(s.log[0]).toBe('play invalid [zh-CN]');
  });
});
