import type { AgentStatus, ContactState } from '../../../../contracts/routing';
import type { EventName } from '../../platform/bus';

/** A contact moved in its state machine (or was changed by a supervisor: `routing.contact.updated`). */
export type ContactChanged = {
  contactId: string;
  queueId: string;
  channel: string;
  priority: number;
  from: ContactState | null;
  state: ContactState;
  agentId: string | null;
  /** The agent who held it before this change (an offer withdrawn, a rejection, a timeout). */
  previousAgentId: string | null;
  /** The contact this one continues (overflow, transfer): telephony follows a call through it. */
  parentId: string | null;
  at: string;
};

export type AgentStateChanged = Omit<AgentStatus, 'username' | 'displayName' | 'teamId'>;

/** Queues, skills, reason codes or an agent's routing changed: admin screens refresh. */
export type RoutingConfigChanged = { what: 'queue' | 'skill' | 'reason_code' | 'agent'; id: string };

/**
 * The event a contact's move to `state` publishes: one per state, each declared below with
 * `ContactChanged` (the group commit's typed `Staged` list fails to compile when one is missing).
 */
export type ContactEventName = `routing.contact.${ContactState}`;
export const contactEventName = (state: ContactState): ContactEventName => `routing.contact.${state}`;

/** The events of a contact's life, for modules that follow contacts (voice rings phones on them). */
export const CONTACT_EVENTS = [
  'routing.contact.queued',
  'routing.contact.offered',
  'routing.contact.connected',
  'routing.contact.wrap_up',
  'routing.contact.completed',
  'routing.contact.abandoned',
  'routing.contact.transferred',
  'routing.contact.overflowed',
  'routing.contact.timed_out',
  'routing.contact.updated',
] as const satisfies ReadonlyArray<EventName>;

/** Every event routing publishes, for the documentation and the realtime audiences. */
export const ROUTING_EVENTS = [
  ...CONTACT_EVENTS,
  'routing.agent.state_changed',
  'routing.config.changed',
] as const satisfies ReadonlyArray<EventName>;

declare module '../../platform/bus' {
  interface EventMap {
    'routing.contact.queued': ContactChanged;
    'routing.contact.offered': ContactChanged;
    'routing.contact.connected': ContactChanged;
    'routing.contact.wrap_up': ContactChanged;
    'routing.contact.completed': ContactChanged;
    'routing.contact.abandoned': ContactChanged;
    'routing.contact.transferred': ContactChanged;
    'routing.contact.overflowed': ContactChanged;
    'routing.contact.timed_out': ContactChanged;
    'routing.contact.updated': ContactChanged;
    'routing.agent.state_changed': AgentStateChanged;
    'routing.config.changed': RoutingConfigChanged;
  }
}
