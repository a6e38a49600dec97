/**
 * Kefu's SIP user agent core (RFC 3261 §8, §12–15) above the transaction layer: INVITE sessions in
 * both directions, as a back-to-back user agent needs them. Every call Kefu handles is one inbound
 * leg (the caller, answered by Kefu itself) plus outbound legs (agent phones, outside numbers);
 * call control (`../voice`) joins legs, this layer only speaks SIP for each.
 *
 * - Inbound: a new INVITE becomes an `InboundLeg` (ring, answer with SDP, reject); the 2xx is
 *   retransmitted until the ACK (§13.3.1.4); CANCEL before the answer gives 200 + 487.
 * - Outbound: `invite()` sends an INVITE in a client transaction, ACKs the 2xx itself (§13.2.2.4),
 *   re-ACKs retransmitted 2xx, sends CANCEL when asked before the answer (deferred until a
 *   provisional arrived, §9.1) and BYE if a 2xx crosses the CANCEL.
 * - In a dialog: BYE (200), re-INVITE (hold/resume: the leg's handler answers the new offer), INFO
 *   (DTMF fallback), REFER (transfer started from the phone: 202 and a NOTIFY with the outcome),
 *   OPTIONS; anything else 501; an unknown dialog 481.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../../../platform/logger';
import {
  createResponse,
  type DigestChallenge,
  findHeader,
  getCallId,
  getCSeq,
  getFrom,
  getTo,
  header,
  headerValues,
  parseDigestChallenge,
  type Retransmit2xx,
  retransmit2xxUntilAck,
  type ServerTransaction,
  type SipHeader,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  type SipTarget,
  serializeDigestCredentials,
  type TransactionManager,
  type TransactionTimers,
} from '../sip';
import {
  type Dialog,
  dialogFromInvite,
  dialogFromResponse,
  dialogKey,
  inDialogRequest,
  newBranch,
  newCallId,
  newTag,
  requestDialogKey,
} from './dialog';

export type LegEnd = {
  /** Who ended it: the peer (BYE, CANCEL, error response) or Kefu. */
  by: 'remote' | 'local';
  /** bye, cancel, rejected (final ≥ 300), timeout (no response / no ACK), transport. */
  cause: 'bye' | 'cancel' | 'rejected' | 'timeout' | 'transport';
  status?: number;
};

export type LegHandlers = {
  /** A re-INVITE offer (hold or resume): answer with SDP, or refuse with a status (488). */
  reoffer?(sdp: string): { ok: true; sdp: string } | { ok: false; status: number };
  /** SIP INFO with application/dtmf-relay or application/dtmf: the digit. */
  dtmf?(digit: string): void;
  /** REFER from the phone: where to transfer. Resolves whether it worked (for the NOTIFY). */
  refer?(target: string): Promise<boolean>;
  ended?(end: LegEnd): void;
};

type LegBase = {
  readonly id: string;
  readonly callId: string;
  readonly state: 'early' | 'confirmed' | 'ended';
  handlers: LegHandlers;
  /** Hangs up: BYE when confirmed; for an outbound leg not answered yet, CANCEL. Idempotent. */
  hangup(): void;
};

export type InboundLeg = LegBase & {
  readonly direction: 'inbound';
  readonly request: SipRequest;
  readonly source: SipTarget;
  /** The SDP offer of the INVITE ('' without one: offer/answer in the ACK is not supported → 488). */
  readonly offer: string;
  ring(): void;
  answer(sdp: string): void;
  reject(status: number, headers?: SipHeader[]): void;
};

export type OutboundResult = { status: number; sdp?: string };

export type OutboundLeg = LegBase & {
  readonly direction: 'outbound';
  /** 180/183 arrived. */
  onProgress?: (status: number) => void;
  /** Settles with the final response: 2xx with the answer SDP, or the failure status (408 on timeout, 487 after CANCEL). */
  readonly result: Promise<OutboundResult>;
};

export type UserAgentOptions = {
  /** Our address for Via and Contact (the external address behind NAT) and the SIP port. */
  local: { host: string; port: number };
  send: (message: SipMessage, target: SipTarget) => void;
  timers: TransactionTimers;
  log: Logger;
  /** A new call came in; the callee decides (answer, reject). */
  onInvite(leg: InboundLeg): void;
};

