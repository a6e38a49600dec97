/**
 * SIP over UDP and TCP on one port (RFC 3261 §18). Bytes in → parser → `onMessage`; nothing the
 * network sends can throw out of here. A malformed request whose Via/From/To/Call-ID/CSeq could be
 * read is answered 400 (505 for a foreign version) over the way it came; everything else is dropped
 * and counted. Requests get `received`/`rport` on their top Via (§18.2.1, RFC 3581) so responses
 * find phones behind NAT.
 */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../../platform/logger';
import {
  createParseErrorResponse,
  getTopVia,
  headerKey,
  MAX_MESSAGE_BYTES,
  parseDatagram,
  type SipMessage,
  SipParseError,
  serializeMessage,
  serializeVia,
  takeStreamMessage,
} from '../sip';

export type SipTransportKind = 'udp' | 'tcp';

/** Where a message came from, and where to send one: for TCP, the connection's remote end. */
export type SipPeer = { transport: SipTransportKind; address: string; port: number };

/**
 * `received` counts UDP datagrams and TCP frames (keep-alives apart). Each ends either `parsed`
 * (handed to onMessage) or `malformed`; each malformed one is either `answered400` (400 or 505)
 * or `dropped`.
 */
export type SipTransportCounters = {
  received: number;
  parsed: number;
  malformed: number;
  answered400: number;
  dropped: number;
  keepalives: number;
};

export type SipTransportOptions = {
  host: string;
  /** 0 picks a free port, the same for UDP and TCP (tests). */
  port: number;
  log: Logger;
  onMessage(message: SipMessage, source: SipPeer): void;
  /** Bytes a TCP connection may hold unframed before it is closed. Default: one maximal message. */
  maxConnectionBuffer?: number;
  /** A TCP connection silent this long is closed. Default 10 min (RFC 5626 keep-alives come every ~2 min). */
  idleTimeoutMs?: number;
  maxConnections?: number;
  connectTimeoutMs?: number;
};

export type SipTransport = {
  readonly host: string;
  readonly port: number;
  send(message: SipMessage | Buffer, target: SipPeer): Promise<void>;
  counters(): Readonly<SipTransportCounters>;
  /** Open TCP connections (inbound and those we opened), for tests and metrics. */
  connectionCount(): number;
  close(): Promise<void>;
};

const CRLF = Buffer.from('\r\n');
const ONLY_CRLF = /^(?:\r\n)+$/;

