import { IvrHangup, type QueueOutcome, type QueueRequest } from '../ivr';
import type { AgentLeg } from './agent-leg';
import { announcementPrompts } from './announcement';
import type { CallControlDeps } from './call-control.deps';
import { type Call, type CallRegistry, VIEWER } from './call-registry';

/**
 * The IVR's queue node: the caller becomes a voice contact in the ACD and waits with music,
 * announcements of position and wait, and "press 1 for a callback", until an agent served the call,
 * the queue timed out, the caller took a callback, or the call closed.
 */
export type QueueWait = { queueCall(call: Call, request: QueueRequest): Promise<QueueOutcome> };

export function createQueueWait(
  deps: CallControlDeps,
  registry: CallRegistry,
  ports: {
    /** Closes a contact whose caller is gone (inbound). */
    releaseContact(contactId: string): Promise<void>;
    withdrawRing: AgentLeg['withdrawRing'];
  },
): QueueWait {
  const { log, prompts, routing, clock } = deps;

  async function queueCall(call: Call, request: QueueRequest): Promise<QueueOutcome> {
    const music = await prompts.music(request.music);
    // Everything an answer needs is in place before the contact exists: the ACD may offer it, and
    // voice ring and connect the agent, within the command that creates it (offers arrive in process).
    const outcome = new Promise<QueueOutcome>((resolve) => {
      call.queueDone = (o) => {
        call.queueDone = undefined;
        resolve(o);
      };
    });
    const holdMusic = () => {
      if (!call.talking && !call.ended) call.media.play(music, { loop: true });
    };
    const contactId = routing.newContactId();
    call.phase = 'queue';
    call.contactId = contactId;
    call.queueId = routing.queueId(request.queue) ?? request.queue;
    call.queuedAt = clock.now();
    registry.bindContact(contactId, call);
    call.record.set({ queueId: call.queueId, contactId, queuedAt: call.queuedAt });
    call.resumeMusic = holdMusic;
    holdMusic();
    let contact: Awaited<ReturnType<typeof routing.createChannelContact>>;
    try {
      contact = await routing.createChannelContact(
        {
          id: contactId,
          channel: 'voice',
          queue: request.queue,
          priority: request.priority,
          ...(request.skills?.length ? { skills: request.skills } : {}),
          attributes: { ...request.attributes, callId: call.id, called: call.called },
          customer: { phone: call.caller },
        },
        null,
      );
    } catch (err) {
      // Refused, or its write failed (the ACD reloaded): an offer already ringing is void too.
      registry.unbindContact(contactId);
      if (call.ringing?.contactId === contactId) ports.withdrawRing(call.ringing);
      call.contactId = undefined;
      call.queueDone = undefined;
      call.resumeMusic = undefined;
      call.media.stopPlayback();
      throw err;
    }
    if (call.ended || call.closing) {
      // Hung up while the contact was being created: it must not wait for an agent.
      await ports.releaseContact(contact.id);
      throw new IvrHangup();
    }
    if (contact.state === 'timed_out') {
      call.queueDone = undefined;
      return 'timeout';
    }

    let announcing = false;
    const announce = async () => {
      if (announcing || call.talking || call.ringing || call.ended || !call.contactId) return;
      announcing = true;
      try {
        const c = await routing.getContact(call.contactId, VIEWER).catch(() => undefined);
        const keys = announcementPrompts(
          {
            position: c?.position,
            estimatedWaitSeconds: c?.estimatedWaitSeconds,
            announcePosition: request.announcePosition,
            announceWait: request.announceWait,
            callbackOffer: request.callbackOffer,
          },
          call.language,
        );
        if (keys.length && !call.talking && !call.ringing) {
          const audio: Int16Array[] = [];
          for (const key of keys) audio.push(await prompts.get(key, call.language));
          if (!call.talking && !call.ringing && !call.ended) await call.media.play(audio).done;
        }
      } finally {
        announcing = false;
        holdMusic();
      }
    };
    const every = request.announceEverySeconds > 0 ? request.announceEverySeconds * 1000 : 0;
    const timer = every ? setInterval(() => void announce().catch(() => {}), every) : undefined;
    timer?.unref();

    // "Press 1 for a callback": listen while waiting.
    let listening = request.callbackOffer;
    // The pending wait is withdrawn when the queue wait ends, or the survey would lose its digit.
    let pending: { cancel(): void } | undefined;
    const listen = async () => {
      while (listening && !call.ended) {
        const w = call.digits.next(60_000);
        pending = w;
        const d = await w.promise;
        if (!listening || call.ended) return;
        if (d === '1' && call.phase === 'queue' && !call.talking && call.contactId) {
          const child = await routing.convertToCallback(call.contactId, { callbackNumber: call.caller });
          if (child) {
            registry.unbindContact(call.contactId);
            if (call.ringing) ports.withdrawRing(call.ringing);
            call.record.set({ leftQueueAt: clock.now(), attributes: { callbackContactId: child.id } });
            call.reason = 'callback';
            call.phase = 'after';
            call.media.stopPlayback();
            await call.media.play(await prompts.get('callback-confirm', call.language)).done;
            call.queueDone?.('callback');
            return;
          }
        }
      }
    };
    if (listening) void listen().catch((err) => log.debug({ err }, 'callback listener failed'));

    try {
      return await outcome;
    } finally {
      listening = false;
      pending?.cancel();
      if (timer) clearInterval(timer);
    }
  }

  return { queueCall };
}
