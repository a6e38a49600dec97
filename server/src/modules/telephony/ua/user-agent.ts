/**
 * Kefu's SIP user agent core (RFC 3261 §8, §12–15) above the transaction layer: INVITE sessions in
 * both directions, as a back-to-back user agent needs them. Every call Kefu handles is one inbound
 * leg (the caller, answered by Kefu itself) plus outbound legs (agent phones, outside numbers);
 * call control (`../voice`) joins legs, this layer only speaks SIP for each.
 *
 * Here: the transaction user's entry points, dispatching to the parts — inbound.ts (new INVITEs,
 * CANCEL), in-dialog.ts (requests inside a dialog), outbound.ts (our INVITEs); ua-core.ts holds what
 * they share, ua-types.ts the contract.
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
import { createResponse, getCallId, getCSeq, getTo } from '../sip';
import { newTag, requestDialogKey } from './dialog';
import { onInDialog } from './in-dialog';
import { newInbound, onCancel } from './inbound';
import { sendInvite } from './outbound';
import { createUaCore } from './ua-core';
import type { InboundLeg, OutboundLeg, UserAgent, UserAgentOptions } from './ua-types';

export type {
  InboundLeg,
  LegEnd,
  LegHandlers,
  OutboundLeg,
  OutboundResult,
  UserAgent,
  UserAgentOptions,
} from './ua-types';
export { UA_ALLOW } from './ua-types';

export function createUserAgent(options: UserAgentOptions): UserAgent {
  const core = createUaCore(options);
  const { dialogs, pendingInbound, outboundByTx, outboundByCallId, waiting, bye, ackFor2xx } = core;

  return {
    attach: core.attach,

    invite: (o) => sendInvite(core, o),

    onRequest(req, tx) {
      if (req.method === 'INVITE' && getTo(req).tag === undefined) return newInbound(core, req, tx);
      if (req.method === 'CANCEL') return onCancel(core, req, tx);
      const key = requestDialogKey(req);
      const leg = key ? dialogs.get(key) : undefined;
      if (!leg) {
        tx.respond(createResponse(req, 481, { toTag: newTag() }));
        return;
      }
      onInDialog(core, req, tx, leg);
    },

    onResponse(response, txId) {
      const wait = waiting.get(txId);
      if (wait && response.status >= 200) {
        waiting.delete(txId);
        wait(response);
        return;
      }
      const leg = outboundByTx.get(txId);
      leg?.onTxResponse?.(response);
    },

    onTimeout(txId) {
      const wait = waiting.get(txId);
      if (wait) {
        waiting.delete(txId);
        wait(undefined);
        return;
      }
      const leg = outboundByTx.get(txId);
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
