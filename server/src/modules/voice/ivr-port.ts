import { type IvrCall, IvrHangup, type PromptRef } from '../ivr';
import { recordLegs } from '../telephony';
import type { CallControlDeps } from './call-control.deps';
import { callTransferred, recordingStored } from './call-events';
import type { Call } from './call-registry';
import type { Outbound, Party } from './outbound';
import type { QueueWait } from './queue-wait';

/**
 * The IVR runner's port on a live call (`IvrCall` of ivr/domain/runner.ts): prompts played on the
 * caller's media leg with barge-in, digits collected, the queue node's wait, voicemail, a transfer
 * to an outside number, and hang-up. Everything races the caller's hang-up.
 */
export type IvrPortParts = {
  queueCall: QueueWait['queueCall'];
  callOutside: Outbound['callOutside'];
  bridgeUntilHangup: Outbound['bridgeUntilHangup'];
  /** The call is over (inbound): writes its record. */
  finish(call: Call, reason: NonNullable<Call['reason']>): Promise<void>;
};

export function createIvrPort(deps: CallControlDeps, parts: IvrPortParts): (call: Call) => IvrCall {
  const { prompts, routing, clock } = deps;
  const { queueCall, callOutside, bridgeUntilHangup, finish } = parts;
  return ivrPort;

  function ivrPort(call: Call): IvrCall {
    const live = <T>(p: Promise<T>): Promise<T> => Promise.race([p, call.hungUp]);
    const check = () => {
      if (call.ended) throw new IvrHangup();
    };
    const audioOf = async (refs: readonly PromptRef[], language: string): Promise<Int16Array[]> => {
      const out: Int16Array[] = [];
      for (const ref of refs) {
        if ('prompt' in ref) out.push(await prompts.get(ref.prompt, language));
        else for (const ch of ref.value.replace(/[^0-9]/g, '')) out.push(await prompts.get(`digit-${ch}`, language));
      }
      return out;
    };
    const playAll = async (audio: Int16Array[], bargeIn: boolean): Promise<string | null> => {
      if (audio.length === 0) return null;
      const pb = call.media.play(audio);
      if (!bargeIn) {
        await live(pb.done);
        return null;
      }
      const wait = call.digits.next(24 * 3600_000);
      const first = await live(Promise.race([pb.done.then(() => null), wait.promise]));
      if (first === null) wait.cancel();
      else pb.stop();
      return first;
    };

    /** The voicemail message itself (see `voicemail` below). */
    const leaveMessage = async (o: { queue: string; maxSeconds: number; attributes: Record<string, string> }) => {
      await playAll([await prompts.music('beep')], false).catch(() => null);
      const path = deps.recordings?.tempPath(`${call.id}-vm`);
      // The caller's voice on both channels: one file format for every recording.
      const rec = path ? recordLegs(call.media, call.media, path) : undefined;
      const started = clock.now().getTime();
      const deadline = started + o.maxSeconds * 1000;
      let pending: { cancel(): void } | undefined;
      // Most callers end a message by hanging up: the message still becomes a contact.
      let hungUp: unknown;
      try {
        await live(
          (async () => {
            for (;;) {
              const left = deadline - clock.now().getTime();
              if (left <= 0) return;
              const w = call.digits.next(left);
              pending = w;
              const d = await w.promise;
              if (d === null || d === '#') return;
            }
          })(),
        ).catch((err) => {
          hungUp = err;
        });
      } finally {
        pending?.cancel();
        const result = await rec?.stop();
        if (path && result && deps.recordings) {
          const recordingId = await deps.recordings.store(call.id, path, result.durationMs);
          call.record.set({ recordingId });
          recordingStored(call.record, {
            callId: call.id,
            recordingId,
            kind: 'voicemail',
            durationMs: Math.round(result.durationMs),
            storedAt: clock.now().toISOString(),
          });
        }
      }
      await routing.createChannelContact(
        {
          channel: 'callback',
          queue: o.queue,
          priority: 0,
          attributes: {
            ...o.attributes,
            voicemail: 'true',
            callId: call.id,
            callbackNumber: call.caller,
            voicemailSeconds: String(Math.round((clock.now().getTime() - started) / 1000)),
          },
          customer: { phone: call.caller },
        },
        null,
      );
      call.record.set({ leftQueueAt: clock.now() });
      if (hungUp) throw hungUp;
    };

    /**
     * Transfer to an outside number: Kefu calls it through the outbound trunk and bridges the
     * caller to it (recorded) until one side hangs up. False when there is no trunk or no answer.
     */
    const transferOut = async (number: string): Promise<boolean> => {
      check();
      const trunk = await deps.outboundTrunk();
      if (!trunk?.outboundHost) return false;
      const out = await callOutside(number, trunk, call.record);
      const result = await Promise.race([out.leg.result, call.hungUp]).catch((err) => {
        out.leg.hangup();
        out.media.close();
        throw err;
      });
      if (result.status >= 300 || !out.media.applyAnswer(result.sdp ?? '').ok) {
        if (result.status < 300) out.leg.hangup();
        out.media.close();
        out.record.ended('failed', result.status);
        return false;
      }
      out.record.answered();
      call.reason = 'transferred_out';
      call.phase = 'after';
      call.record.set({ answeredAt: clock.now() });
      call.record.transferred();
      callTransferred(call.record, {
        callId: call.id,
        by: 'ivr',
        fromAgentId: null,
        fromContactId: call.contactId ?? null,
        toContactId: null,
        toQueueId: null,
        toAgentId: null,
        toNumber: number,
        at: clock.now().toISOString(),
      });
      const callerParty: Party = { leg: call.leg, media: call.media, record: call.callerLeg };
      await bridgeUntilHangup(callerParty, out, call.record);
      return true;
    };

    return {
      caller: call.caller,
      called: call.called,
      async play(refs, options) {
        check();
        call.language = options.language;
        if (options.bargeIn) {
          const typed = call.digits.take();
          if (typed !== undefined) return typed;
        }
        return playAll(await audioOf(refs, options.language), options.bargeIn);
      },
      async collectDigits(o) {
        check();
        let digits = '';
        let pending = o.initial ?? '';
        for (;;) {
          let d: string | null;
          if (pending) {
            d = pending[0]!;
            pending = pending.slice(1);
          } else {
            const w = call.digits.next(digits.length === 0 ? o.firstTimeoutMs : o.interDigitTimeoutMs);
            d = await live(w.promise);
          }
          if (d === null) return digits;
          if (o.terminator && d === o.terminator) return digits;
          digits += d;
          if (digits.length >= o.max) return digits;
        }
      },
      queue: (request) => live(queueCall(call, request)),
      /**
       * Voicemail: after the node's prompts (the runner plays them) a beep, then the caller's
       * message until # or the time limit, stored as an encrypted recording of the call; the
       * message becomes a `callback` contact in the node's queue carrying the call id.
       */
      async voicemail(o) {
        check();
        // From here the caller is leaving a message: a hang-up ends it, and the call record waits
        // until the message is stored and its contact created.
        call.reason = 'voicemail';
        call.phase = 'after';
        let stored!: () => void;
        call.talkEnding = new Promise<void>((resolve) => {
          stored = resolve;
        });
        try {
          await leaveMessage(o);
        } finally {
          stored();
        }
      },
      async transfer(number) {
        return transferOut(number);
      },
      async hangup() {
        if (call.ended || call.closing) return;
        call.closing = true;
        call.leg.hangup();
        await finish(call, call.reason ?? (call.phase === 'ivr' ? 'caller_hangup' : 'caller_hangup'));
      },
      step: (entry) => call.record.step(entry),
      setResult: (name, value) => call.record.set({ attributes: { [name]: value } }),
    };
  }
}
