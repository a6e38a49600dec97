import type { CallEndReason, CallLegKind, IvrStep } from '../../../../../contracts/calls';
import type { Clock } from '../../../platform/clock';
import type { Database } from '../../../platform/db';
import type { Logger } from '../../../platform/logger';
import { type CallInsert, createCallsRepo, type LegInsert } from './calls.repo';

/**
 * The call record of every call, written by call control as the call goes (issue "Voice").
 *
 * Two statements per call so that 100 call setups a second stay cheap: the open row is inserted at
 * `begin` (batched with the other calls begun in the same tick, so a restart can close it), and
 * everything else is collected in memory and written by `end` in one transaction with the legs.
 * Neither ever blocks call setup: `begin` queues its insert, `end` waits for it.
 */
export type CallLog = {
  /** Inserts the open call row at once (so a restart can close it); returns a handle that collects the rest in memory. */
  begin(init: CallBegin): CallRecordHandle;
  /** At start-up: every call still open (ended_at null) is closed with end_reason 'system_restart' (legs too). Returns how many. */
  closeInterrupted(): Promise<number>;
  /** Resolves when every pending write has been made (tests, shutdown). */
  flush(): Promise<void>;
};

export type CallBegin = {
  direction: 'inbound' | 'outbound';
  caller: string;
  called: string;
  sipCallId: string;
  trunkId?: string;
  flowId?: string;
  flowVersion?: number;
  startedAt?: Date;
};

export type CallFields = {
  flowId: string;
  flowVersion: number;
  queueId: string;
  contactId: string;
  queuedAt: Date;
  /** When the call left the queue without an answer (voicemail, callback, overflow out); default: its end. */
  leftQueueAt: Date;
  answeredAt: Date;
  recordingId: string;
  /** Merged into the attributes already set. */
  attributes: Record<string, string>;
};

export type CallRecordHandle = {
  readonly id: string;
  /** One IVR step, stamped `at` (default: the clock's now). */
  step(entry: { node: string; type: string; input?: string; result?: string; at?: Date }): void;
  set(fields: Partial<CallFields>): void;
  addAgent(agentUserId: string): void;
  /** Hold periods are summed into hold_ms; a hold still open at the end closes with the call. */
  holdStarted(at?: Date): void;
  holdEnded(at?: Date): void;
  /** transfers++ */
  transferred(): void;
  leg(init: { kind: CallLegKind; remote: string; agentUserId?: string; startedAt?: Date }): CallLegHandle;
  /**
   * Writes the final row and all legs in ONE transaction. Durations: queue_ms = answered (or left
   * the queue, or ended) − queued; ring_ms = the answering agent leg's answer − its ringing (its
   * start when the phone sent no 180); talk_ms = answered → end minus hold. Legs still open end with
   * the call and its reason. Idempotent: a second call returns the first one's promise. Never
   * rejects: a failed write is logged with the whole record (call control must not crash on it).
   */
  end(reason: CallEndReason, sipCode?: number, at?: Date): Promise<void>;
  /** True once end() was called. */
  readonly ended: boolean;
};

export type CallLegHandle = {
  readonly id: string;
  ringing(at?: Date): void;
  answered(at?: Date): void;
  ended(reason: string, sipCode?: number, at?: Date): void;
};

export type CallLogDeps = { db: Database; clock: Clock; ids: () => string; log: Logger };

type LegState = {
  id: string;
  kind: CallLegKind;
  remote: string;
  agentUserId: string | null;
  startedAt: Date;
  ringingAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  sipCode: number | null;
};

/** Rows per insert statement: far above what one tick collects at the target load. */
const BATCH_MAX = 500;

