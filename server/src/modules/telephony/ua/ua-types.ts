/** The user agent's contract: its legs (inbound, outbound), their handlers, and its options. */
import type { Logger } from '../../../platform/logger';
import type {
  ServerTransaction,
  SipHeader,
  SipMessage,
  SipRequest,
  SipResponse,
  SipTarget,
  TransactionManager,
  TransactionTimers,
} from '../sip';

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
  /**
   * The far end's first response (any: 100 Trying, 180, a final): the INVITE reached it. A phone
   * that never calls this was not reached (voice tells a delivery failure from RONA by it).
   */
  onReached?: () => void;
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

export const UA_ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REFER, NOTIFY, REGISTER';
