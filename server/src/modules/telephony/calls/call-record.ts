import type { CallEndReason, CallLegKind, IvrStep } from '../../../../../contracts/calls';
import type { Staged } from '../../../platform/bus';

/** What call control writes about a call (see call-log.ts): the log, a call's record handle and its legs. */

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

/** The final figures of a call, as its row stores them (durations in ms): what `onEnd` builders read. */
export type CallFinal = {
  id: string;
  direction: 'inbound' | 'outbound';
  caller: string;
  called: string;
  trunkId: string | null;
  flowId: string | null;
  flowVersion: number | null;
  ivrPath: IvrStep[];
  queueId: string | null;
  contactId: string | null;
  agentUserIds: string[];
  startedAt: Date;
  queuedAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date;
  endReason: CallEndReason;
  sipCode: number | null;
  queueMs: number | null;
  ringMs: number | null;
  talkMs: number | null;
  holdMs: number;
  transfers: number;
  recordingId: string | null;
};

export type CallRecordHandle = {
  readonly id: string;
  /**
   * Stages events now: with the open row while it is still being inserted (call started), else in
   * one transaction per tick with other calls' events. Kept in order with the final row's.
   */
  stage(events: Staged[]): void;
  /** Events staged in the transaction that writes the final row, before those of `onEnd`. */
  stageAtEnd(events: Staged[]): void;
  /** Builds events from the final figures; staged in the transaction that writes the final row. */
  onEnd(build: (call: CallFinal) => Staged[]): void;
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
