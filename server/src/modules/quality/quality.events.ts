import type { EventName } from '../../platform/bus';

/** An evaluation reached its agent (submitted), or its state changed (acknowledged, appealed, decided). */
export type EvaluationChanged = {
  evaluationId: string;
  contactId: string;
  agentId: string;
  evaluatorId: string;
  status: string;
  score: number | null;
  /** Who should hear of it besides the agent (the evaluator of an appealed or decided evaluation). */
  notifyUserIds: string[];
  /** Who made the change (the inbox names them and does not notify them of their own act). */
  actorUserId: string | null;
  actorName: string | null;
  at: string;
};

/** New tasks on evaluators' work lists (a draw, a calibration session). */
export type TasksAssigned = { evaluatorIds: string[]; count: number; at: string };

/** The automatic checks of a contact ran (findings stored). */
export type ContactChecked = { contactId: string; agentId: string; findings: number; at: string };

export const QUALITY_EVENTS = [
  'quality.evaluation.submitted',
  'quality.evaluation.acknowledged',
  'quality.evaluation.appealed',
  'quality.evaluation.decided',
  'quality.tasks.assigned',
  'quality.contact.checked',
] as const satisfies ReadonlyArray<EventName>;

declare module '../../platform/bus' {
  interface EventMap {
    'quality.evaluation.submitted': EvaluationChanged;
    'quality.evaluation.acknowledged': EvaluationChanged;
    'quality.evaluation.appealed': EvaluationChanged;
    'quality.evaluation.decided': EvaluationChanged;
    'quality.tasks.assigned': TasksAssigned;
    'quality.contact.checked': ContactChecked;
  }
}