export async function createSipTransport(options: SipTransportOptions): Promise<SipTransport> {
  const { host, log } = options;
  const maxBuffer = options.maxConnectionBuffer ?? MAX_MESSAGE_BYTES;
  const idleTimeoutMs = options.idleTimeoutMs ?? 10 * 60 * 1000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  const counters: SipTransportCounters = {
    received: 0,
    parsed: 0,
    malformed: 0,
    answered400: 0,
    dropped: 0,
    keepalives: 0,
  };
  /** TCP connections by `address|port` of their remote end. */
  const connections = new Map<string, Socket>();
  /** Outbound connects under way, so two sends to the same peer share one connection. */
  const connecting = new Map<string, Promise<Socket>>();
  let closing = false;

  const deliver = (message: SipMessage, source: SipPeer) => {
    if (message.kind === 'request') stampTopVia(message, source);
    counters.parsed++;
    try {
      options.onMessage(message, source);
    } catch (err) {
      log.error({ err, source }, 'SIP message handler failed');
    }
  };

  /** Answers a refused message when its basis allows it; `reply` never throws. */
  const refuse = (error: SipParseError, source: SipPeer, reply: (bytes: Buffer) => void) => {
    counters.malformed++;
    const response = createParseErrorResponse(error);
    if (!response) {
      counters.dropped++;
      log.debug({ source, reason: error.reason }, 'dropped unparseable SIP message');
      return;
    }
    counters.answered400++;
    log.debug({ source, reason: error.reason, status: response.status }, 'answered malformed SIP request');
    reply(serializeMessage(response));
  };

  const unexpected = (err: unknown, source: SipPeer) => {
    counters.malformed++;
    counters.dropped++;
    log.error({ err, source }, 'SIP transport failed on incoming bytes');
  };

  // --- UDP -------------------------------------------------------------------------------------

  const onDatagram = (udp: UdpSocket, datagram: Buffer, rinfo: RemoteInfo) => {
    const source: SipPeer = { transport: 'udp', address: rinfo.address, port: rinfo.port };
    try {
      // RFC 5626 §4.4.1 / common practice: bare CRLF datagrams keep NAT bindings open.
      if (datagram.length > 0 && ONLY_CRLF.test(datagram.toString('latin1'))) {
        counters.keepalives++;
        return;
      }
      counters.received++;
      let message: SipMessage;
      try {
        message = parseDatagram(datagram);
      } catch (err) {
        if (!(err instanceof SipParseError)) throw err;
        refuse(err, source, (bytes) => udpSend(udp, bytes, source).catch(() => undefined));
        return;
      }
      deliver(message, source);
    } catch (err) {
      unexpected(err, source);
    }
  };

  const udpSend = (udp: UdpSocket, bytes: Buffer, target: SipPeer) =>
    new Promise<void>((resolve, reject) => {
      try {
        udp.send(bytes, target.port, target.address, (err) => (err ? reject(err) : resolve()));
      } catch (err) {
        reject(err);
      }
    });

  // --- TCP -------------------------------------------------------------------------------------

  const adopt = (socket: Socket, peer: SipPeer) => {
    const key = peerKey(peer);
    connections.set(key, socket);
    let buf: Buffer = Buffer.alloc(0);
    socket.setNoDelay(true);
    socket.setTimeout(idleTimeoutMs, () => {
      log.debug({ peer }, 'closing idle SIP connection');
      socket.destroy();
    });
    socket.on('error', (err) => log.debug({ err, peer }, 'SIP connection error'));
    socket.on('close', () => {
      if (connections.get(key) === socket) connections.delete(key);
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        while (buf.length > 0 && !socket.destroyed) {
          let frame: ReturnType<typeof takeStreamMessage>;
          try {
            frame = takeStreamMessage(buf);
          } catch (err) {
            // The stream cannot be resynchronised (no Content-Length, oversized): give up on it.
            counters.received++;
            if (err instanceof SipParseError) {
              counters.malformed++;
              counters.dropped++;
              log.debug({ peer, reason: err.reason }, 'closing SIP connection that cannot be framed');
            } else unexpected(err, peer);
            socket.destroy();
            return;
          }
          if (frame.kind === 'incomplete') break;
          buf = buf.subarray(frame.consumed);
          if (frame.kind === 'keepalive') {
            counters.keepalives++;
            // RFC 5626 §3.5.1: a CRLF CRLF ping is answered with one CRLF pong.
            if (frame.pong) socket.write(CRLF);
          } else if (frame.kind === 'invalid') {
            counters.received++;
            refuse(frame.error, peer, (bytes) => socket.write(bytes));
          } else {
            counters.received++;
            deliver(frame.message, peer);
          }
        }
        if (buf.length > maxBuffer) {
          counters.received++;
          counters.malformed++;
          counters.dropped++;
          log.debug({ peer, bytes: buf.length }, 'closing SIP connection over its buffer limit');
          socket.destroy();
        }
        // Keep only what is pending, not the whole chunk it was cut from.
        if (buf.length > 0 && buf.buffer.byteLength > buf.length * 2) buf = Buffer.from(buf);
      } catch (err) {
        unexpected(err, peer);
        socket.destroy();
      }
    });
  };

  const tcpConnect = (target: SipPeer) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: target.address, port: target.port, timeout: connectTimeoutMs });
      const fail = (err: Error) => {
        socket.destroy();
        reject(err);
      };
      socket.once('error', fail);
      socket.once('timeout', () => fail(new Error(`SIP TCP connect to ${target.address}:${target.port} timed out`)));
      socket.once('connect', () => {
        socket.off('error', fail);
        socket.removeAllListeners('timeout');
        adopt(socket, target);
        resolve(socket);
      });
    });

  const tcpWrite = (socket: Socket, bytes: Buffer) =>
    new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve())));

  // --- binding ---------------------------------------------------------------------------------

  const server = createServer((socket) => {
    const peer: SipPeer = { transport: 'tcp', address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    if (closing || !peer.address) {
      socket.destroy();
      return;
    }
    adopt(socket, peer);
  });
  if (options.maxConnections !== undefined) server.maxConnections = options.maxConnections;
  server.on('error', (err) => log.error({ err }, 'SIP TCP listener error'));

  const { udp, port } = await bindBoth(server, host, options.port);
  udp.on('message', (datagram, rinfo) => onDatagram(udp, datagram, rinfo));
  udp.on('error', (err) => log.error({ err }, 'SIP UDP socket error'));
  log.info({ host, port }, 'SIP transport listening on UDP and TCP');

  return {
    host,
    port,
    counters: () => ({ ...counters }),
    connectionCount: () => connections.size,
    async send(message, target) {
      const bytes = Buffer.isBuffer(message) ? message : serializeMessage(message);
      if (closing) throw new Error('SIP transport is closed');
      if (target.transport === 'udp') return udpSend(udp, bytes, target);
      // A response must go back over the connection its request came on (§18.2.2).
      const key = peerKey(target);
      const existing = connections.get(key);
      if (existing && !existing.destroyed) return tcpWrite(existing, bytes);
      let pending = connecting.get(key);
      if (!pending) {
        pending = tcpConnect(target).finally(() => connecting.delete(key));
        connecting.set(key, pending);
      }
      return tcpWrite(await pending, bytes);
    },
    async close() {
      if (closing) return;
      closing = true;
      for (const socket of connections.values()) socket.destroy();
      connections.clear();
      await Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => udp.close(() => resolve())),
      ]);
    },
  };
}

/**
 * RFC 3261 §18.2.1 and RFC 3581 §4: `received` when the sent-by host is not the source address,
 * or whenever the client asked for `rport`, which gets the source port.
 */
function stampTopVia(request: SipMessage, source: SipPeer): void {
  const index = request.headers.findIndex((h) => headerKey(h.name) === 'via');
  if (index < 0) return;
  const via = getTopVia(request);
  const wantsRport = via.rport === true;
  if (!wantsRport && via.host === source.address) return;
  via.received = source.address;
  if (wantsRport) via.rport = source.port;
  request.headers[index] = { name: request.headers[index]!.name, value: serializeVia(via) };
}

const peerKey = (peer: SipPeer) => `${peer.address}|${peer.port}`;

/** One UDP socket and one TCP listener on the same port; with port 0, retries until both get one. */
async function bindBoth(server: Server, host: string, port: number): Promise<{ udp: UdpSocket; port: number }> {
  for (let attempt = 0; ; attempt++) {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const bound = (server.address() as { port: number }).port;
    const udp = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind({ address: host, port: bound, exclusive: true }, () => {
          udp.off('error', reject);
          resolve();
        });
      });
      return { udp, port: bound };
    } catch (err) {
      try {
        udp.close();
      } catch {
        // never bound: nothing to close
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (port !== 0 || attempt >= 10) throw err;
    }
  }
}
