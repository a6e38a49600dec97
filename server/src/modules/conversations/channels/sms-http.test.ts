import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type SmsStandin, startSmsStandin } from '../../../../../test/sms-standin';
import { signSmsWebhook } from '../domain/sms-webhook';
import { createHttpSmsProvider, parseSmsHttpConfig, SmsHttpConfig, type SmsHttpConfigInput } from './sms-http';
import { type SmsProvider, SmsSendError } from './sms-provider';

const SECRET = 'whsec_sms_test_0123456789';

/** The stand-in answers `{ data: { id } }`. */
const config = (input: Partial<SmsHttpConfigInput> & { sendUrl: string }) =>
  SmsHttpConfig.parse({ webhookSecret: SECRET, responseIdPath: 'data.id', ...input });

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function standin(opts: Parameters<typeof startSmsStandin>[0] = {}): Promise<SmsStandin> {
  const s = await startSmsStandin(opts);
  closers.push(s.close);
  return s;
}

/** Kefu's side of the webhook, as the route will be: the raw body to the adapter, the verdict as the status. */
async function receiver(provider: SmsProvider) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = provider.parseWebhook({ headers: req.headers, rawBody: Buffer.concat(chunks) });
      const status = r.ok ? 200 : r.reason === 'signature' ? 401 : r.reason === 'body' ? 400 : 404;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(r));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/sms`;
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('the send should have failed'),
    (e: unknown) => {
      expect(e).toBeInstanceOf(SmsSendError);
      return e as SmsSendError;
    },
  );

describe('sending through the HTTP adapter', () => {
  it('POSTs JSON with the configured field names and a bearer token, and counts the parts', async () => {
    const s = await standin({ auth: { kind: 'bearer', token: 'tok-123' } });
    const sms = createHttpSmsProvider(
      config({
        sendUrl: s.sendUrl,
        auth: { kind: 'bearer', token: 'tok-123' },
        fields: { to: 'mobile', text: 'content', from: 'sender', clientRef: 'outId' },
        from: '10690001',
      }),
    );
    const text = `${'您好'.repeat(35)}！`; // 71 UCS-2 characters: two parts
    await expect(sms.send({ to: '+8613800000001', text, clientRef: 'msg-1' })).resolves.toEqual({
      providerId: 'sm-1',
      parts: 2,
    });
    const [req] = s.accepted();
    expect(req?.contentType).toBe('application/json');
    expect(req?.body).toEqual({ mobile: '+8613800000001', content: text, sender: '10690001', outId: 'msg-1' });
    // a message's own sender wins over the default
    await sms.send({ to: '+8613800000001', from: '10690099', text: 'hi', clientRef: 'msg-2' });
    expect(s.accepted()[1]?.body.sender).toBe('10690099');
  });

  it('POSTs a form with Basic auth, UTF-8 and reserved characters intact', async () => {
    const s = await standin({ auth: { kind: 'basic', user: 'acct', password: 'p@ss:wörd' } });
    const sms = createHttpSmsProvider(
      config({ sendUrl: s.sendUrl, format: 'form', auth: { kind: 'basic', user: 'acct', password: 'p@ss:wörd' } }),
    );
    const text = '验证码 123&456=+% 😀';
    await expect(sms.send({ to: '13800000002', text, clientRef: 'c' })).resolves.toEqual({
      providerId: 'sm-1',
      parts: 1,
    });
    const [req] = s.accepted();
    expect(req?.contentType).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    // unnamed from and clientRef fields are left out
    expect(req?.body).toEqual({ to: '13800000002', text });
  });

  it('sends a custom header for header auth; a wrong credential surfaces as a 401 that is not worth retrying', async () => {
    const s = await standin({ auth: { kind: 'header', name: 'X-Api-Key', value: 'k-1' } });
    const good = createHttpSmsProvider(
      config({ sendUrl: s.sendUrl, auth: { kind: 'header', name: 'X-Api-Key', value: 'k-1' } }),
    );
    await expect(good.send({ to: '1', text: 'a', clientRef: 'c' })).resolves.toMatchObject({ providerId: 'sm-1' });
    expect(s.requests[0]?.headers['x-api-key']).toBe('k-1');

    const bad = createHttpSmsProvider(
      config({ sendUrl: s.sendUrl, auth: { kind: 'header', name: 'X-Api-Key', value: 'wrong' } }),
    );
    const e = await rejection(bad.send({ to: '1', text: 'a', clientRef: 'c' }));
    expect(e).toMatchObject({
      reason: 'status',
      status: 401,
      retryable: false,
      bodyExcerpt: '{"error":"unauthorized"}',
    });
  });

  it('reads the provider’s id at responseIdPath, through objects and lists', async () => {
    const s = await standin({ reply: (n) => ({ code: 0, result: [{ sid: 9000 + n }] }) });
    const sms = createHttpSmsProvider(config({ sendUrl: s.sendUrl, responseIdPath: 'result.0.sid' }));
    await expect(sms.send({ to: '1', text: 'a', clientRef: 'c' })).resolves.toEqual({ providerId: '9001', parts: 1 });
  });

  it('refuses to guess when a 2xx reply has no id there: a retry would send the SMS twice', async () => {
    const s = await standin({ reply: () => ({ code: 0, msg: 'queued' }) });
    const sms = createHttpSmsProvider(config({ sendUrl: s.sendUrl, responseIdPath: 'data.id' }));
    const e = await rejection(sms.send({ to: '1', text: 'a', clientRef: 'c' }));
    expect(e).toMatchObject({ reason: 'bad_reply', status: 200, retryable: false });
    expect(e.message).toContain('data.id');
  });

  it('surfaces a 500 as the typed error with a short excerpt, and the next send goes through', async () => {
    const s = await standin();
    const sms = createHttpSmsProvider(config({ sendUrl: s.sendUrl, responseIdPath: 'data.id' }));
    s.failNext(1, 500, JSON.stringify({ error: 'internal error', trace: 'x'.repeat(5000) }));
    const e = await rejection(sms.send({ to: '1', text: 'a', clientRef: 'c' }));
    expect(e).toMatchObject({ name: 'SmsSendError', reason: 'status', status: 500, retryable: true });
    expect(e.bodyExcerpt.startsWith('{"error":"internal error"')).toBe(true);
    expect(e.bodyExcerpt.length).toBeLessThanOrEqual(201);
    await expect(sms.send({ to: '1', text: 'a', clientRef: 'c' })).resolves.toEqual({ providerId: 'sm-1', parts: 1 });
    expect(s.requests.map((r) => r.answered)).toEqual([500, 200]);
  });

  it('gives up on a provider that does not answer in time', async () => {
    const s = await standin();
    s.stallNext(1);
    const sms = createHttpSmsProvider(config({ sendUrl: s.sendUrl }), { timeoutMs: 200 });
    const e = await rejection(sms.send({ to: '1', text: 'a', clientRef: 'c' }));
    expect(e).toMatchObject({ reason: 'timeout', status: null, retryable: true });
  });

  it('reports a provider it cannot reach as a network failure', async () => {
    const s = await startSmsStandin();
    await s.close();
    const sms = createHttpSmsProvider(config({ sendUrl: s.sendUrl }));
    const e = await rejection(sms.send({ to: '1', text: 'a', clientRef: 'c' }));
    expect(e).toMatchObject({ reason: 'network', status: null, retryable: true });
    expect(e.message).toMatch(/ECONNREFUSED/);
  });
});

describe('webhooks into the HTTP adapter', () => {
  const mapped = {
    inbound: {
      id: 'msgId',
      from: 'data.mobile',
      to: 'data.extend',
      text: 'data.content',
      at: 'time',
      ref: 'udh.ref',
      total: 'udh.total',
      seq: 'udh.seq',
    },
    report: {
      id: 'bizId',
      status: 'stat',
      error: 'errMsg',
      at: 'doneTime',
      statusMap: { DELIVRD: 'delivered', UNDELIV: 'failed', ACCEPTD: 'sent' },
    },
  } satisfies Partial<SmsHttpConfigInput>;

  it('reads inbound messages with the field map, parts with their header', async () => {
    const s = await standin();
    const url = await receiver(createHttpSmsProvider(config({ sendUrl: s.sendUrl, ...mapped })));
    const res = await s.deliverInbound({
      url,
      secret: SECRET,
      body: [
        {
          msgId: 'in-1',
          time: 1740816000,
          data: { mobile: '+8613800000001', extend: '10690001', content: '查询订单' },
        },
        {
          msgId: 'in-2',
          time: '2025-03-01T08:00:05Z',
          data: { mobile: '+8613800000001', extend: '10690001', content: 'part one ' },
          udh: { ref: 42, total: 2, seq: 1 },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      ok: true,
      messages: [
        {
          providerId: 'in-1',
          from: '+8613800000001',
          to: '10690001',
          text: '查询订单',
          at: '2025-03-01T08:00:00.000Z',
        },
        {
          providerId: 'in-2',
          from: '+8613800000001',
          to: '10690001',
          text: 'part one ',
          at: '2025-03-01T08:00:05.000Z',
          part: { ref: '42', total: 2, seq: 1 },
        },
      ],
      reports: [],
      skipped: [],
    });
  });

  it('reads a form-encoded inbound message with the default field names', async () => {
    const s = await standin();
    const url = await receiver(createHttpSmsProvider(config({ sendUrl: s.sendUrl })));
    const res = await s.deliverInbound({
      url,
      secret: SECRET,
      format: 'form',
      body: { id: 'in-9', from: '13800000003', to: '10690001', text: '退订 T & 再见' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).messages).toEqual([
      expect.objectContaining({ providerId: 'in-9', from: '13800000003', to: '10690001', text: '退订 T & 再见' }),
    ]);
  });

  it('maps report statuses and lists the entries it cannot read instead of dropping them unseen', async () => {
    const s = await standin();
    const url = await receiver(createHttpSmsProvider(config({ sendUrl: s.sendUrl, ...mapped })));
    const res = await s.deliverReport({
      url,
      secret: SECRET,
      body: [
        { bizId: 'sm-1', stat: 'DELIVRD', doneTime: '1740816000000' },
        { bizId: 'sm-2', stat: 'UNDELIV', errMsg: 'MK:0001', doneTime: 1740816001 },
        { bizId: 'sm-3', stat: 'sent' },
        { bizId: 'sm-4', stat: 'EXPIRED' },
        { stat: 'DELIVRD' },
        { data: { mobile: '+8613800000001', content: 'no id, no to' } },
        { unrelated: true },
        'not an object',
      ],
    });
    expect(res.status).toBe(200);
    const r = JSON.parse(res.body);
    expect(r.reports).toEqual([
      { providerId: 'sm-1', status: 'delivered', at: '2025-03-01T08:00:00.000Z' },
      { providerId: 'sm-2', status: 'failed', at: '2025-03-01T08:00:01.000Z', error: 'MK:0001' },
      { providerId: 'sm-3', status: 'sent', at: expect.any(String) },
    ]);
    expect(r.skipped).toEqual([
      { index: 3, reason: 'unknown status EXPIRED' },
      { index: 4, reason: 'report without bizId' },
      { index: 5, reason: 'message without msgId, data.extend' },
      { index: 6, reason: 'neither data.content (a message) nor stat (a report)' },
      { index: 7, reason: 'not an object' },
    ]);
  });

  it('refuses a webhook signed with another secret, a stale one and an unsigned one', async () => {
    const s = await standin();
    const url = await receiver(createHttpSmsProvider(config({ sendUrl: s.sendUrl })));
    const body = { id: 'in-1', from: '1', to: '2', text: 'x' };
    const wrong = await s.deliverInbound({ url, secret: SECRET, signWith: 'someone-elses-secret', body });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toEqual({ ok: false, reason: 'signature', signature: 'mismatch' });

    const stale = await s.deliverInbound({ url, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 301, body });
    expect(JSON.parse(stale.body)).toEqual({ ok: false, reason: 'signature', signature: 'stale' });

    const unsigned = await s.deliverInbound({ url, secret: SECRET, unsigned: true, body });
    expect(JSON.parse(unsigned.body)).toEqual({ ok: false, reason: 'signature', signature: 'missing' });

    const good = await s.deliverInbound({ url, secret: SECRET, body });
    expect(good.status).toBe(200);
  });

  it('refuses a signed body that is not JSON', () => {
    const sms = createHttpSmsProvider(config({ sendUrl: 'http://127.0.0.1:1/' }), {
      clock: { now: () => new Date(1_740_816_000_000) },
    });
    const rawBody = Buffer.from('{"id": ');
    const headers = {
      'content-type': 'application/json',
      ...signSmsWebhook({ secret: SECRET, rawBody, timestamp: 1_740_816_000 }),
    };
    expect(sms.parseWebhook({ headers, rawBody })).toEqual({
      ok: false,
      reason: 'body',
      message: 'the body is not valid JSON',
    });
  });
});

describe('the configuration form', () => {
  it('fills the defaults around the send address and the secret', () => {
    expect(SmsHttpConfig.parse({ sendUrl: 'https://sms.example.com/v1/send', webhookSecret: SECRET })).toEqual({
      sendUrl: 'https://sms.example.com/v1/send',
      method: 'POST',
      format: 'json',
      auth: { kind: 'none' },
      fields: { to: 'to', text: 'text' },
      responseIdPath: 'id',
      inbound: { id: 'id', from: 'from', to: 'to', text: 'text' },
      report: { id: 'id', status: 'status', statusMap: {} },
      webhookSecret: SECRET,
    });
  });

  it('names each field to fix in words an administrator can act on', () => {
    const r = parseSmsHttpConfig(
      {
        sendUrl: 'ftp://sms.example.com',
        format: 'xml',
        auth: { kind: 'bearer', token: '' },
        fields: { to: ' ' },
        inbound: { ref: 'udh.ref' },
        report: { statusMap: { DELIVRD: 'ok' } },
        from: '10690001',
        webhookSecret: 'short',
      },
      'sms',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.fields.map((f) => [f.path, f.message])).toEqual(
      expect.arrayContaining([
        ['sms.sendUrl', 'an http:// or https:// address'],
        ['sms.format', 'choose json or form'],
        ['sms.auth.token', 'enter the token'],
        ['sms.fields.to', 'enter a field name'],
        ['sms.report.statusMap.DELIVRD', 'choose sent, delivered or failed'],
        ['sms.webhookSecret', 'at least 16 characters'],
        // the checks across fields come in the same answer, not after a second try
        ['sms.inbound.total', 'set ref, total and seq together'],
        ['sms.fields.from', 'name the field that carries the sender'],
      ]),
    );
    expect(r.fields.every((f) => f.location === 'body')).toBe(true);
  });

  it('checks what the fields mean together', () => {
    const r = parseSmsHttpConfig({
      sendUrl: 'https://sms.example.com',
      inbound: { ref: 'udh.ref', text: 'body' },
      report: { status: 'body' },
      from: '10690001',
      webhookSecret: SECRET,
    });
    expect(r.ok ? [] : r.fields.map((f) => [f.path, f.message])).toEqual([
      ['inbound.total', 'set ref, total and seq together'],
      ['inbound.seq', 'set ref, total and seq together'],
      ['report.status', 'must differ from the inbound text field'],
      ['fields.from', 'name the field that carries the sender'],
    ]);
  });

  it('refuses an unknown auth kind and a header Kefu sets itself', () => {
    const r = parseSmsHttpConfig({
      sendUrl: 'https://sms.example.com',
      auth: { kind: 'oauth' },
      webhookSecret: SECRET,
    });
    expect(r.ok ? [] : r.fields.map((f) => [f.path, f.message])).toEqual([
      ['auth.kind', 'choose none, bearer, basic or header'],
    ]);
    const h = parseSmsHttpConfig({
      sendUrl: 'https://sms.example.com',
      auth: { kind: 'header', name: 'Content-Type', value: 'x' },
      webhookSecret: SECRET,
    });
    expect(h.ok ? [] : h.fields.map((f) => [f.path, f.message])).toEqual([['auth.name', 'this header is set by Kefu']]);
  });
});
