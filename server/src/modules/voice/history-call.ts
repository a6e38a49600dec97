import type { CallEndReason } from '../../../../contracts/calls';
import type { Random } from '../../platform/random';
import type { FlowDefinition, QueueOutcome } from '../ivr';
import type { RoutingHistory, RoutingService } from '../routing';
import type { CallLegHandle, CallLog, CallRecordHandle } from '../telephony';
import type { PlannedCall } from './history-traffic';

/**
 * One replayed call of the demo history (voice.demo-history.ts): the real IVR runner on a port whose
 * caller follows its plan on the call's own clock (history-ivr.ts), the ACD contact through the
 * replay ACD's commands as queue-wait.ts, agent-leg.ts and inbound.ts drive the live one
 * (history-contact.ts), and the call record through the same call log and call events as a live
 * call. What the replay knows of its calls and what they share is here.
 */
export type ReplayEnv = {
  now(): number;
  /** Runs `fn` at `at` (ms) on the replay's clock. */
  at(at: number, fn: () => Promise<void> | void): void;
  /** No event of the replay goes past this (today: now). */
  horizon: number;
  routing: RoutingService;
  wrapUp: RoutingHistory['wrapUp'];
  callLog: CallLog;
  record?(callId: string): Promise<{ recordingId: string; durationMs: number }>;
  promptMs: ReadonlyMap<string, number>;
  route: { trunkId?: string; flowId: string; flowVersion: number; definition: FlowDefinition; called: string };
  rnd: Random;
  agents: {
    busy(agentId: string, contactId: string): void;
    free(agentId: string, contactId: string): void;
    username(agentId: string): string;
  };
  counts: { calls: number; contacts: number; answered: number; surveys: number; recordings: number };
};

export type ReplayCall = {
  id: string;
  plan: PlannedCall;
  record: CallRecordHandle;
  callerLeg: CallLegHandle;
  /** The caller's own clock while the flow runs (ms). */
  local: number;
  phase: 'ivr' | 'queue' | 'talk' | 'after' | 'ended';
  contactId?: string;
  queueKey?: string;
  queuedAt?: number;
  endReason?: CallEndReason;
  ring?: { agentId: string; contactId: string; leg: CallLegHandle };
  talk?: { agentId: string; contactId: string; leg: CallLegHandle; since: number };
  transferred: boolean;
  recordIt: boolean;
  flowEndedAt?: Date;
  settle?: { resolve(o: QueueOutcome): void; reject(e: Error): void };
  /** Resolves when the flow waits for the queue or has finished. */
  paused: Promise<void>;
  pause: () => void;
  finished?: Promise<void>;
};

/** The replay's calls by contact id (the live call control's CallRegistry, for replayed calls). */
export type ReplayCalls = Map<string, ReplayCall>;

export const iso = (ms: number) => new Date(ms).toISOString();

/** Resumes a paused flow with `fn` and waits until it pauses again or ends. */
export async function resume(call: ReplayCall, fn: () => void): Promise<void> {
  call.paused = new Promise((r) => {
    call.pause = r;
  });
  fn();
  await call.paused;
}
