/**
 * Outbound INVITE sessions: `invite()` sends an INVITE in a client transaction, ACKs the 2xx itself
 * (§13.2.2.4), answers one digest challenge when given credentials (trunks), sends CANCEL when asked
 * before the answer (deferred until a provisional arrived, §9.1) and BYE if a 2xx crosses the CANCEL.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  type DigestChallenge,
  getCSeq,
  header,
  headerValues,
  parseDigestChallenge,
  type SipRequest,
  type SipResponse,
  serializeDigestCredentials,
} from '../sip';
import { dialogFromResponse, dialogKey, newBranch, newCallId, newTag } from './dialog';
import { type LegRuntime, SDP, type UaCore } from './ua-core';
import { type OutboundLeg, type OutboundResult, UA_ALLOW, type UserAgent } from './ua-types';

type InviteOptions = Parameters<UserAgent['invite']>[0];

export function sendInvite(core: UaCore, o: InviteOptions): OutboundLeg {
  const { local, log, contactOf, dialogs, outboundByTx, outboundByCallId, finish, bye, ackFor2xx, tm } = core;
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
  /** Any response seen (the INVITE reached the far end). */
  let responded = false;
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
    id: `out-${core.nextSeq()}`,
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
    if (!responded) {
      responded = true;
      leg.onReached?.();
    }
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
  leg.onTxResponse = onResponse;
  return leg;
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
