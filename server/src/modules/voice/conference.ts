import type { MonitorMode } from '../../../../contracts/voice';
import { createMixer, type Mixer, type MixRole } from '../telephony';
import type { AgentLeg } from './agent-leg';
import type { CallControlDeps } from './call-control.deps';
import type { Call, CallRegistry, Extra, Talking } from './call-registry';
import { callerAsFrom, callUserPhone } from './user-phone';
import { notTalking } from './voice.errors';

/**
 * 三方通话 and 监听 / 耳语 / 强插: another user's phone joins a conversation. The first one turns the
 * bridge into a mixer; each joined phone hears and is heard by its mode's role.
 */
export type Conference = {
  /** Rings the user's phone and joins it; a user already on the call just changes mode. */
  join(contactId: string, userId: string, mode: Extra['mode'], agentId?: string): Promise<void>;
};

const roleOf = (mode: Extra['mode']): MixRole =>
  mode === 'listen' ? 'listen' : mode === 'whisper' ? 'whisper' : 'full';

const NAMES: Record<MonitorMode | 'conference', string> = {
  listen: '监听',
  whisper: '耳语',
  barge: '强插',
  conference: '三方通话',
};

export function createConference(
  deps: CallControlDeps,
  registry: CallRegistry,
  agents: Pick<AgentLeg, 'setHeld'>,
): Conference {
  function mixerOf(call: Call, talk: Talking): Mixer {
    if (!talk.mixer) {
      if (talk.held) agents.setHeld(call, talk, false, 'desktop');
      talk.bridge.stop();
      const mixer = createMixer();
      mixer.add(call.media, 'full');
      mixer.add(talk.media, 'full');
      talk.mixer = mixer;
      talk.bridge = { stop: () => mixer.stop() };
    }
    return talk.mixer;
  }

  async function join(contactId: string, userId: string, mode: Extra['mode'], agentId?: string): Promise<void> {
    const { call, talk } = registry.talkOf(contactId, agentId);
    const existing = talk.extras.find((x) => x.userId === userId);
    if (existing) {
      existing.mode = mode;
      talk.mixer?.setRole(existing.media, roleOf(mode), mode === 'whisper' ? { whisperTo: talk.media } : undefined);
      return;
    }
    const joined = await callUserPhone(
      deps,
      userId,
      callerAsFrom(call.caller, `${NAMES[mode]} ${call.caller}`),
      call.record,
      mode === 'conference' ? 'agent' : 'monitor',
    );
    if (call.talking !== talk) {
      joined.leg.hangup();
      joined.media.close();
      joined.record.ended('call_ended');
      throw notTalking(contactId);
    }
    const mixer = mixerOf(call, talk);
    mixer.add(joined.media, roleOf(mode), mode === 'whisper' ? { whisperTo: talk.media } : undefined);
    const extra: Extra = { userId, mode, ...joined };
    talk.extras.push(extra);
    if (mode === 'conference') call.record.addAgent(userId);
    joined.leg.handlers = {
      ended: () => {
        const i = talk.extras.indexOf(extra);
        if (i < 0) return;
        talk.extras.splice(i, 1);
        mixer.remove(joined.media);
        joined.media.close();
        joined.record.ended('hangup');
      },
    };
  }

  return { join };
}
