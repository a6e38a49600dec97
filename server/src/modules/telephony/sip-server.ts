/**
 * Kefu's live SIP endpoint: the transport (UDP and TCP on one port), the transaction layer and the
 * registrar, composed. What it answers today:
 * - REGISTER → the registrar (digest auth against the accounts port, bindings in memory);
 * - OPTIONS → 200 with Allow/Accept (phones and SBCs use it as a keep-alive / health probe);
 * - INVITE, CANCEL and every request inside a dialog → the user agent core (`ua/user-agent.ts`),
 *   which hands new calls to `onInvite` (call control); without it INVITE gets 501;
 * - ACK → its INVITE transaction (non-2xx) or the user agent (2xx);
 * - anything else outside a dialog → 501 Not Implemented.
 * Malformed requests never get here: the transport answers them 400 itself.
 *
 * Bindings live in this process only: after a restart phones show as unregistered until they
 * register again (most re-REGISTER within their expiry, at most an hour).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { createDigestAuth, type DigestHash } from './auth/digest';
import {
  type AuthFailure,
  type Binding,
  type BindingChange,
  createRegistrar,
  type SipAccountStore,
} from './registrar/registrar';
import {
  createResponse,
  createTransactionManager,
  getTo,
  header,
  type SipMessage,
  type SipRequest,
  type SipTarget,
  type TransactionTimers,
} from './sip';
import { createSipTransport, type SipPeer } from './transport/sip-transport';
import { createUserAgent, type InboundLeg, UA_ALLOW, type UserAgent } from './ua/user-agent';

export const SIP_ALLOW = UA_ALLOW;

export type SipServerOptions = {
  host: string;
  /** 0 picks a free port (the same for UDP and TCP); `port` on the result says which. */
  port: number;
  realm: string;
  /** KEFU_SIP_DIGEST: digest challenges in this order (default MD5 alone). */
  digestAlgorithms?: readonly DigestHash[];
  log: Logger;
  clock: Clock;
  accounts: SipAccountStore;
  /** Registration changes (phone came, refreshed, left or expired). */
  onBindingChange?: (change: BindingChange) => void;
  /** A new inbound call (call control answers or rejects it). Unset: INVITE gets 501. */
  onInvite?: (leg: InboundLeg) => void;
  /** The address written into Via and Contact (NAT); default `host`. */
  advertisedHost?: string;
  /** How often expired bindings are swept. Default 30 s. */
  sweepIntervalMs?: number;
};

export type SipServer = {
  readonly host: string;
  readonly port: number;
  /** Outbound calls (agent phones, trunks) and the live dialogs. */
  readonly ua: UserAgent;
  bindingsOf(username: string): Binding[];
  contactsForAgent(agentUserId: string): Binding[];
  close(): Promise<void>;
};

/** Transaction timers that never keep the process alive on their own (shutdown must not wait 32 s). */
const unrefTimers: TransactionTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const toTarget = (peer: SipPeer): SipTarget => ({
  transport: peer.transport.toUpperCase(),
  host: peer.address,
  port: peer.port,
});
const toPeer = (target: SipTarget): SipPeer => ({
  transport: target.transport.toLowerCase() === 'tcp' ? 'tcp' : 'udp',
  address: target.host,
  port: target.port,
});

