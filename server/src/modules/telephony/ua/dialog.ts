/**
 * SIP dialogs (RFC 3261 §12) as Kefu's back-to-back user agent keeps them: the identifiers, the
 * sequence numbers, the remote target and route set, and where in-dialog requests go.
 *
 * Decision (NAT, RFC 3581 spirit): in-dialog requests are sent to the address the peer's messages
 * came from (the INVITE's source, or the registered phone's source), not to its Contact host,
 * which behind NAT is a private address. The Request-URI still carries the remote target, so a
 * phone or an SBC sees what it expects.
 */
import { randomBytes } from 'node:crypto';
import {
  getCallId,
  getCSeq,
  getFrom,
  getTo,
  header,
  headerValues,
  MAGIC_COOKIE,
  parseContact,
  type SipHeader,
  type SipRequest,
  type SipResponse,
  type SipTarget,
  serializeUri,
} from '../sip';

export type Dialog = {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** Our From (UAC) or To (UAS) value, with our tag. */
  localParty: string;
  /** Their From (UAS) or To (UAC) value, with their tag. */
  remoteParty: string;
  /** The remote Contact URI: the Request-URI of in-dialog requests. */
  remoteTarget: string;
  /** Route headers for in-dialog requests, in order. */
  routeSet: string[];
  localSeq: number;
  remoteSeq: number;
  /** Where in-dialog requests are sent (see the module comment). */
  target: SipTarget;
};

export const newTag = (): string => randomBytes(6).toString('hex');
export const newBranch = (): string => `${MAGIC_COOKIE}${randomBytes(8).toString('hex')}`;
export const newCallId = (host: string): string => `${randomBytes(12).toString('hex')}@${host}`;

export const dialogKey = (callId: string, localTag: string, remoteTag: string): string =>
  `${callId}\n${localTag}\n${remoteTag}`;

/** The key a request received inside a dialog maps to (its To tag is ours). */
export function requestDialogKey(request: SipRequest): string | undefined {
  const to = getTo(request).tag;
  const from = getFrom(request).tag;
  if (!to || !from) return undefined;
  return dialogKey(getCallId(request), to, from);
}

/** The remote target of a Contact header, if the message has a usable one. */
export function contactUri(message: SipRequest | SipResponse): string | undefined {
  const value = headerValues(message, 'contact')[0];
  if (!value) return undefined;
  try {
    const c = parseContact(value);
    return c === '*' ? undefined : serializeUri(c.uri);
  } catch {
    return undefined;
  }
}

/** UAS side (§12.1.1): the dialog a 2xx to this INVITE creates. */
export function dialogFromInvite(invite: SipRequest, localTag: string, source: SipTarget): Dialog {
  const to = headerValues(invite, 'to')[0] ?? '';
  return {
    callId: getCallId(invite),
    localTag,
    remoteTag: getFrom(invite).tag ?? '',
    localParty: `${to};tag=${localTag}`,
    remoteParty: headerValues(invite, 'from')[0] ?? '',
    remoteTarget: contactUri(invite) ?? invite.uri,
    routeSet: headerValues(invite, 'record-route'),
    localSeq: 0,
    remoteSeq: getCSeq(invite).seq,
    target: source,
  };
}

/** UAC side (§12.1.2): the dialog a 2xx response to our INVITE creates. */
export function dialogFromResponse(invite: SipRequest, response: SipResponse, target: SipTarget): Dialog {
  return {
    callId: getCallId(invite),
    localTag: getFrom(invite).tag ?? '',
    remoteTag: getTo(response).tag ?? '',
    localParty: headerValues(invite, 'from')[0] ?? '',
    remoteParty: headerValues(response, 'to')[0] ?? '',
    remoteTarget: contactUri(response) ?? invite.uri,
    routeSet: headerValues(response, 'record-route').reverse(),
    localSeq: getCSeq(invite).seq,
    remoteSeq: 0,
    target,
  };
}

/** A new request inside the dialog (§12.2.1.1): BYE, re-INVITE, INFO, NOTIFY, or the ACK of a 2xx. */
export function inDialogRequest(
  dialog: Dialog,
  method: string,
  via: { host: string; port: number; transport: string },
  options: { headers?: SipHeader[]; body?: Buffer; cseq?: number } = {},
): SipRequest {
  const seq = options.cseq ?? ++dialog.localSeq;
  const headers: SipHeader[] = [
    header('Via', `SIP/2.0/${via.transport} ${via.host}:${via.port};branch=${newBranch()};rport`),
    header('Max-Forwards', '70'),
    header('From', dialog.localParty),
    header('To', dialog.remoteParty),
    header('Call-ID', dialog.callId),
    header('CSeq', `${seq} ${method}`),
    ...dialog.routeSet.map((r) => header('Route', r)),
    ...(options.headers ?? []),
  ];
  return { kind: 'request', method, uri: dialog.remoteTarget, headers, body: options.body ?? Buffer.alloc(0) };
}
