import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../../../test/seeded-random';
import { createLogger } from '../../../platform/logger';
import {
  createResponse,
  findHeader,
  getTopVia,
  parseDatagram,
  type SipMessage,
  type SipRequest,
  takeStreamMessage,
} from '../sip';
import { createSipTransport, type SipPeer, type SipTransport } from './sip-transport';

const HOST = '127.0.0.1';

function options(callId: string, via = 'SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-1;rport', cseq = '1 OPTIONS'): Buffer {
  return Buffer.from(
    'OPTIONS sip:kefu@127.0.0.1 SIP/2.0\r\n' +
      `Via: ${via}\r\n` +
      'Max-Forwards: 70\r\n' +
      'From: <sip:alice@example.com>;tag=a1\r\n' +
      'To: <sip:kefu@127.0.0.1>\r\n' +
      `Call-ID: ${callId}\r\n` +
      `CSeq: ${cseq}\r\n` +
      'Content-Length: 0\r\n\r\n',
  );
}

/** Collects what the transport hands over; `next(callId)` waits for that message. */
function inbox() {
  const seen: { message: SipMessage; source: SipPeer }[] = [];
  const waiters: { callId: string; resolve: (m: { message: SipMessage; source: SipPeer }) => void }[] = [];
  return {
    seen,
    onMessage(message: SipMessage, source: SipPeer) {
      const item = { message, source };
      seen.push(item);
      const callId = findHeader(message, 'call-id');
      const i = waiters.findIndex((w) => w.callId === callId);
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(item);
    },
    next(callId: string) {
      const found = seen.find((s) => findHeader(s.message, 'call-id') === callId);
      if (found) return Promise.resolve(found);
      return new Promise<{ message: SipMessage; source: SipPeer }>((resolve) => waiters.push({ callId, resolve }));
    },
  };
}

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function start(extra: { idleTimeoutMs?: number } = {}) {
  const box = inbox();
  const transport: SipTransport = await createSipTransport({
    host: HOST,
    port: 0,
    log: createLogger('silent'),
    onMessage: box.onMessage,
    ...extra,
  });
  open.push(transport);
  return { transport, box };
}

async function udpClient() {
  const socket = createSocket('udp4');
  socket.bind(0, HOST);
  await once(socket, 'listening');
  const replies: Buffer[] = [];
  const waiters: ((b: Buffer) => void)[] = [];
  socket.on('message', (b) => {
    const w = waiters.shift();
    if (w) w(b);
    else replies.push(b);
  });
  open.push({ close: () => new Promise<void>((r) => socket.close(() => r())) });
  return {
    socket,
    port: socket.address().port,
    send: (bytes: Buffer, port: number) =>
      new Promise<void>((resolve, reject) => socket.send(bytes, port, HOST, (e) => (e ? reject(e) : resolve()))),
    reply: () => {
      const b = replies.shift();
      return b ? Promise.resolve(b) : new Promise<Buffer>((r) => waiters.push(r));
    },
  };
}

async function tcpClient(port: number) {
  const socket = connect({ host: HOST, port });
  socket.setNoDelay(true);
  await once(socket, 'connect');
  open.push({ close: () => socket.destroy() });
  let buf = Buffer.alloc(0);
  socket.on('data', (c: Buffer) => {
    buf = Buffer.concat([buf, c]);
  });
  /** Resolves once `n` bytes have arrived, with those bytes. */
  const read = async (n: number) => {
    while (buf.length < n) await once(socket, 'data');
    const out = buf.subarray(0, n);
    buf = buf.subarray(n);
    return out;
  };
  const readMessage = async () => {
    for (;;) {
      const frame = takeStreamMessage(buf);
      if (frame.kind === 'message') {
        buf = buf.subarray(frame.consumed);
        return frame.message;
      }
      await once(socket, 'data');
    }
  };
  return { socket, read, readMessage };
}