export async function createSipServer(options: SipServerOptions): Promise<SipServer> {
  const { log, clock, realm } = options;
  // Nonces are HMACs under a per-process secret: after a restart a phone's old nonce is refused
  // and it simply gets a fresh challenge.
  const digest = createDigestAuth({
    realm,
    secret: randomBytes(32),
    clock,
    ...(options.digestAlgorithms ? { algorithms: options.digestAlgorithms } : {}),
  });
  const registrar = createRegistrar({
    digest,
    accounts: options.accounts,
    clock,
    onChange: (change) => {
      log.info(
        {
          username: change.username,
          cause: change.cause,
          bindings: change.bindings.map((b) => ({ contact: b.contactText, source: b.source })),
        },
        'SIP registration changed',
      );
      options.onBindingChange?.(change);
    },
    onChangeError: (err) => log.error({ err }, 'SIP binding change handler failed'),
    onAuthFailure: (failure) =>
      log.warn(
        {
          username: failure.username,
          source: `${failure.source.host}:${failure.source.port}`,
          offered: failure.offered,
          answered: failure.answered,
          reason: failure.reason,
        },
        describeAuthFailure(failure),
      ),
  });
  const newTag = () => randomBytes(6).toString('hex');

  let transport: Awaited<ReturnType<typeof createSipTransport>> | undefined;
  const send = (message: SipMessage, target: SipTarget) => {
    transport?.send(message, toPeer(target)).catch((err) => log.debug({ err, target }, 'SIP send failed'));
  };

  // The port is known only once the transport is bound (port 0); the UA reads it lazily.
  const local = { host: options.advertisedHost ?? options.host, port: options.port };
  const ua = createUserAgent({
    local,
    send: (message, target) => send(message, target),
    timers: unrefTimers,
    log,
    onInvite: (leg) => {
      if (options.onInvite) options.onInvite(leg);
      else leg.reject(501, [header('Allow', SIP_ALLOW)]);
    },
  });

  const transactions = createTransactionManager({
    send,
    timers: unrefTimers,
    tu: {
      onRequest(request: SipRequest, tx) {
        switch (request.method) {
          case 'REGISTER':
            registrar
              .handleRegister(request, tx.source)
              .then((response) => tx.respond(response))
              .catch((err) => {
                log.error({ err }, 'REGISTER failed');
                tx.respond(createResponse(request, 500, { toTag: newTag() }));
              });
            return;
          case 'OPTIONS':
            tx.respond(
              createResponse(request, 200, {
                toTag: newTag(),
                headers: [
                  header('Allow', SIP_ALLOW),
                  header('Accept', 'application/sdp'),
                  header('Accept-Language', 'zh-CN, en'),
                ],
              }),
            );
            return;
          default: {
            if (request.method === 'INVITE' || request.method === 'CANCEL' || hasToTag(request)) {
              ua.onRequest(request, tx);
              return;
            }
            tx.respond(createResponse(request, 501, { toTag: newTag(), headers: [header('Allow', SIP_ALLOW)] }));
          }
        }
      },
      onResponse(response, tx) {
        ua.onResponse(response, tx.id);
      },
      onTimeout(tx) {
        log.debug({ id: tx.id }, 'SIP transaction timed out');
        ua.onTimeout(tx.id);
      },
      onTransportError(tx, err) {
        log.debug({ err, id: tx.id }, 'SIP transport error in a transaction');
      },
      onUnmatched(message, source) {
        // The ACK of a 2xx, a retransmitted 2xx after the INVITE transaction ended: the UA's (§17.2.3, §18.1.2).
        ua.onUnmatched(message, source);
      },
    },
  });

  transport = await createSipTransport({
    host: options.host,
    port: options.port,
    log,
    onMessage: (message, source) => transactions.receive(message, toTarget(source)),
  });

  local.port = transport.port;
  ua.attach(transactions);

  const sweep = setInterval(() => registrar.purgeExpired(), options.sweepIntervalMs ?? 30_000);
  sweep.unref();
  const bound = transport;

  return {
    host: bound.host,
    port: bound.port,
    ua,
    bindingsOf: (username) => registrar.bindingsOf(username),
    contactsForAgent: (agentUserId) => registrar.contactsForAgent(agentUserId),
    async close() {
      clearInterval(sweep);
      ua.hangupAll();
      transport = undefined;
      await bound.close();
    },
  };
}

function hasToTag(request: SipRequest): boolean {
  try {
    return getTo(request).tag !== undefined;
  } catch {
    return false;
  }
}

const FAILURE_TEXT: Record<AuthFailure['reason'], string> = {
  no_answer: 'never answered the challenge: it may not support the algorithms offered',
  algorithm_not_offered: 'answered in an algorithm that was not offered',
  unsupported_algorithm: 'answered in an algorithm Kefu does not support',
  unsupported_qop: 'asked for a qop other than auth',
  wrong_response: 'answered with a wrong response (wrong password?)',
  unknown_user: 'named an account that does not exist or is disabled',
  uri_mismatch: 'answered for another Request-URI',
  wrong_realm: 'answered for another realm',
  bad_nonce: 'answered with a nonce Kefu did not issue',
  stale_nonce: 'answered with an expired nonce',
};

/**
 * One line an operator can act on, e.g. `SIP phone agent01 at 10.0.0.7:5060 failed the digest
 * challenge: offered SHA-256, MD5, answered nothing — never answered the challenge …`.
 */
export function describeAuthFailure(f: AuthFailure): string {
  // The user part comes from whoever sent the REGISTER: cut short and limited to what an account
  // name may hold, so nobody can write their own sentence into the log line.
  const user = f.username === undefined ? '(unknown)' : f.username.replace(/[^\w.@+-]/g, '?').slice(0, 32);
  const who = `SIP phone ${user} at ${f.source.host}:${f.source.port}`;
  const hint =
    f.reason === 'no_answer' || f.reason === 'algorithm_not_offered' || f.reason === 'unsupported_algorithm'
      ? ' (KEFU_SIP_DIGEST sets what is offered; MD5 alone suits most phones)'
      : '';
  return `${who} failed the digest challenge: offered ${f.offered.join(', ')}, answered ${f.answered ?? 'nothing'} — ${FAILURE_TEXT[f.reason]}${hint}`;
}
