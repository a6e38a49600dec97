import { writeFile } from 'node:fs/promises';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { uuidv7Generator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import { shippedPromptsFolder } from '../../platform/paths';
import { type CallLog, createCallLog } from './calls/call-log';
import { createCallsRepo } from './calls/calls.repo';
import { createPromptLibrary } from './media';
import { encodeWav } from './media/wav';
import { createRecordingStore, type RecordingStore, type RecordingStoreDeps } from './recordings/recording-store';

/** Every demo history call's SIP Call-ID starts with this: the marker that makes the history idempotent. */
export const DEMO_HISTORY_CALL_ID = 'demo-history-';

/**
 * Telephony's part of the demo history (docs/demo.md): the call log and the recording store on the
 * replay's moving clock — the same `CallBegin`/`CallFinal` records and encrypted files live calls
 * get — and short conversations made from the shipped prompts for the few calls that are recorded.
 */
export type TelephonyHistory = {
  /** When the last generated history call started (undefined: no history yet). */
  lastCall(): Promise<Date | undefined>;
  /** How long a shipped prompt plays, in ms (the replay's callers listen to the real prompts). */
  promptMs(key: string, language: string): Promise<number>;
  open(opts: { clock: Clock; bus: EventBus }): {
    callLog: CallLog;
    /**
     * Stores a short conversation (the agent's and the caller's turns made from shipped prompts)
     * as the call's recording; undefined when no recording key is configured.
     */
    record?(callId: string): Promise<{ recordingId: string; durationMs: number }>;
  };
};

const LANGUAGE = 'zh-CN';
/** Agent (right channel) and caller (left) turns: greeting, an account number, the balance, thanks. */
const TURNS: ReadonlyArray<{ side: 'agent' | 'caller'; prompts: string[] }> = [
  { side: 'agent', prompts: ['welcome'] },
  { side: 'caller', prompts: ['digit-1', 'digit-3', 'digit-8', 'digit-0', 'digit-0', 'digit-1', 'digit-3'] },
  { side: 'agent', prompts: ['please-hold'] },
  { side: 'agent', prompts: ['balance-is', 'digit-5', 'ten', 'digit-8', 'yuan'] },
  { side: 'caller', prompts: ['thanks'] },
  { side: 'agent', prompts: ['goodbye'] },
];
const GAP_SAMPLES = 4000; // half a second at 8 kHz between turns

export function createTelephonyHistory(deps: {
  db: Database;
  log: Logger;
  /** Where and how recordings are kept (telephony.module.ts settings); undefined: none made. */
  recordings: Pick<RecordingStoreDeps, 'dir' | 'key' | 'keyId' | 'retentionDays'> | undefined;
}): TelephonyHistory {
  const prompts = createPromptLibrary({ dirs: [shippedPromptsFolder()] });
  let conversation: Promise<{ wav: Buffer; durationMs: number }> | undefined;

  /** 8 kHz stereo: caller left, agent right, as the live recorder writes it. */
  async function buildConversation() {
    const turns: Array<{ side: 'agent' | 'caller'; audio: Int16Array }> = [];
    for (const t of TURNS) {
      const parts = await Promise.all(t.prompts.map((k) => prompts.get(k, LANGUAGE)));
      const audio = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        audio.set(p, at);
        at += p.length;
      }
      turns.push({ side: t.side, audio });
    }
    const frames = turns.reduce((n, t) => n + t.audio.length + GAP_SAMPLES, 0);
    const samples = new Int16Array(frames * 2);
    let frame = 0;
    for (const t of turns) {
      const channel = t.side === 'caller' ? 0 : 1;
      for (let i = 0; i < t.audio.length; i++) samples[(frame + i) * 2 + channel] = t.audio[i]!;
      frame += t.audio.length + GAP_SAMPLES;
    }
    return { wav: encodeWav({ sampleRate: 8000, channels: 2, samples }), durationMs: (frames / 8000) * 1000 };
  }

  return {
    lastCall: () => createCallsRepo().lastStartedWithCallIdPrefix(deps.db, DEMO_HISTORY_CALL_ID),
    async promptMs(key, language) {
      return ((await prompts.get(key, language)).length / 8000) * 1000;
    },
    open({ clock, bus }) {
      const ids = uuidv7Generator(clock);
      const nextId = () => ids.next();
      const callLog = createCallLog({ db: deps.db, clock, ids: nextId, log: deps.log, bus });
      const settings = deps.recordings;
      if (!settings) return { callLog };
      const store: RecordingStore = createRecordingStore({
        db: deps.db,
        clock,
        log: deps.log,
        ids: nextId,
        ...settings,
      });
      return {
        callLog,
        async record(callId) {
          conversation ??= buildConversation();
          const { wav, durationMs } = await conversation;
          const temp = store.tempPath(`${callId}-1`);
          await writeFile(temp, wav, { mode: 0o600 });
          return { recordingId: await store.store(callId, temp, durationMs), durationMs };
        },
      };
    },
  };
}
