import type { CallEndReason, CallLegKind, IvrStep } from '../../../../../contracts/calls';
import type { EventBus, Staged } from '../../../platform/bus';
import type { Clock } from '../../../platform/clock';
import type { Database, Tx } from '../../../platform/db';
import type { Logger } from '../../../platform/logger';
import type { CallBegin, CallFields, CallFinal, CallLog, CallRecordHandle } from './call-record';
import { type CallInsert, createCallsRepo, type LegInsert } from './calls.repo';

export type { CallBegin, CallFields, CallFinal, CallLegHandle, CallLog, CallRecordHandle } from './call-record';

/**
 * The call record of every call, written by call control as the call goes (issue "Voice").
 *
 * Two statements per call so that 100 call setups a second stay cheap: the open row is inserted at
 * `begin` (batched with the other calls begun in the same tick, so a restart can close it), and
 * everything else is collected in memory and written by `end` in one transaction with the legs.
 * Neither ever blocks call setup: `begin` queues its insert, `end` waits for it.
 *
 * Domain events about a call (whoever defines them: voice) are staged in the outbox through the same
 * transactions, so a crash never loses or invents one: `stage` right after `begin` goes with the open
 * row, `stageAtEnd` / `onEnd` with the final row; events staged mid-call share one transaction per
 * tick with other calls' (there is no row of theirs to write then).
 */
export type CallLogDeps = {
  db: Database;
  clock: Clock;
  ids: () => string;
  log: Logger;
  /** The outbox that call events are staged in (without it, `stage`/`onEnd` events are dropped). */
  bus?: Pick<EventBus, 'stageAll' | 'transaction'>;
};

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

/** A call's open row waiting for the next batch insert, with the events to stage beside it. */
type OpenEntry = { row: CallInsert; events: Staged[]; sent: boolean; failed?: boolean; done: () => void };

/** Rows per insert statement: far above what one tick collects at the target load. */
const BATCH_MAX = 500;

