/**
 * What the user agent's parts share: the legs by dialog and by transaction, the in-dialog requests
 * waiting for their responses, and the steps every part takes (send, end a leg, BYE, ACK a 2xx).
 */
import {
  getCSeq,
  type Retransmit2xx,
  type SipHeader,
  type SipMessage,
  type SipResponse,
  type SipTarget,
  type TransactionManager,
} from '../sip';
import { type Dialog, dialogKey, inDialogRequest } from './dialog';
import type { LegEnd, LegHandlers, UserAgentOptions } from './ua-types';

export const SDP = 'application/sdp';

export type LegRuntime = {
  id: string;
  callId: string;
  direction: 'inbound' | 'outbound';
  state: 'early' | 'confirmed' | 'ended';
  dialog?: Dialog;
  handlers: LegHandlers;
  retransmit?: Retransmit2xx;
  end(end: LegEnd): void;
  /** Outbound legs: the INVITE client transaction's responses (and a 408 on its timeout). */
  onTxResponse?: (response: SipResponse) => void;
};

export type UaCore = ReturnType<typeof createUaCore>;

export function createUaCore(options: UserAgentOptions) {
  const { local, log } = options;
  let transactions: TransactionManager | undefined;
  let seq = 0;
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
    options,
    local,
    log,
    via,
    contactOf,
    dialogs,
    pendingInbound,
    outboundByTx,
    outboundByCallId,
    waiting,
    attach(t: TransactionManager) {
      transactions = t;
    },
    nextSeq: () => ++seq,
    tm,
    sendSafe,
    finish,
    request,
    bye,
    ackFor2xx,
  };
}
