/**
 * A minimal SIP phone for tests: builds REGISTER/OPTIONS requests, sends them over UDP, and answers
 * digest challenges with node:crypto — independently of Kefu's own SIP code, so a test checks
 * Kefu against RFC 7616/8760 rather than against itself.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';

export type SipReply = { status: number; headers: Map<string, string[]>; text: string };

export function parseReply(buf: Buffer): SipReply {
  const text = buf.toString('utf8');
  const [head = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(i + 1).trim()]);
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text };
}

/** A UDP socket on 127.0.0.1; `send` waits for the first final response (3 s at most). */
export async function withSipSocket<T>(
  server: { host: string; port: number },
  fn: (send: (msg: string) => Promise<SipReply>, localPort: number) => Promise<T>,
): Promise<T> {
  const sock = createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
  const localPort = sock.address().port;
  const send = (msg: string) =>
    new Promise<SipReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no SIP answer in 3 s')), 3000);
      const onMessage = (b: Buffer) => {
        const reply = parseReply(b);
        if (reply.status < 200) return;
        clearTimeout(timer);
        sock.off('message', onMessage);
        resolve(reply);
      };
      sock.on('message', onMessage);
      sock.send(msg, server.port, server.host);
    });
  try {
    return await fn(send, localPort);
  } finally {
    sock.close();
  }
}

export type SipRequestOptions = {
  realm: string;
  user: string;
  localPort: number;
  callId: string;
  cseq: number;
  authorization?: string;
};

export function sipRequest(method: string, o: SipRequestOptions): string {
  const lines = [
    `${method} sip:${o.realm} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${o.localPort};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
    'Max-Forwards: 70',
    `From: <sip:${o.user}@${o.realm}>;tag=${randomBytes(4).toString('hex')}`,
    `To: <sip:${o.user}@${o.realm}>`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${o.cseq} ${method}`,
    `Contact: <sip:${o.user}@127.0.0.1:${o.localPort}>`,
    'Expires: 300',
    'User-Agent: kefu-test-phone',
    ...(o.authorization ? [`Authorization: ${o.authorization}`] : []),
    'Content-Length: 0',
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export function challengeParams(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.replace(/^Digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) {
    out[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
  }
  return out;
}

/** The RFC 7616 answer (qop=auth) to one challenge, for a request to `uri`. */
export function digestAnswer(
  challenge: string,
  o: { user: string; password: string; method: string; uri: string },
): string {
  const c = challengeParams(challenge);
  const algo = c.algorithm ?? 'MD5';
  const h = (s: string) =>
    createHash(algo === 'SHA-256' ? 'sha256' : 'md5')
      .update(s)
      .digest('hex');
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const ha1 = h(`${o.user}:${c.realm}:${o.password}`);
  const ha2 = h(`${o.method}:${o.uri}`);
  const response = h(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${o.user}", realm="${c.realm}", nonce="${c.nonce}", uri="${o.uri}", response="${response}", algorithm=${algo}, cnonce="${cnonce}", qop=auth, nc=${nc}`;
}

/** REGISTER, answer the first challenge with `password`; the final status of the second REGISTER. */
export function registerWithPassword(
  server: { host: string; port: number },
  o: { realm: string; user: string; password: string },
): Promise<number> {
  return withSipSocket(server, async (send, localPort) => {
    const callId = `${randomBytes(8).toString('hex')}@kefu-test`;
    const base = { realm: o.realm, user: o.user, localPort, callId };
    const first = await send(sipRequest('REGISTER', { ...base, cseq: 1 }));
    if (first.status !== 401) return first.status;
    const challenge = first.headers.get('www-authenticate')?.[0] ?? '';
    const authorization = digestAnswer(challenge, {
      user: o.user,
      password: o.password,
      method: 'REGISTER',
      uri: `sip:${o.realm}`,
    });
    return (await send(sipRequest('REGISTER', { ...base, cseq: 2, authorization }))).status;
  });
}
