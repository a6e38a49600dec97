import type { TicketSnapshot } from './tickets.events';

/** A complaint step passed its deadline while current (fires once per step and round). */
export type ComplaintStepOverdue = TicketSnapshot & {
  step: string;
  round: number;
  dueAt: string;
  notifyUserIds: string[];
};
/** A follow-up visit (回访) was created, or its outcome recorded. */
export type FollowUpEvent = TicketSnapshot & {
  followUpId: string;
  followUpOwnerUserId: string;
  dueAt: string;
  status: string;
  satisfaction: number | null;
};
export type IncidentEvent = {
  incidentId: string;
  title: string;
  grade: number;
  serviceKey: string;
  status: string;
  ticketIds: string[];
};

declare module '../../platform/bus' {
  interface EventMap {
    'tickets.complaint.step_overdue': ComplaintStepOverdue;
    'tickets.follow_up.created': FollowUpEvent;
    'tickets.follow_up.completed': FollowUpEvent;
    'tickets.incident.created': IncidentEvent;
    'tickets.incident.updated': IncidentEvent;
  }
}
