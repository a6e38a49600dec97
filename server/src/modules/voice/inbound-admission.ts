import type { FlowDefinition } from '../ivr';
import type { SipTarget } from '../telephony';

/** What an inbound call needs before it is answered: which trunk, which flow. */
export type InboundRoute =
  | { ok: true; trunkId?: string; flowId: string; flowVersion: number; definition: FlowDefinition }
  | { ok: false; status: 403 | 404 | 480; reason: string };

export type InboundRequest = { source: SipTarget; called: string; caller: string };

/** Ports: telephony's numbers (trunks by source address, DIDs) and the IVR's published flows. */
export type InboundAdmissionDeps = {
  numbers: {
    routeInbound(
      sourceAddress: string,
      called: string,
    ): Promise<{ trunkId: string; flowId: string } | { refused: 'unknown_source' | 'unknown_number' }>;
  };
  ivr: {
    getPublished(flowId: string): Promise<{ flowId: string; version: number; definition: FlowDefinition } | undefined>;
  };
};

export type InboundAdmission = { route(request: InboundRequest): Promise<InboundRoute> };

/**
 * Call admission: a trunk must accept the source address (else 403), the called number must map to
 * a flow (else 404), and that flow must have a published version (else 480, temporarily unavailable).
 */
export function createInboundAdmission(deps: InboundAdmissionDeps): InboundAdmission {
  return {
    async route({ source, called }) {
      const match = await deps.numbers.routeInbound(source.host, called);
      if ('refused' in match) {
        return match.refused === 'unknown_source'
          ? { ok: false, status: 403, reason: 'no trunk accepts calls from this address' }
          : { ok: false, status: 404, reason: `no flow for the number ${called}` };
      }
      const flow = await deps.ivr.getPublished(match.flowId);
      if (!flow) return { ok: false, status: 480, reason: 'the flow has no published version' };
      return {
        ok: true,
        trunkId: match.trunkId,
        flowId: flow.flowId,
        flowVersion: flow.version,
        definition: flow.definition,
      };
    },
  };
}
