/**
 * Test support for the transaction layer: a deterministic fake scheduler, a recording transport
 * and TU, and request/response builders. Used by the transaction tests only.
 */
import { type SipMessage, type SipRequest, type SipResponse, serializeMessage } from './message';
import { parseDatagram } from './parse';
import { createResponse } from './responses';
import { sip } from './torture.fixtures';
import type {
  ServerTransaction,
  SipTarget,
  Transaction,
  TransactionTimers,
  TransactionUser,
} from './transaction-ports';
import { createTransactionManager } from './transactions';

/** Fake time in milliseconds: timers fire in due order (then creation order) as time advances. */
export function createFakeScheduler() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; seq: number; callback: () => void }>();
  const timers: TransactionTimers = {
    setTimeout(callback, ms) {
      const id = ++seq;
      pending.set(id, { at: now + ms, seq: id, callback });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  const advanceTo = (until: number) => {
    for (;;) {
      let next: { at: number; seq: number; callback: () => void } | undefined;
      for (const t of pending.values()) {
        if (t.at <= until && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      pending.delete(next.seq);
      now = next.at;
      next.callback();
    }
    now = until;
  };
  return {
    timers,
    get now() {
      return now;
    },
    get pending() {
      return pending.size;
    },
    advance: (ms: number) => advanceTo(now + ms),
    /** Runs every timer, however far away. */
    runAll: () => advanceTo(Number.POSITIVE_INFINITY),
  };
}

export const UDP_PEER: SipTarget = { transport: 'UDP', host: '192.0.2.10', port: 5060 };
export const TCP_PEER: SipTarget = { transport: 'TCP', host: '192.0.2.10', port: 5060 };

export type TuEvent =
  | { type: 'request'; at: number; request: SipRequest; transaction: ServerTransaction }
  | { type: 'response'; at: number; status: number; transaction: Transaction }
  | { type: 'timeout'; at: number; transaction: Transaction }
  | { type: 'transport-error'; at: number; transaction: Transaction }
  | { type: 'unmatched'; at: number; message: SipMessage };

/** A manager over fake time whose transport records (as wire bytes, re-parsed) what it sends. */
export function createHarness(options: { onRequest?: TransactionUser['onRequest'] } = {}) {
  const clock = createFakeScheduler();
  const sent: { at: number; message: SipMessage; target: SipTarget }[] = [];
  const events: TuEvent[] = [];
  let failSends = false;
  const tu: TransactionUser = {
    onRequest(request, transaction) {
      events.push({ type: 'request', at: clock.now, request, transaction });
      options.onRequest?.(request, transaction);
    },
    onResponse: (response, transaction) =>
      events.push({ type: 'response', at: clock.now, status: response.status, transaction }),
    onTimeout: (transaction) => events.push({ type: 'timeout', at: clock.now, transaction }),
    onTransportError: (transaction) => events.push({ type: 'transport-error', at: clock.now, transaction }),
    onUnmatched: (message) => events.push({ type: 'unmatched', at: clock.now, message }),
  };
  const manager = createTransactionManager({
    timers: clock.timers,
    tu,
    send(message, target) {
      if (failSends) throw new Error('connection reset');
      sent.push({ at: clock.now, message: parseDatagram(serializeMessage(message)), target });
    },
  });
  return {
    clock,
    manager,
    sent,
    events,
    failSends(on: boolean) {
      failSends = on;
    },
    /** Seconds at which messages matching `pick` were sent. */
    sentAt: (pick: (m: SipMessage) => boolean) => sent.filter((s) => pick(s.message)).map((s) => s.at / 1000),
  };
}

export type RequestOptions = {
  method?: string;
  branch?: string;
  transport?: 'UDP' | 'TCP';
  sentBy?: string;
  cseq?: number;
  callId?: string;
};

export function request(options: RequestOptions = {}): SipRequest {
  const method = options.method ?? 'INVITE';
  const message = parseDatagram(
    sip(
      `${method} sip:agent01@kefu.example.com SIP/2.0`,
      `Via: SIP/2.0/${options.transport ?? 'UDP'} ${options.sentBy ?? 'pc33.example.com:5060'};branch=${options.branch ?? 'z9hG4bK776asdhds'}`,
      'Max-Forwards: 70',
      'Route: <sip:proxy.example.com;lr>',
      'From: "Caller" <sip:caller@example.com>;tag=1928301774',
      'To: <sip:agent01@kefu.example.com>',
      `Call-ID: ${options.callId ?? 'a84b4c76e66710@pc33.example.com'}`,
      `CSeq: ${options.cseq ?? 314159} ${method}`,
      'Contact: <sip:caller@pc33.example.com>',
      '',
      '',
    ),
  );
  if (message.kind !== 'request') throw new Error('fixture is a request');
  return message;
}

export const response = (to: SipRequest, status: number): SipResponse =>
  createResponse(to, status, status === 100 ? {} : { toTag: 'kefu-tag-1' });

export const isRequest = (method: string) => (m: SipMessage) => m.kind === 'request' && m.method === method;
export const isStatus = (status: number) => (m: SipMessage) => m.kind === 'response' && m.status === status;
