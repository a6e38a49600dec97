/**
 * Inbound INVITE sessions: a new INVITE becomes an `InboundLeg` (ring, answer with SDP, reject);
 * the 2xx is retransmitted until the ACK (§13.3.1.4); CANCEL before the answer gives 200 + 487.
 */
import {
  createResponse,
  findHeader,
  header,
  retransmit2xxUntilAck,
  type ServerTransaction,
  type SipRequest,
} from '../sip';
import { dialogFromInvite, dialogKey, newTag } from './dialog';
import { type LegRuntime, SDP, type UaCore } from './ua-core';
import { type InboundLeg, UA_ALLOW } from './ua-types';

export function newInbound(core: UaCore, invite: SipRequest, tx: ServerTransaction): void {
  const { contactOf, dialogs, pendingInbound, finish, request, bye, log, options } = core;
  const localTag = newTag();
  const dialog = dialogFromInvite(invite, localTag, tx.source);
  const leg: LegRuntime & InboundLeg = {
    id: `in-${core.nextSeq()}`,
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
}

export function onCancel(core: UaCore, cancel: SipRequest, tx: ServerTransaction): void {
  const { pendingInbound, finish, tm } = core;
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
}
