import type { IvrStep } from '../../../../contracts/calls';

/**
 * Where the flow last handed the caller: transferred_out (to an outside number), voicemail, queued
 * (reached a queue node), hung_up (the caller, during the flow), ended (the flow hung up itself),
 * failed (the flow broke off: an error or too many steps).
 */
export type IvrOutcome = 'queued' | 'voicemail' | 'transferred_out' | 'hung_up' | 'ended' | 'failed';

/**
 * A call's run of an IVR flow is over. The runner has no I/O: voice stages this event with the call
 * record's final row, whose IVR path it carries.
 */
export type IvrFlowFinished = {
  callId: string;
  flowId: string;
  flowVersion: number;
  /** The path as the call record keeps it (inputs are summaries such as "7 digits", never the digits). */
  path: IvrStep[];
  outcome: IvrOutcome;
  startedAt: string;
  endedAt: string;
};

declare module '../../platform/bus' {
  interface EventMap {
    'ivr.flow.finished': IvrFlowFinished;
  }
}