export function createCallLog(deps: CallLogDeps): CallLog {
  const { db, clock, ids, log } = deps;
  const repo = createCallsRepo();
  /** Calls begun in this process and not ended: closeInterrupted must leave them alone. */
  const live = new Set<string>();
  const pending = new Set<Promise<void>>();
  let queue: OpenEntry[] = [];
  let scheduled = false;

  const track = (p: Promise<void>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };

  /** In a transaction with the events when there are any (and a bus), else the plain statement. */
  function withEvents(events: Staged[], write: (db: Database | Tx) => Promise<void>): Promise<void> {
    const bus = deps.bus;
    if (!events.length || !bus) return write(db);
    return bus.transaction(async (tx) => {
      await write(tx);
      await bus.stageAll(tx, events);
    });
  }

  function drain(): void {
    scheduled = false;
    while (queue.length) {
      const batch = queue.slice(0, BATCH_MAX);
      queue = queue.slice(BATCH_MAX);
      for (const b of batch) b.sent = true;
      const rows = batch.map((b) => b.row);
      track(
        withEvents(
          batch.flatMap((b) => b.events),
          (tx) => repo.insertOpen(tx, rows),
        )
          .catch((err) => {
            // end() upserts the whole row, so the record survives; only a restart before it would lose it.
            // Its events go with that row instead.
            for (const b of batch) b.failed = true;
            log.error({ err, calls: batch.map((b) => b.row.id) }, 'inserting open call records failed');
          })
          .finally(() => {
            for (const b of batch) b.done();
          }),
      );
    }
  }

  function enqueue(entry: OpenEntry): Promise<void> {
    return track(
      new Promise<void>((resolve) => {
        entry.done = resolve;
        queue.push(entry);
        if (!scheduled) {
          scheduled = true;
          setImmediate(drain);
        }
      }),
    );
  }

  /** Events staged mid-call (no row of theirs): one transaction per tick for every call's. */
  let loose: Staged[] = [];
  let looseWrite: Promise<void> = Promise.resolve();
  function stageLoose(events: Staged[]): void {
    if (loose.length === 0) {
      looseWrite = track(
        new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
          const batch = loose;
          loose = [];
          const bus = deps.bus;
          if (!bus) return;
          await bus
            .transaction((tx) => bus.stageAll(tx, batch))
            .catch((err) => {
              log.error({ err, events: batch.map((e) => e.name) }, 'staging call events failed');
            });
        }),
      );
    }
    loose.push(...events);
  }

  /**
   * Final rows of the calls that end in the same tick go in one transaction (one BEGIN/COMMIT and
   * one statement per table for all, not per call). If that transaction fails, each call is written
   * again on its own, so one bad record never costs the others theirs.
   */
  const finals: Array<{ row: CallInsert; legs: LegInsert[]; events: Staged[]; done: () => void }> = [];
  const bus = deps.bus;
  const writeAll = async (tx: Tx, batch: typeof finals) => {
    await repo.writeFinals(
      tx,
      batch.map((f) => f.row),
      batch.flatMap((f) => f.legs),
    );
    const events = batch.flatMap((f) => f.events);
    if (bus && events.length) await bus.stageAll(tx, events);
  };
  const transaction = <T>(fn: (tx: Tx) => Promise<T>) => (bus ? bus.transaction(fn) : db.transaction(fn));
  function writeFinal(row: CallInsert, legs: LegInsert[], events: Staged[]): Promise<void> {
    return new Promise<void>((done) => {
      finals.push({ row, legs, events, done });
      if (finals.length === 1) setImmediate(writeFinals);
    });
  }
  function writeFinals(): void {
    const batch = finals.splice(0, BATCH_MAX);
    if (finals.length) setImmediate(writeFinals);
    const one = async (f: (typeof batch)[number]) => {
      try {
        await transaction((tx) => writeAll(tx, [f]));
      } catch (err) {
        log.error({ err, call: f.row, legs: f.legs }, 'writing the call record failed');
      }
    };
    void (async () => {
      try {
        if (batch.length === 1) await one(batch[0]!);
        else {
          try {
            await transaction((tx) => writeAll(tx, batch));
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
    const openEntry: OpenEntry = {
      row: {
        id,
        direction: init.direction,
        caller: init.caller,
        called: init.called,
        sipCallId: init.sipCallId,
        trunkId: init.trunkId ?? null,
        flowId: init.flowId ?? null,
        flowVersion: init.flowVersion ?? null,
        startedAt,
      },
      events: [],
      sent: false,
      done: () => {},
    };
    const opened = enqueue(openEntry);
    const atEnd: Staged[] = [];
    const builders: Array<(call: CallFinal) => Staged[]> = [];
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
      const final: CallFinal = {
        id,
        direction: init.direction,
        caller: init.caller,
        called: init.called,
        trunkId: row.trunkId ?? null,
        flowId: row.flowId ?? null,
        flowVersion: row.flowVersion ?? null,
        ivrPath: [...path],
        queueId: row.queueId ?? null,
        contactId: row.contactId ?? null,
        agentUserIds: [...agents],
        startedAt,
        queuedAt,
        answeredAt,
        endedAt,
        endReason: reason,
        sipCode: sipCode ?? null,
        queueMs: row.queueMs ?? null,
        ringMs: row.ringMs ?? null,
        talkMs: row.talkMs ?? null,
        holdMs,
        transfers,
        recordingId: row.recordingId ?? null,
      };
      await opened;
      const events = [...(openEntry.failed ? openEntry.events : []), ...atEnd];
      for (const build of builders) {
        try {
          events.push(...build(final));
        } catch (err) {
          log.error({ err, callId: id }, 'building call events failed');
        }
      }
      // Events staged mid-call go before the final row's.
      await looseWrite;
      try {
        await writeFinal(row, legRows, events);
      } finally {
        live.delete(id);
      }
    }

    return {
      id,
      get ended() {
        return ending !== undefined;
      },
      stage(events) {
        if (!open('stage')) return;
        if (!openEntry.sent) openEntry.events.push(...events);
        else stageLoose(events);
      },
      stageAtEnd(events) {
        if (open('stageAtEnd')) atEnd.push(...events);
      },
      onEnd(build) {
        if (open('onEnd')) builders.push(build);
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