describe('SIP transport over UDP', () => {
  it('hands a valid OPTIONS over with received and rport filled on the top Via', async () => {
    const { transport, box } = await start();
    const client = await udpClient();
    await client.send(options('udp-1'), transport.port);
    const { message, source } = await box.next('udp-1');
    expect(source).toEqual({ transport: 'udp', address: HOST, port: client.port });
    const via = getTopVia(message);
    expect(via).toMatchObject({
      host: '10.0.0.5',
      port: 5060,
      branch: 'z9hG4bK-1',
      received: HOST,
      rport: client.port,
    });
    expect(transport.counters()).toMatchObject({ received: 1, parsed: 1, malformed: 0 });
  });

  it('leaves the Via alone when it already names the source and asks for no rport', async () => {
    const { transport, box } = await start();
    const client = await udpClient();
    await client.send(options('udp-2', `SIP/2.0/UDP ${HOST}:${client.port};branch=z9hG4bK-2`), transport.port);
    const { message } = await box.next('udp-2');
    expect(findHeader(message, 'via')).toBe(`SIP/2.0/UDP ${HOST}:${client.port};branch=z9hG4bK-2`);
  });

  it('answers a request with a bad CSeq with 400 to its source, drops junk, ignores CRLF keep-alives', async () => {
    const { transport, box } = await start();
    const client = await udpClient();
    await client.send(Buffer.from('\r\n\r\n'), transport.port);
    await client.send(Buffer.from('hello, this is not SIP\r\n\r\n'), transport.port);
    await client.send(options('bad-cseq', undefined, 'one OPTIONS'), transport.port);
    // The 400 echoes the broken CSeq verbatim, so read it as text rather than through the parser.
    const reply = (await client.reply()).toString();
    expect(reply).toMatch(/^SIP\/2\.0 400 Bad Request \(bad_cseq\)\r\n/);
    expect(reply).toContain('\r\nCall-ID: bad-cseq\r\n');
    expect(reply).toContain('\r\nCSeq: one OPTIONS\r\n');
    await client.send(options('after'), transport.port);
    await box.next('after');
    expect(box.seen).toHaveLength(1);
    expect(transport.counters()).toEqual({
      received: 3,
      parsed: 1,
      malformed: 2,
      answered400: 1,
      dropped: 1,
      keepalives: 1,
    });
  });

  it('sends a message to an address and port', async () => {
    const { transport, box } = await start();
    const client = await udpClient();
    await client.send(options('udp-3'), transport.port);
    const { message, source } = await box.next('udp-3');
    await transport.send(createResponse(asRequest(message), 200), source);
    const reply = parseDatagram(await client.reply());
    expect(reply).toMatchObject({ kind: 'response', status: 200 });
    expect(getTopVia(reply)).toMatchObject({ received: HOST, rport: client.port });
  });

  it('survives 10,000 random and mutated datagrams and still serves a valid message', async () => {
    const { transport, box } = await start();
    const client = await udpClient();
    const random = seededRandom(0x5eed);
    const seeds = [
      options('fuzz-a'),
      Buffer.from(
        'INVITE sip:2001@127.0.0.1 SIP/2.0\r\nv: SIP/2.0/UDP [::1]:5060;branch=z9hG4bK-x;rport;received=1.2.3.4\r\n' +
          'f: "A" <sip:a@b>;tag=1\r\nt: <sip:2001@127.0.0.1>\r\ni: x@y\r\nCSeq: 7 INVITE\r\nc: application/sdp\r\n' +
          'l: 9\r\n\r\nv=0\r\no=-\r\n',
      ),
    ];
    const handled = () => transport.counters().received + transport.counters().keepalives;
    for (let i = 0; i < 10_000; i++) {
      await client.send(mutate(seeds[i % seeds.length]!, random), transport.port);
      // Let the server catch up now and then, so the kernel does not discard most of the burst.
      if (i % 50 === 49) for (let wait = 0; handled() < i + 1 && wait < 20; wait++) await delay(1);
    }
    await client.send(options('survivor'), transport.port);
    const { message } = await box.next('survivor');
    expect(getTopVia(message).rport).toBe(client.port);
    const c = transport.counters();
    expect(c.received + c.keepalives).toBeGreaterThan(9_000);
    expect(c.received).toBe(c.parsed + c.malformed);
    expect(c.malformed).toBe(c.answered400 + c.dropped);
    expect(c.malformed).toBeGreaterThan(1_000);
    expect(c.answered400).toBeGreaterThan(0);
  }, 15_000);
});

