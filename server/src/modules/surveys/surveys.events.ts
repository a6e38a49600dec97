import type { SurveyChannel } from '../../../../contracts/surveys';

/**
 * A survey answer was recorded (any channel). The reporting module's CSAT, NPS and CES read this
 * contract: keep it exact.
 */
export type SurveyAnswered = {
  answerId: string;
  channel: 'ivr' | 'sms' | 'email' | 'chat';
  contactId: string | null;
  callId: string | null;
  queueId: string | null;
  agentId: string | null;
  ticketId: string | null;
  customerId: string | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  answeredAt: string; // ISO
};

/**
 * The answer was a low score (domain/scoring.ts isLowScore): the agent's team lead hears of it in the
 * inbox (notifications subscribes by name), and a follow-up visit may be opened.
 */
export type SurveyLowScore = {
  answerId: string;
  channel: SurveyChannel;
  agentId: string | null;
  agentName: string | null;
  queueId: string | null;
  ticketId: string | null;
  customerId: string | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  /** Who is alerted: the agent's team lead (none when the agent has no team or the team no lead). */
  notifyUserIds: string[];
  answeredAt: string;
};

/** A template, or a queue's template, changed: the admin screen refreshes. */
export type SurveyTemplatesChanged = { templateId: string | null; queueId: string | null };

declare module '../../platform/bus' {
  interface EventMap {
    'surveys.answer.recorded': SurveyAnswered;
    'surveys.answer.low_score': SurveyLowScore;
    'surveys.templates.changed': SurveyTemplatesChanged;
  }
}