export function createCallLog(deps: CallLogDeps): CallLog {
  const { db, clock, ids, log } = deps;
  const repo = createCallsRepo();
  /** Calls begun in this process and not ended: closeInterrupted must leave them alone. */
  const live = new Set<string>();
  const pending = new Set<Promise<void>>();
  let queue: Array<{ row: CallInsert; done: () => void }> = [];
  let scheduled = false;

  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };

  function drain(): void {
    scheduled = false;
    while (queue.length) {
      const batch = queue.slice(0, BATCH_MAX);
      queue = queue.slice(BATCH_MAX);
      track(
        repo
          .insertOpen(
            db,
            batch.map((b) => b.row),
          )
          .catch((err) => {
            // end() upserts the whole row, so the record survives; only a restart before it would lose it.
            log.error({ err, calls: batch.map((b) => b.row.id) }, 'inserting open call records failed');
          })
          .finally(() => {
            for (const b of batch) b.done();
          }),
      );
    }
  }

  function enqueue(row: CallInsert): Promise<void> {
    return track(
      new Promise<void>((resolve) => {
        queue.push({ row, done: resolve });
        if (!scheduled) {
          scheduled = true;
          setImmediate(drain);
        }
      }),
    );
  }

  /**
   * Final rows of the calls that end in the same tick go in one transaction (one BEGIN/COMMIT for
   * all, not per call). If that transaction fails, each call is written again on its own, so one
   * bad record never costs the others theirs.
   */
  const finals: Array<{ row: CallInsert; legs: LegInsert[]; done: () => void }> = [];
  function writeFinal(row: CallInsert, legs: LegInsert[]): Promise<void> {
    return new Promise<void>((done) => {
      finals.push({ row, legs, done });
      if (finals.length === 1) setImmediate(writeFinals);
    });
  }
  function writeFinals(): void {
    const batch = finals.splice(0, BATCH_MAX);
    if (finals.length) setImmediate(writeFinals);
    const one = async (f: (typeof batch)[number]) => {
      try {
        await db.transaction((tx) => repo.writeFinal(tx, f.row, f.legs));
      } catch (err) {
        log.error({ err, call: f.row, legs: f.legs }, 'writing the call record failed');
      }
    };
    void (async () => {
      try {
        if (batch.length === 1) await one(batch[0]!);
        else {
          try {
            await db.transaction(async (tx) => {
              for (const f of batch) await repo.writeFinal(tx, f.row, f.legs);
            });
          } catch {
            for (const f of batch) await one(f);
          }
        }
      } finally {
        for (const f of batch) f.done();
      }
    })();
  }

  function begin(init: CallBegin): CallRecordHandle {
    const id = ids();
    const startedAt = init.startedAt ?? clock.now();
    const opened = enqueue({
      id,
      direction: init.direction,
      caller: init.caller,
      called: init.called,
      sipCallId: init.sipCallId,
      trunkId: init.trunkId ?? null,
      flowId: init.flowId ?? null,
      flowVersion: init.flowVersion ?? null,
      startedAt,
    });
    live.add(id);

    const fields: Partial<CallFields> = {};
    if (init.flowId !== undefined) fields.flowId = init.flowId;
    if (init.flowVersion !== undefined) fields.flowVersion = init.flowVersion;
    const attributes: Record<string, string> = {};
    const path: IvrStep[] = [];
    const agents: string[] = [];
    const legs: LegState[] = [];
    let holdMs = 0;
    let holdSince: Date | undefined;
    let transfers = 0;
    let ending: Promise<void> | undefined;

    const open = (what: string) => {
      if (ending) log.warn({ callId: id, what }, 'call record already ended: change ignored');
      return !ending;
    };

    async function write(reason: CallEndReason, sipCode: number | undefined, at: Date | undefined) {
      const endedAt = at ?? clock.now();
      if (holdSince) {
        holdMs += Math.max(0, endedAt.getTime() - holdSince.getTime());
        holdSince = undefined;
      }
      for (const l of legs) {
        if (!l.endedAt) {
          l.endedAt = endedAt;
          l.endReason = reason;
        }
      }
      const answering = legs
        .filter((l) => l.kind === 'agent' && l.answeredAt)
        .sort((a, b) => a.answeredAt!.getTime() - b.answeredAt!.getTime())[0];
      const answeredAt = fields.answeredAt ?? answering?.answeredAt ?? null;
      for (const l of legs) if (l.kind === 'agent' && l.answeredAt && l.agentUserId) addUnique(agents, l.agentUserId);
      const ms = (to: Date, from: Date) => Math.max(0, to.getTime() - from.getTime());
      const queuedAt = fields.queuedAt ?? null;
      const row: CallInsert = {
        id,
        direction: init.direction,
        caller: init.caller,
        called: init.called,
        sipCallId: init.sipCallId,
        trunkId: init.trunkId ?? null,
        flowId: fields.flowId ?? null,
        flowVersion: fields.flowVersion ?? null,
        ivrPath: path,
        queueId: fields.queueId ?? null,
        contactId: fields.contactId ?? null,
        agentUserIds: agents,
        startedAt,
        queuedAt,
        answeredAt,
        endedAt,
        endReason: reason,
        sipCode: sipCode ?? null,
        queueMs: queuedAt ? ms(answeredAt ?? fields.leftQueueAt ?? endedAt, queuedAt) : null,
        ringMs: answering ? ms(answering.answeredAt!, answering.ringingAt ?? answering.startedAt) : null,
        talkMs: answeredAt ? Math.max(0, ms(endedAt, answeredAt) - holdMs) : null,
        holdMs,
        transfers,
        recordingId: fields.recordingId ?? null,
        attributes,
      };
      const legRows: LegInsert[] = legs.map((l) => ({ ...l, callId: id }));
      await opened;
      try {
        await writeFinal(row, legRows);
      } finally {
        live.delete(id);
      }
    }

    return {
      id,
      get ended() {
        return ending !== undefined;
      },
      step(entry) {
        if (!open('step')) return;
        const { at, ...rest } = entry;
        path.push({ at: (at ?? clock.now()).toISOString(), ...rest });
      },
      set(patch) {
        if (!open('set')) return;
        const { attributes: attrs, ...rest } = patch;
        Object.assign(fields, rest);
        if (attrs) Object.assign(attributes, attrs);
      },
      addAgent(agentUserId) {
        if (open('addAgent')) addUnique(agents, agentUserId);
      },
      holdStarted(at) {
        if (open('holdStarted') && !holdSince) holdSince = at ?? clock.now();
      },
      holdEnded(at) {
        if (!open('holdEnded') || !holdSince) return;
        holdMs += Math.max(0, (at ?? clock.now()).getTime() - holdSince.getTime());
        holdSince = undefined;
      },
      transferred() {
        if (open('transferred')) transfers++;
      },
      leg(legInit) {
        const leg: LegState = {
          id: ids(),
          kind: legInit.kind,
          remote: legInit.remote,
          agentUserId: legInit.agentUserId ?? null,
          startedAt: legInit.startedAt ?? clock.now(),
          ringingAt: null,
          answeredAt: null,
          endedAt: null,
          endReason: null,
          sipCode: null,
        };
        if (open('leg')) legs.push(leg);
        return {
          id: leg.id,
          ringing(at) {
            leg.ringingAt ??= at ?? clock.now();
          },
          answered(at) {
            leg.answeredAt ??= at ?? clock.now();
          },
          ended(reason, sipCode, at) {
            if (leg.endedAt) return;
            leg.endedAt = at ?? clock.now();
            leg.endReason = reason;
            leg.sipCode = sipCode ?? null;
          },
        };
      },
      end(reason, sipCode, at) {
        ending ??= track(write(reason, sipCode, at));
        return ending;
      },
    };
  }

  return {
    begin,
    async closeInterrupted() {
      const n = await repo.closeOpen(db, clock.now(), 'system_restart', [...live]);
      if (n) log.warn({ calls: n }, 'calls left open by the previous run closed as system_restart');
      return n;
    },
    async flush() {
      while (pending.size || queue.length) {
        if (queue.length && !scheduled) drain();
        await Promise.all([...pending]);
      }
    },
  };
}

function addUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