describe('SIP transport over TCP', () => {
  it('frames a message written in many small pieces and answers over the same connection', async () => {
    const { transport, box } = await start();
    const client = await tcpClient(transport.port);
    const bytes = options('tcp-1', 'SIP/2.0/TCP 10.0.0.5:5060;branch=z9hG4bK-t;rport');
    for (let i = 0; i < bytes.length; i += 7) {
      client.socket.write(bytes.subarray(i, i + 7));
      await delay(1);
    }
    const { message, source } = await box.next('tcp-1');
    expect(source).toEqual({ transport: 'tcp', address: HOST, port: client.socket.localPort });
    expect(getTopVia(message)).toMatchObject({ transport: 'TCP', received: HOST, rport: client.socket.localPort });
    await transport.send(createResponse(asRequest(message), 200), source);
    expect(await client.readMessage()).toMatchObject({ kind: 'response', status: 200 });
    expect(transport.connectionCount()).toBe(1);
  });

  it('answers a CRLF CRLF ping with one CRLF pong', async () => {
    const { transport } = await start();
    const client = await tcpClient(transport.port);
    client.socket.write('\r\n\r\n');
    expect((await client.read(2)).toString()).toBe('\r\n');
    expect(transport.counters().keepalives).toBe(1);
  });

  it('answers a framed but malformed request with 400 and keeps the connection', async () => {
    const { transport, box } = await start();
    const client = await tcpClient(transport.port);
    client.socket.write(options('tcp-bad', 'SIP/2.0/TCP 10.0.0.5;branch=z9hG4bK-b', '1 INVITE'));
    const reply = await client.readMessage();
    expect(reply).toMatchObject({ kind: 'response', status: 400 });
    client.socket.write(options('tcp-good', 'SIP/2.0/TCP 10.0.0.5;branch=z9hG4bK-c'));
    await box.next('tcp-good');
  });

  it('closes a connection whose stream cannot be framed', async () => {
    const { transport } = await start();
    const client = await tcpClient(transport.port);
    client.socket.write('OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK-1\r\n\r\n');
    await once(client.socket, 'close');
    expect(transport.counters()).toMatchObject({ malformed: 1, dropped: 1 });
  });

  it('closes a connection that stays silent past the idle timeout', async () => {
    const { transport } = await start({ idleTimeoutMs: 50 });
    const client = await tcpClient(transport.port);
    await once(client.socket, 'close');
    await vi.waitFor(() => expect(transport.connectionCount()).toBe(0));
  });

  it('opens a connection to a peer it has none with, and reuses it', async () => {
    const { transport } = await start();
    const accepted: Socket[] = [];
    let received = Buffer.alloc(0);
    const phone = createServer((s) => {
      accepted.push(s);
      s.on('data', (c: Buffer) => {
        received = Buffer.concat([received, c]);
      });
    });
    phone.listen(0, HOST);
    await once(phone, 'listening');
    open.push({ close: () => new Promise<void>((r) => phone.close(() => r())) });
    open.push({
      close: () => {
        for (const s of accepted) s.destroy();
      },
    });
    const target: SipPeer = { transport: 'tcp', address: HOST, port: (phone.address() as { port: number }).port };
    // Two sends before the connection is up still share it.
    await Promise.all([transport.send(options('out-1'), target), transport.send(options('out-2'), target)]);
    await vi.waitFor(() => expect(received.includes('out-1') && received.includes('out-2')).toBe(true));
    expect(accepted).toHaveLength(1);
    expect(transport.connectionCount()).toBe(1);
  });

  it('closes everything on close()', async () => {
    const { transport } = await start();
    const client = await tcpClient(transport.port);
    const closed = once(client.socket, 'close');
    await transport.close();
    await closed;
    await expect(transport.send(options('late'), { transport: 'udp', address: HOST, port: 9 })).rejects.toThrow();
  });
});

function asRequest(message: SipMessage): SipRequest {
  if (message.kind !== 'request') throw new Error('expected a request');
  return message;
}

function mutate(seed: Buffer, random: () => number): Buffer {
  const pick = (n: number) => Math.floor(random() * n);
  switch (pick(6)) {
    case 0: {
      const out = Buffer.alloc(1 + pick(1400));
      for (let i = 0; i < out.length; i++) out[i] = pick(256);
      return out;
    }
    case 1:
      return seed.subarray(0, pick(seed.length));
    case 2: {
      const out = Buffer.from(seed);
      for (let n = 1 + pick(8); n > 0; n--) out[pick(out.length)] = pick(256);
      return out;
    }
    case 3: {
      const at = pick(seed.length);
      const junk = [':', ';', '"', '<', '\r\n', '\r\n\r\n', ' ', '\0', ',', 'Via: x', 'CSeq: 9'][pick(11)]!;
      return Buffer.concat([seed.subarray(0, at), Buffer.from(junk), seed.subarray(at)]);
    }
    case 4: {
      const lines = seed.toString('latin1').split('\r\n');
      const i = 1 + pick(lines.length - 1);
      if (random() < 0.5) lines.splice(i, 1);
      else lines.splice(i, 0, lines[pick(lines.length)]!);
      return Buffer.from(lines.join('\r\n'), 'latin1');
    }
    default: {
      const out = Buffer.from(seed);
      const i = pick(out.length);
      out[i] = [0x0d, 0x0a, 0x20, 0x3a, 0x22, 0x80, 0xff][pick(7)]!;
      return out;
    }
  }
}
