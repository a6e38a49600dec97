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

/**
 * The one way Kefu rings a user's phone (an agent for an offer, a conference agent, a supervisor,
 * the agent of a 外呼): INVITEs the user's best registered phone (highest q) with a fresh media leg
 * and a leg on the call record that notes 180/183. Undefined when no SIP stack runs or no phone is
 * registered; throws when no media port is free. The leg's `result` settles with the answer.
 */
export async function ringPhone(
  deps: UserPhoneDeps,
  userId: string,
  from: { user: string; displayName: string },
  record: CallRecordHandle,
  kind: 'agent' | 'monitor',
): Promise<PhoneLeg | undefined> {
  const ua = deps.ua();
  const binding = [...deps.bindingsOf(userId)].sort((a, b) => b.q - a.q)[0];
  if (!ua || !binding) return undefined;
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
  return { leg: out, media: m, record: legRecord };
}

/** Rings a user's phone and waits (at most `timeoutMs`) for the answer: VOICE.NO_PHONE / NO_ANSWER otherwise. */
export async function callUserPhone(
  deps: UserPhoneDeps,
  userId: string,
  from: { user: string; displayName: string },
  record: CallRecordHandle,
  kind: 'agent' | 'monitor',
  timeoutMs = 30_000,
): Promise<PhoneLeg> {
  const phone = await ringPhone(deps, userId, from, record, kind);
  if (!phone) throw noPhone(userId);
  const { leg, media } = phone;
  const timer = setTimeout(() => leg.hangup(), timeoutMs);
  const result = await leg.result.finally(() => clearTimeout(timer));
  if (result.status >= 300 || !media.applyAnswer(result.sdp ?? '').ok) {
    if (result.status < 300) leg.hangup();
    media.close();
    phone.record.ended('no_answer', result.status);
    throw noAnswer(result.status);
  }
  phone.record.answered();
  return phone;
}