export type UserAgent = {
  /** The transaction layer, once it exists (it needs this UA as its TU). */
  attach(transactions: TransactionManager): void;
  invite(options: {
    requestUri: string;
    target: SipTarget;
    from: { user: string; displayName?: string };
    to: string;
    sdp: string;
    headers?: SipHeader[];
    /** Answer one 401/407 digest challenge with these (outbound trunks). */
    credentials?: { username: string; password: string };
  }): OutboundLeg;
  /** Transaction-user entry points, called by the SIP server. */
  onRequest(request: SipRequest, tx: ServerTransaction): void;
  onResponse(response: SipResponse, txId: string): void;
  onTimeout(txId: string): void;
  onUnmatched(message: SipMessage, source: SipTarget): void;
  /** Live legs (tests check nothing leaks). */
  readonly size: number;
  /** Hangs up every leg (shutdown). */
  hangupAll(): void;
};

const SDP = 'application/sdp';
export const UA_ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, REGISTER';

export function createUserAgent(options: UserAgentOptions): UserAgent {
  const { local, log } = options;
  let transactions: TransactionManager | undefined;
  // Read lazily: with port 0 the SIP server learns its port after this UA is created.
  const via = {
    get host() {
      return local.host;
    },
    get port() {
      return local.port;
    },
    transport: 'UDP',
  };
  const contactOf = (transport = 'UDP') =>
    `<sip:kefu@${local.host}:${local.port}${transport.toUpperCase() === 'TCP' ? ';transport=tcp' : ''}>`;
  /** Confirmed and early dialogs by dialogKey. */
  const dialogs = new Map<string, LegRuntime>();
  /** Inbound legs not yet answered, by INVITE server transaction id (for CANCEL). */
  const pendingInbound = new Map<string, LegRuntime>();
  /** Outbound INVITE client transactions by id. */
  const outboundByTx = new Map<string, LegRuntime>();
  /** Outbound legs by Call-ID (2xx retransmissions after the transaction ended). */
  const outboundByCallId = new Map<string, LegRuntime>();
  /** In-dialog requests we sent (BYE, NOTIFY, re-INVITE) whose responses we wait for. */
  const waiting = new Map<string, (response: SipResponse | undefined) => void>();
  let seq = 0;

  type LegRuntime = {
    id: string;
    callId: string;
    direction: 'inbound' | 'outbound';
    state: 'early' | 'confirmed' | 'ended';
    dialog?: Dialog;
    handlers: LegHandlers;
    retransmit?: Retransmit2xx;
    end(end: LegEnd): void;
  };

  const tm = (): TransactionManager => {
    if (!transactions) throw new Error('user agent not attached to a transaction layer');
    return transactions;
  };

  const sendSafe = (message: SipMessage, target: SipTarget) => {
    try {
      options.send(message, target);
    } catch (err) {
      log.debug({ err }, 'SIP send failed');
    }
  };

  const finish = (leg: LegRuntime, end: LegEnd) => {
    if (leg.state === 'ended') return;
    leg.state = 'ended';
    leg.retransmit?.stop();
    if (leg.direction === 'outbound') outboundByCallId.delete(leg.callId);
    if (leg.dialog) dialogs.delete(dialogKey(leg.dialog.callId, leg.dialog.localTag, leg.dialog.remoteTag));
    try {
      leg.handlers.ended?.(end);
    } catch (err) {
      log.error({ err }, 'leg end handler failed');
    }
  };

  /** Sends an in-dialog request in a client transaction; resolves with its final response (undefined on timeout). */
  const request = (
    dialog: Dialog,
    method: string,
    extra: { headers?: SipHeader[]; body?: Buffer } = {},
  ): Promise<SipResponse | undefined> => {
    const req = inDialogRequest(dialog, method, { ...via, transport: dialog.target.transport.toUpperCase() }, extra);
    return new Promise((resolve) => {
      try {
        const tx = tm().sendRequest(req, dialog.target);
        waiting.set(tx.id, resolve);
      } catch (err) {
        log.debug({ err, method }, 'in-dialog request failed');
        resolve(undefined);
      }
    });
  };

  const bye = (leg: LegRuntime) => {
    if (leg.state !== 'confirmed' || !leg.dialog) return;
    const dialog = leg.dialog;
    finish(leg, { by: 'local', cause: 'bye' });
    void request(dialog, 'BYE');
  };

  // ---- inbound ------------------------------------------------------------------------------

  const newInbound = (invite: SipRequest, tx: ServerTransaction) => {
    const localTag = newTag();
    const dialog = dialogFromInvite(invite, localTag, tx.source);
    const leg: LegRuntime & InboundLeg = {
      id: `in-${++seq}`,
      direction: 'inbound',
      callId: dialog.callId,
      request: invite,
      source: tx.source,
      offer: findHeader(invite, 'content-type')?.toLowerCase().startsWith(SDP) ? invite.body.toString('utf8') : '',
      state: 'early',
      dialog,
      handlers: {},
      ring() {
        if (leg.state !== 'early') return;
        tx.respond(
          createResponse(invite, 180, {
            toTag: localTag,
            headers: [header('Contact', contactOf(tx.source.transport))],
          }),
        );
      },
      answer(sdp) {
        if (leg.state !== 'early') return;
        pendingInbound.delete(tx.id);
        const ok = createResponse(invite, 200, {
          toTag: localTag,
          headers: [
            header('Contact', contactOf(tx.source.transport)),
            header('Allow', UA_ALLOW),
            header('Supported', 'replaces'),
            header('Content-Type', SDP),
          ],
          body: Buffer.from(sdp, 'utf8'),
        });
        leg.state = 'confirmed';
        dialogs.set(dialogKey(dialog.callId, localTag, dialog.remoteTag), leg);
        tx.respond(ok);
        leg.retransmit = retransmit2xxUntilAck({
          response: ok,
          target: tx.source,
          send: options.send,
          timers: options.timers,
          onTimeout: () => {
            // §13.3.1.4: no ACK → the session is over; BYE it.
            log.info({ callId: dialog.callId }, 'no ACK for our 2xx: ending the call');
            const d = leg.dialog!;
            finish(leg, { by: 'remote', cause: 'timeout', status: 408 });
            void request(d, 'BYE');
          },
        });
      },
      reject(status, headers) {
        if (leg.state !== 'early') return;
        pendingInbound.delete(tx.id);
        tx.respond(createResponse(invite, status, { toTag: localTag, headers: headers ?? [] }));
        finish(leg, { by: 'local', cause: 'rejected', status });
      },
      hangup() {
        if (leg.state === 'early') leg.reject(480);
        else bye(leg);
      },
      end: (e) => finish(leg, e),
    };
    pendingInbound.set(tx.id, leg);
    options.onInvite(leg);
  };

  const onCancel = (cancel: SipRequest, tx: ServerTransaction) => {
    const inviteTx = tm().findInviteForCancel(cancel);
    const leg = inviteTx ? pendingInbound.get(inviteTx.id) : undefined;
    if (!inviteTx || !leg || leg.state !== 'early') {
      tx.respond(createResponse(cancel, 481, { toTag: newTag() }));
      return;
    }
    tx.respond(createResponse(cancel, 200, { toTag: leg.dialog?.localTag ?? newTag() }));
    pendingInbound.delete(inviteTx.id);
    inviteTx.respond(createResponse(inviteTx.request, 487, { toTag: leg.dialog?.localTag ?? newTag() }));
    finish(leg, { by: 'remote', cause: 'cancel', status: 487 });
  };

  // ---- in-dialog requests -------------------------------------------------------------------

  const onInDialog = (req: SipRequest, tx: ServerTransaction, leg: LegRuntime) => {
    const dialog = leg.dialog!;
    const cseq = getCSeq(req).seq;
    if (req.method !== 'ACK' && cseq <= dialog.remoteSeq && dialog.remoteSeq !== 0 && req.method !== 'CANCEL') {
      tx.respond(createResponse(req, 500, { reason: 'Server Internal Error (CSeq out of order)' }));
      return;
    }
    dialog.remoteSeq = cseq;
    dialog.target = tx.source;
    switch (req.method) {
      case 'BYE':
        tx.respond(createResponse(req, 200));
        finish(leg, { by: 'remote', cause: 'bye' });
        return;
      case 'INVITE': {
        const sdp = req.body.toString('utf8');
        const result = leg.handlers.reoffer?.(sdp) ?? { ok: false as const, status: 488 };
        if (!result.ok) {
          tx.respond(createResponse(req, result.status));
          return;
        }
        const ok = createResponse(req, 200, {
          headers: [header('Contact', contactOf(tx.source.transport)), header('Content-Type', SDP)],
          body: Buffer.from(result.sdp, 'utf8'),
        });
        tx.respond(ok);
        leg.retransmit?.stop();
        leg.retransmit = retransmit2xxUntilAck({
          response: ok,
          target: tx.source,
          send: options.send,
          timers: options.timers,
          onTimeout: () => log.debug({ callId: dialog.callId }, 'no ACK for a re-INVITE 2xx'),
        });
        return;
      }
      case 'INFO': {
        tx.respond(createResponse(req, 200));
        const digit = infoDigit(req);
        if (digit) leg.handlers.dtmf?.(digit);
        return;
      }
      case 'REFER': {
        const referTo = findHeader(req, 'refer-to');
        if (!referTo || !leg.handlers.refer) {
          tx.respond(createResponse(req, referTo ? 603 : 400));
          return;
        }
        tx.respond(createResponse(req, 202));
        const target = referTo.replace(/^\s*<|>.*$/g, '').trim();
        void leg.handlers
          .refer(target)
          .catch(() => false)
          .then((ok) => {
            if (leg.state !== 'confirmed') return;
            void request(dialog, 'NOTIFY', {
              headers: [
                header('Event', 'refer'),
                header('Subscription-State', 'terminated;reason=noresource'),
                header('Content-Type', 'message/sipfrag;version=2.0'),
              ],
              body: Buffer.from(ok ? 'SIP/2.0 200 OK\r\n' : 'SIP/2.0 503 Service Unavailable\r\n'),
            });
          });
        return;
      }
      case 'OPTIONS':
      case 'NOTIFY':
      case 'UPDATE':
        tx.respond(createResponse(req, req.method === 'UPDATE' ? 501 : 200));
        return;
      default:
        tx.respond(createResponse(req, 501, { headers: [header('Allow', UA_ALLOW)] }));
    }
  };

  // ---- outbound -----------------------------------------------------------------------------

  const ackFor2xx = (leg: LegRuntime, response: SipResponse) => {
    const d = leg.dialog!;
    const ack = inDialogRequest(
      d,
      'ACK',
      { ...via, transport: d.target.transport.toUpperCase() },
      {
        cseq: getCSeq(response).seq,
      },
    );
    sendSafe(ack, d.target);
  };

  return {
    attach(t) {
      transactions = t;
    },

    invite(o) {
      const callId = newCallId(local.host);
      const localTag = newTag();
      const from = `${o.from.displayName ? `"${o.from.displayName.replace(/["\\]/g, '')}" ` : ''}<sip:${o.from.user}@${local.host}>;tag=${localTag}`;
      let authTried = false;
      let invite: SipRequest = {
        kind: 'request',
        method: 'INVITE',
        uri: o.requestUri,
        headers: [
          header(
            'Via',
            `SIP/2.0/${o.target.transport.toUpperCase()} ${local.host}:${local.port};branch=${newBranch()};rport`,
          ),
          header('Max-Forwards', '70'),
          header('From', from),
          header('To', o.to),
          header('Call-ID', callId),
          header('CSeq', '1 INVITE'),
          header('Contact', contactOf(o.target.transport)),
          header('Allow', UA_ALLOW),
          header('User-Agent', 'Kefu'),
          ...(o.headers ?? []),
          header('Content-Type', SDP),
        ],
        body: Buffer.from(o.sdp, 'utf8'),
      };
      let settle!: (r: OutboundResult) => void;
      const result = new Promise<OutboundResult>((resolve) => {
        settle = resolve;
      });
      let provisional = false;
      let cancelWanted = false;
      let settled = false;
      const done = (r: OutboundResult) => {
        if (settled) return;
        settled = true;
        settle(r);
      };
      const sendCancel = () => {
        const viaValue = headerValues(invite, 'via')[0]!;
        const cseqNumber = getCSeq(invite).seq;
        const cancel: SipRequest = {
          kind: 'request',
          method: 'CANCEL',
          uri: invite.uri,
          headers: [
            header('Via', viaValue),
            header('Max-Forwards', '70'),
            header('From', from),
            header('To', o.to),
            header('Call-ID', callId),
            header('CSeq', `${cseqNumber} CANCEL`),
          ],
          body: Buffer.alloc(0),
        };
        try {
          tm().sendRequest(cancel, o.target);
        } catch (err) {
          log.debug({ err }, 'CANCEL failed');
        }
      };
      let txId = '';
      const leg: LegRuntime & OutboundLeg = {
        id: `out-${++seq}`,
        direction: 'outbound',
        callId,
        state: 'early',
        handlers: {},
        result,
        hangup() {
          if (leg.state === 'confirmed') return bye(leg);
          if (leg.state === 'ended' || cancelWanted) return;
          cancelWanted = true;
          if (provisional) sendCancel();
        },
        end: (e) => finish(leg, e),
      };
      const onResponse = (response: SipResponse) => {
        const status = response.status;
        if (status < 200) {
          if (status > 100) leg.onProgress?.(status);
          if (!provisional) {
            provisional = true;
            if (cancelWanted) sendCancel();
          }
          return;
        }
        outboundByTx.delete(txId);
        if ((status === 401 || status === 407) && o.credentials && !authTried && !cancelWanted) {
          const challenge = headerValues(response, status === 401 ? 'www-authenticate' : 'proxy-authenticate')
            .map((v) => {
              try {
                return parseDigestChallenge(v);
              } catch {
                return undefined;
              }
            })
            .find((c) => c && (!c.algorithm || c.algorithm === 'MD5' || c.algorithm === 'SHA-256'));
          if (challenge) {
            authTried = true;
            const retry = withAuthorization(
              invite,
              status === 401 ? 'Authorization' : 'Proxy-Authorization',
              answerChallenge(challenge, o.credentials, 'INVITE', invite.uri),
            );
            invite = retry;
            try {
              const tx = tm().sendRequest(retry, o.target);
              txId = tx.id;
              outboundByTx.set(tx.id, leg);
              return;
            } catch (err) {
              log.debug({ err }, 'INVITE with credentials could not be sent');
            }
          }
        }
        if (status < 300) {
          if (!leg.dialog) {
            leg.dialog = dialogFromResponse(invite, response, o.target);
            dialogs.set(dialogKey(callId, localTag, leg.dialog.remoteTag), leg);
          }
          ackFor2xx(leg, response);
          if (leg.state === 'early') {
            leg.state = 'confirmed';
            if (cancelWanted) {
              // The 2xx crossed our CANCEL (§9.1): the call exists now; end it.
              done({ status: 487 });
              bye(leg);
              return;
            }
            done({ status, sdp: response.body.toString('utf8') });
          }
          return;
        }
        outboundByCallId.delete(callId);
        done({ status });
        finish(leg, { by: 'remote', cause: cancelWanted && status === 487 ? 'cancel' : 'rejected', status });
      };
      outboundByCallId.set(callId, leg);
      try {
        const tx = tm().sendRequest(invite, o.target);
        txId = tx.id;
        outboundByTx.set(tx.id, Object.assign(leg, { onTxResponse: onResponse }));
      } catch (err) {
        log.debug({ err }, 'INVITE could not be sent');
        queueMicrotask(() => {
          done({ status: 503 });
          finish(leg, { by: 'local', cause: 'transport', status: 503 });
        });
      }
      (leg as LegRuntime & { onTxResponse?: (r: SipResponse) => void }).onTxResponse = onResponse;
      return leg;
    },

    onRequest(req, tx) {
      if (req.method === 'INVITE' && getTo(req).tag === undefined) return newInbound(req, tx);
      if (req.method === 'CANCEL') return onCancel(req, tx);
      const key = requestDialogKey(req);
      const leg = key ? dialogs.get(key) : undefined;
      if (!leg) {
        tx.respond(createResponse(req, 481, { toTag: newTag() }));
        return;
      }
      onInDialog(req, tx, leg);
    },

    onResponse(response, txId) {
      const wait = waiting.get(txId);
      if (wait && response.status >= 200) {
        waiting.delete(txId);
        wait(response);
        return;
      }
      const leg = outboundByTx.get(txId) as (LegRuntime & { onTxResponse?: (r: SipResponse) => void }) | undefined;
      leg?.onTxResponse?.(response);
    },

    onTimeout(txId) {
      const wait = waiting.get(txId);
      if (wait) {
        waiting.delete(txId);
        wait(undefined);
        return;
      }
      const leg = outboundByTx.get(txId) as (LegRuntime & { onTxResponse?: (r: SipResponse) => void }) | undefined;
      if (leg) {
        outboundByTx.delete(txId);
        // Timer B: no final response. Report 408 as the outcome.
        leg.onTxResponse?.({
          kind: 'response',
          status: 408,
          reason: 'Request Timeout',
          headers: [],
          body: Buffer.alloc(0),
        });
      }
    },

    onUnmatched(message) {
      if (message.kind === 'request') {
        if (message.method !== 'ACK') return;
        const key = requestDialogKey(message);
        const leg = key ? dialogs.get(key) : undefined;
        leg?.retransmit?.ackReceived();
        return;
      }
      // A 2xx retransmission after our INVITE transaction ended: ACK it again (§13.2.2.4).
      if (message.status >= 200 && message.status < 300 && getCSeq(message).method === 'INVITE') {
        const leg = outboundByCallId.get(getCallId(message));
        const tag = getTo(message).tag;
        if (leg?.dialog && tag === leg.dialog.remoteTag) ackFor2xx(leg, message);
      }
    },

    get size() {
      return dialogs.size + pendingInbound.size + outboundByTx.size;
    },

    hangupAll() {
      for (const leg of [...dialogs.values()]) {
        if (leg.state === 'confirmed') bye(leg);
      }
      for (const leg of [...pendingInbound.values()]) (leg as unknown as InboundLeg).reject(503);
      for (const leg of [...outboundByTx.values()]) (leg as unknown as OutboundLeg).hangup();
    },
  };
}

