import type { CallLegHandle, CallRecordHandle, MediaLeg, OutboundLeg } from '../telephony';
import { serializeUri } from '../telephony';
import type { CallControlDeps } from './call-control.deps';
import { noAnswer, noPhone } from './voice.errors';

export type UserPhoneDeps = Pick<CallControlDeps, 'ua' | 'bindingsOf' | 'sipHost' | 'media'>;

export type PhoneLeg = { leg: OutboundLeg; media: MediaLeg; record: CallLegHandle };

/** The caller as a phone's display shows it: a SIP user part (else "anonymous") and a name. */
export const callerAsFrom = (caller: string, displayName: string) => ({
  user: caller.replace(/[^0-9A-Za-z+*#._-]/g, '') || 'anonymous',
  displayName,
});

/** INVITEs a user's registered phone and waits (at most `timeoutMs`) for the answer. */
export async function callUserPhone(
  deps: UserPhoneDeps,
  userId: string,
  from: { user: string; displayName: string },
  record: CallRecordHandle,
  kind: 'agent' | 'monitor',
  timeoutMs = 30_000,
): Promise<PhoneLeg> {
  const ua = deps.ua();
  const binding = [...deps.bindingsOf(userId)].sort((a, b) => b.q - a.q)[0];
  if (!ua || !binding) throw noPhone(userId);
  const m = await deps.media.openLeg();
  const legRecord = record.leg({ kind, remote: binding.contactText, agentUserId: userId });
  const out = ua.invite({
    requestUri: serializeUri(binding.contact),
    target: binding.source,
    from,
    to: `<sip:${binding.username}@${deps.sipHost()}>`,
    sdp: m.offer(),
  });
  out.onProgress = (status) => {
    if (status === 180 || status === 183) legRecord.ringing();
  };
  const timer = setTimeout(() => out.hangup(), timeoutMs);
  const result = await out.result.finally(() => clearTimeout(timer));
  if (result.status >= 300 || !m.applyAnswer(result.sdp ?? '').ok) {
    if (result.status < 300) out.hangup();
    m.close();
    legRecord.ended('no_answer', result.status);
    throw noAnswer(result.status);
  }
  legRecord.answered();
  return { leg: out, media: m, record: legRecord };
}
