/**
 * Round-trip properties (fast-check): whatever the stack writes, it reads back as the same value —
 * URIs, Via, name-addr, Digest headers and whole messages over UDP and TCP framing.
 * `FC_RUNS=10000 npx vitest run <this file>` searches harder.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DigestChallenge,
  type DigestCredentials,
  parseDigestChallenge,
  parseDigestCredentials,
  serializeDigestChallenge,
  serializeDigestCredentials,
} from './digest';
import { type NameAddr, parseNameAddr, parseVia, serializeNameAddr, serializeVia, type Via } from './headers';
import { header, type SipHeader, type SipMessage, serializeMessage } from './message';
import { parseDatagram } from './parse';
import { takeStreamMessage } from './stream';
import { type AnyUri, parseAnyUri, type SipUri, serializeUri } from './uri';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const token = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,10}$/);
const lowerToken = fc.stringMatching(/^[a-z0-9\-.!%*_+`'~]{1,8}$/);
const text = fc.string({ unit: 'grapheme-ascii', maxLength: 16 });
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/);
const host = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('.')),
  fc.ipV4(),
  fc.ipV6(),
);
const port = fc.integer({ min: 0, max: 65535 });
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** A Map from unique names (minus the ones a type models as fields) to values. */
function paramMap<V>(name: fc.Arbitrary<string>, value: fc.Arbitrary<V>, reserved: string[] = []) {
  return fc
    .uniqueArray(fc.tuple(name, value), { selector: ([n]) => n, maxLength: 4 })
    .map((entries) => new Map(entries.filter(([n]) => !reserved.includes(n))));
}