/** `Signal=5` (application/dtmf-relay) or a bare digit (application/dtmf). */
function infoDigit(req: SipRequest): string | undefined {
  const type = findHeader(req, 'content-type')?.toLowerCase() ?? '';
  const body = req.body.toString('utf8');
  if (type.startsWith('application/dtmf-relay')) {
    const m = /signal\s*=\s*([0-9*#A-Da-d])/i.exec(body);
    return m?.[1]?.toUpperCase();
  }
  if (type.startsWith('application/dtmf')) {
    const d = body.trim();
    return /^[0-9*#A-Da-d]$/.test(d) ? d.toUpperCase() : undefined;
  }
  return undefined;
}

/** The same INVITE, one CSeq on, a new branch, with the digest answer (RFC 3261 §22.2). */
function withAuthorization(invite: SipRequest, name: string, value: string): SipRequest {
  const cseq = getCSeq(invite).seq + 1;
  const headers = invite.headers
    .filter((h) => !['authorization', 'proxy-authorization'].includes(h.name.toLowerCase()))
    .map((h) => {
      const key = h.name.toLowerCase();
      if (key === 'cseq') return header('CSeq', `${cseq} INVITE`);
      if (key === 'via') return header('Via', h.value.replace(/branch=[^;]+/, `branch=${newBranch()}`));
      return h;
    });
  headers.push(header(name, value));
  return { ...invite, headers };
}

/** RFC 7616 / 2617 client side: MD5 or SHA-256, qop=auth when offered. */
function answerChallenge(
  c: DigestChallenge,
  credentials: { username: string; password: string },
  method: string,
  uri: string,
): string {
  const algorithm = c.algorithm ?? 'MD5';
  const hash = (v: string) =>
    createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
      .update(v)
      .digest('hex');
  const ha1 = hash(`${credentials.username}:${c.realm}:${credentials.password}`);
  const ha2 = hash(`${method}:${uri}`);
  const qop = c.qop?.includes('auth') ? 'auth' : undefined;
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const response = qop ? hash(`${ha1}:${c.nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : hash(`${ha1}:${c.nonce}:${ha2}`);
  return serializeDigestCredentials({
    username: credentials.username,
    realm: c.realm,
    nonce: c.nonce,
    uri,
    response,
    ...(c.algorithm ? { algorithm: c.algorithm } : {}),
    ...(c.opaque ? { opaque: c.opaque } : {}),
    ...(qop ? { qop, nc, cnonce } : {}),
  });
}
