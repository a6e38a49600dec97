/**
 * Requests inside a dialog: BYE (200), re-INVITE (hold/resume: the leg's handler answers the new
 * offer), INFO (DTMF fallback), REFER (transfer started from the phone: 202 and a NOTIFY with the
 * outcome), OPTIONS; anything else 501. CSeq out of order gets 500.
 */
import {
  createResponse,
  findHeader,
  getCSeq,
  header,
  retransmit2xxUntilAck,
  type ServerTransaction,
  type SipRequest,
} from '../sip';
import { type LegRuntime, SDP, type UaCore } from './ua-core';
import { UA_ALLOW } from './ua-types';

export function onInDialog(core: UaCore, req: SipRequest, tx: ServerTransaction, leg: LegRuntime): void {
  const { contactOf, finish, request, log, options } = core;
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
