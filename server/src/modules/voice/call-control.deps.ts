import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { RoutingService } from '../routing';
import type { Binding, CallLog, MediaEngine, PromptLibrary, RecordingStore, UserAgent } from '../telephony';
import type { InboundRequest, InboundRoute } from './inbound-admission';

/** The outbound trunk as call control uses it (telephony's trunk row has these fields). */
export type OutboundTrunk = {
  id: string;
  outboundHost: string | null;
  outboundPort: number | null;
  outboundTransport: string;
  outboundUsername: string | null;
  outboundPassword: string | null;
  callerId: string | null;
};

/** What call control is built from: the SIP stack and media, the ACD, the call log, ports to telephony. */
export type CallControlDeps = {
  ua: () => UserAgent | undefined;
  sipHost: () => string;
  media: MediaEngine;
  prompts: PromptLibrary;
  /** Trunk check (source address) and the called number's published flow. */
  route(input: InboundRequest): Promise<InboundRoute>;
  routing: Pick<
    RoutingService,
    | 'createChannelContact'
    | 'newContactId'
    | 'accept'
    | 'complete'
    | 'abandon'
    | 'declineOffer'
    | 'offerReached'
    | 'onContactDecided'
    | 'convertToCallback'
    | 'getContact'
    | 'transfer'
    | 'queueId'
    | 'liveContact'
  >;
  /** The trunk for outbound calls (click-to-call), if one is configured. */
  outboundTrunk(): Promise<OutboundTrunk | undefined>;
  /** The agent behind a SIP username (REFER to `sip:agent02@…`). */
  agentOfPhone(username: string): Promise<string | undefined>;
  bus: EventBus;
  bindingsOf(agentUserId: string): Binding[];
  callLog: CallLog;
  recordings: RecordingStore | undefined;
  clock: Clock;
  log: Logger;
};