/** Drops undefined fields: the parsers leave absent ones out, as `exactOptionalPropertyTypes` would. */
const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const sipUri: fc.Arbitrary<SipUri> = fc
  .record({
    scheme: fc.constantFrom('sip' as const, 'sips' as const),
    user: opt(fc.stringMatching(/^([A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-F]{2}){1,12}$/)),
    password: opt(fc.stringMatching(/^([A-Za-z0-9\-_.!~*'()&=+$,]|%[0-9A-F]{2}){0,8}$/)),
    host,
    port: opt(port),
    params: paramMap(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/),
      fc.option(fc.stringMatching(/^[A-Za-z0-9\-_.!~*'()]{1,8}$/)),
    ),
    headers: paramMap(
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,6}$/),
      fc.stringMatching(/^[A-Za-z0-9\-_.!~*']{0,8}$/),
    ),
  })
  .map(({ user, password, ...rest }) =>
    compact({ kind: 'sip' as const, ...rest, user, password: user === undefined ? undefined : password }),
  );

const anyUri: fc.Arbitrary<AnyUri> = fc.oneof(
  { weight: 4, arbitrary: sipUri },
  fc.stringMatching(/^\+?[0-9]{3,12}$/).map((n) => ({ kind: 'absolute' as const, text: `tel:${n}` })),
);

const genericValue = fc.option(
  fc.oneof(
    token,
    text.map((t) => `"${t.replace(/[\\"]/g, (c) => `\\${c}`)}"`),
  ),
);

const via: fc.Arbitrary<Via> = fc
  .record({
    transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'WS', 'WSS', 'SCTP'),
    host,
    port: opt(port),
    branch: opt(token.map((t) => `z9hG4bK${t}`)),
    rport: opt(fc.oneof(fc.constant(true as const), port)),
    received: opt(fc.oneof(fc.ipV4(), fc.ipV6())),
    params: paramMap(lowerToken, genericValue, ['branch', 'rport', 'received']),
  })
  .map(compact);

const nameAddr: fc.Arbitrary<NameAddr> = fc
  .record({
    displayName: opt(text),
    uri: anyUri,
    tag: opt(token),
    params: paramMap(lowerToken, genericValue, ['tag']),
  })
  .map(compact);

const extraHeader: fc.Arbitrary<SipHeader> = fc
  .tuple(fc.stringMatching(/^X-[A-Za-z0-9-]{1,10}$/), text)
  .map(([name, value]) => header(name, value.trim()));

const request: fc.Arbitrary<SipMessage> = fc
  .record({
    method: token,
    uri: sipUri,
    vias: fc.array(via, { minLength: 1, maxLength: 4 }),
    from: nameAddr,
    to: nameAddr,
    callId: fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,16}(@[a-z0-9.]{1,10})?$/),
    seq: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    maxForwards: opt(fc.integer({ min: 0, max: 255 })),
    extras: fc.array(extraHeader, { maxLength: 6 }),
    body: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  })
  .map((r) => ({
    kind: 'request' as const,
    method: r.method,
    uri: serializeUri(r.uri),
    headers: [
      ...r.vias.map((v) => header('Via', serializeVia(v))),
      header('From', serializeNameAddr(r.from)),
      header('To', serializeNameAddr(r.to)),
      header('Call-ID', r.callId),
      header('CSeq', `${r.seq} ${r.method}`),
      ...(r.maxForwards === undefined ? [] : [header('Max-Forwards', String(r.maxForwards))]),
      ...r.extras,
    ],
    body: r.body,
  }));

const response: fc.Arbitrary<SipMessage> = fc
  .tuple(request, fc.integer({ min: 100, max: 699 }), text)
  .map(([req, status, reason]) => ({
    kind: 'response' as const,
    status,
    reason,
    headers: req.headers,
    body: req.body,
  }));

describe('round trips: what we write, we read back unchanged', () => {
  it('SIP URIs (IPv6 in brackets, user, password, params, headers)', () => {
    fc.assert(
      fc.property(anyUri, (uri) => {
        expect(parseAnyUri(serializeUri(uri))).toEqual(uri);
      }),
      { numRuns: RUNS },
    );
  });

  it('Via headers with branch, rport (flag or port), received and other params', () => {
    fc.assert(
      fc.property(via, (v) => {
        expect(parseVia(serializeVia(v))).toEqual(v);
      }),
      { numRuns: RUNS },
    );
  });

  it('name-addr headers with quoted display names, tags and params', () => {
    fc.assert(
      fc.property(nameAddr, (a) => {
        expect(parseNameAddr(serializeNameAddr(a))).toEqual(a);
      }),
      { numRuns: RUNS },
    );
  });

  it('Digest challenges and credentials with quoted strings that need escapes', () => {
    const algorithm = opt(
      fc.constantFrom('MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256') as fc.Arbitrary<
        DigestChallenge['algorithm']
      >,
    );
    const challenge = fc
      .record({
        realm: text,
        nonce: text,
        algorithm,
        qop: opt(fc.uniqueArray(fc.constantFrom('auth', 'auth-int'), { minLength: 1 })),
        opaque: opt(text),
        stale: opt(fc.boolean()),
        domain: opt(text),
      })
      .map(compact);
    fc.assert(
      fc.property(challenge, (c) => {
        expect(parseDigestChallenge(serializeDigestChallenge(c))).toEqual(c);
      }),
      { numRuns: RUNS },
    );
    const credentials: fc.Arbitrary<DigestCredentials> = fc
      .record({
        username: text,
        realm: text,
        nonce: text,
        uri: text,
        response: fc.stringMatching(/^[0-9a-f]{32,64}$/),
        algorithm,
        opaque: opt(text),
        auth: opt(fc.tuple(text, fc.stringMatching(/^[0-9a-f]{8}$/))),
      })
      .map(({ auth, ...c }) => compact({ ...c, qop: auth && 'auth', cnonce: auth?.[0], nc: auth?.[1] }));
    fc.assert(
      fc.property(credentials, (c) => {
        expect(parseDigestCredentials(serializeDigestCredentials(c))).toEqual(c);
      }),
      { numRuns: RUNS },
    );
  });

  it('whole requests and responses, as a datagram and as a TCP stream of two messages', () => {
    fc.assert(
      fc.property(fc.oneof(request, response), (msg) => {
        const bytes = serializeMessage(msg);
        expect(parseDatagram(bytes)).toEqual(msg);
        const frame = takeStreamMessage(Buffer.concat([bytes, Buffer.from('\r\n\r\n'), bytes]));
        expect(frame).toEqual({ kind: 'message', message: msg, consumed: bytes.length });
      }),
      { numRuns: RUNS },
    );
  });
});
