import type { OverloadAction, ShedReason, SpikeMessage } from '../../../../contracts/voice';
import type { FlowDefinition } from '../ivr';
import type { SipTarget } from '../telephony';

/** What the called number asks of its calls beyond the flow: the overload action and the spike message. */
export type NumberPolicy = { number: string; overloadAction: OverloadAction; spike: SpikeMessage };

/** What an inbound call needs before it is answered: which trunk, which flow — or why it is refused. */
export type InboundRoute =
  | {
      ok: true;
      trunkId?: string;
      flowId: string;
      flowVersion: number;
      definition: FlowDefinition;
      /** Business calendars for the flow's business_hours nodes (runFlow's calendarOpen). */
      calendarOpen?(calendarId: string, at: Date): Promise<boolean | undefined>;
      /** Major incidents for the flow's incident_active nodes (runFlow's incidentActive). */
      incidentActive?(service: string): Promise<{ active: boolean; prompt: string | null } | undefined>;
      /** The called number's policy (live calls; the demo history's replay has none). */
      policy?: NumberPolicy;
    }
  | { ok: false; status: 403 | 404 | 480; reason: string }
  | {
      /** Admission control refused the call (issue 12): 503 with Retry-After, or the busy prompt. */
      ok: false;
      status: 503;
      reason: string;
      shed: ShedDecision;
      trunkId: string;
      flowId: string;
      policy: NumberPolicy;
      /** The flow's language, for the busy prompt (when the flow is known already; else zh-CN). */
      language: string;
    };

/** Admission control's answer for a refused call (overload.ts ShedVerdict). */
export type ShedDecision = {
  reasons: ShedReason[];
  action: OverloadAction;
  retryAfterSeconds: number;
  /** The busy prompt is over (its call ended): frees its place under KEFU_OVERLOAD_BUSY_PROMPTS. */
  release?: () => void;
};

export type InboundRequest = {
  source: SipTarget;
  called: string;
  caller: string;
  /** Calls open now (live calls: admission control's KEFU_MAX_CALLS). */
  callsOpen?: number;
};

/** Ports: telephony's numbers (trunks by source address, DIDs) and the IVR's published flows. */
export type InboundAdmissionDeps = {
  numbers: {
    routeInbound(
      sourceAddress: string,
      called: string,
    ): Promise<
      ({ trunkId: string; flowId: string } & Partial<NumberPolicy>) | { refused: 'unknown_source' | 'unknown_number' }
    >;
  };
  ivr: {
    getPublished(flowId: string): Promise<
      | {
          flowId: string;
          version: number;
          definition: FlowDefinition;
          calendarOpen?(calendarId: string, at: Date): Promise<boolean | undefined>;
          incidentActive?(service: string): Promise<{ active: boolean; prompt: string | null } | undefined>;
        }
      | undefined
    >;
  };
  /** Admission control (overload.ts); absent: every call that routes is admitted. */
  overload?: { decide(number: string, action: OverloadAction, callsOpen: number): ShedDecision | undefined };
};

export type InboundAdmission = {
  /** Trunk, number and flow, without admission control (the demo history's replay). */
  route(request: InboundRequest): Promise<InboundRoute>;
  /**
   * A live call: trunk and number first (memory only), then admission control — before the flow is
   * looked up, any media is opened or anything is written — then the flow.
   */
  admit(request: InboundRequest): Promise<InboundRoute>;
};

const NO_SPIKE: SpikeMessage = { enabled: false, promptKey: null, afterMessage: 'continue' };

/**
 * Call admission: a trunk must accept the source address (else 403), the called number must map to
 * a flow (else 404), admission control must have room (else 503 or the busy prompt), and that flow
 * must have a published version (else 480, temporarily unavailable).
 */
export function createInboundAdmission(deps: InboundAdmissionDeps): InboundAdmission {
  async function resolve({ source, called, callsOpen }: InboundRequest, gate: boolean): Promise<InboundRoute> {
    const match = await deps.numbers.routeInbound(source.host, called);
    if ('refused' in match) {
      return match.refused === 'unknown_source'
        ? { ok: false, status: 403, reason: 'no trunk accepts calls from this address' }
        : { ok: false, status: 404, reason: `no flow for the number ${called}` };
    }
    const policy: NumberPolicy = {
      number: match.number ?? called,
      overloadAction: match.overloadAction ?? 'reject',
      spike: match.spike ?? NO_SPIKE,
    };
    const shed = gate ? deps.overload?.decide(policy.number, policy.overloadAction, callsOpen ?? 0) : undefined;
    if (shed) {
      // Only a busy prompt needs the language; published flows are held in memory after their first call.
      let language = 'zh-CN';
      if (shed.action === 'busy_prompt') {
        try {
          language = (await deps.ivr.getPublished(match.flowId))?.definition.language ?? 'zh-CN';
        } catch (err) {
          shed.release?.(); // the busy-prompt slot it took must not leak when the lookup fails
          throw err;
        }
      }
      return {
        ok: false,
        status: 503,
        reason: `admission control: ${shed.reasons.join(', ')}`,
        shed,
        trunkId: match.trunkId,
        flowId: match.flowId,
        policy,
        language,
      };
    }
    const flow = await deps.ivr.getPublished(match.flowId);
    if (!flow) return { ok: false, status: 480, reason: 'the flow has no published version' };
    return {
      ok: true,
      trunkId: match.trunkId,
      flowId: flow.flowId,
      flowVersion: flow.version,
      definition: flow.definition,
      ...(flow.calendarOpen ? { calendarOpen: flow.calendarOpen } : {}),
      ...(flow.incidentActive ? { incidentActive: flow.incidentActive } : {}),
      policy,
    };
  }
  return {
    route: (request) => resolve(request, false),
    admit: (request) => resolve(request, true),
  };
}
