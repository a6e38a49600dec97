/**
 * Audit action names are `module.entity.verb`: three lowercase parts, the verb in the past tense
 * (`teams.team.created`, `auth.session.started`). `platform/audit.ts` refuses at compile time any
 * name that is not in `AUDIT_ACTIONS`.
 */
type ActionShape = `${Lowercase<string>}.${Lowercase<string>}.${Lowercase<string>}`;

/**
 * Every action the server writes. `platform/audit.ts` accepts no other, so a new action is added here
 * first, and `audit-actions.test.ts` fails until the web has its zh-CN and en-US text.
 */
export const AUDIT_ACTIONS = [
  'auth.session.started',
  'auth.session.ended',
  'auth.session.locked',
  'auth.session.unlocked',
  'auth.session.refused',
  'auth.user.locked_out',
  'auth.user.password_changed',
  'auth.user.created',
  'auth.user.updated',
  'auth.user.password_reset',
  'auth.role.updated',
  'teams.team.created',
  'teams.team.updated',
  'platform.pii.viewed',
  'routing.contact.updated',
  'routing.skill.created',
  'routing.skill.updated',
  'routing.queue.created',
  'routing.queue.updated',
  'routing.reason_code.created',
  'routing.reason_code.updated',
  'routing.agent.routing_set',
  'routing.agent.state_set',
  'ivr.flow.created',
  'ivr.flow.updated',
  'ivr.flow.published',
  'telephony.phone.created',
  'telephony.phone.updated',
  'telephony.number.created',
  'telephony.number.updated',
  'telephony.number.deleted',
  /** A number's spike message turned on, changed or turned off (PUT /api/v1/telephony/numbers/:id/spike). */
  'telephony.number.spike_changed',
  'telephony.trunk.created',
  'telephony.trunk.updated',
  'telephony.prompt.uploaded',
  'telephony.prompt.deleted',
  'telephony.recording.played',
  'calendars.calendar.created',
  'calendars.calendar.updated',
  'calendars.calendar.deleted',
  /** Holidays and make-up days imported (CSV, JSON or the national schedule of a year). */
  'calendars.calendar.days_imported',
  'crm.customer.created',
  'crm.customer.updated',
  'crm.customer.deleted',
  'crm.customer.merged',
  'crm.customer.verified',
  /** One entry per import job (its counts), not one per row. */
  'crm.customer.imported',
  'crm.custom_field.created',
  'crm.custom_field.updated',
  'crm.custom_field.deleted',
  'crm.settings.updated',
  'tickets.sla_policy.created',
  'tickets.sla_policy.updated',
  'tickets.category.created',
  'tickets.category.updated',
  'tickets.group.created',
  'tickets.group.updated',
  /** A file attached to a work order, and one removed from it (soft delete: the file is kept). */
  'tickets.attachment.uploaded',
  'tickets.attachment.deleted',
  /** Which order types notify their customers (tickets settings). */
  'tickets.settings.updated',
  /** Work orders exported as CSV/XLSX (details: format, rows, filters, whether numbers were masked). */
  'tickets.orders.exported',
  'reporting.contacts.exported',
  'tickets.incident.created',
  /** Fields of a major incident changed (a bulk comment on its orders is in the details). */
  'tickets.incident.updated',
  /** Resolved, with how many linked orders it resolved. */
  'tickets.incident.resolved',
  'tickets.incident.linked',
  'tickets.incident.unlinked',
  'webhooks.subscription.created',
  'webhooks.subscription.updated',
  'webhooks.subscription.deleted',
  'webhooks.delivery.redelivered',
  'surveys.template.created',
  'surveys.template.updated',
  /** A queue given its own survey template, or returned to the default (templateId null). */
  'surveys.queue.template_set',
  /** A survey link sent by SMS or e-mail by a person (automatic ones after a contact are not audited). */
  'surveys.invitation.sent',
  'conversations.channel.created',
  'conversations.channel.updated',
  'conversations.canned.created',
  'conversations.canned.updated',
  'conversations.canned.deleted',
  'conversations.transcript.exported',
  'quality.scorecard.created',
  'quality.scorecard.updated',
  /** A scorecard's draft published as its next (frozen) version. */
  'quality.scorecard.published',
  /** The automatic check rules saved as a new version. */
  'quality.rules.saved',
  'quality.plan.created',
  'quality.plan.updated',
  /** A sampling plan drawn for a period (its counts; the tasks it made). */
  'quality.plan.drawn',
  'quality.evaluation.submitted',
  'quality.evaluation.acknowledged',
  'quality.appeal.created',
  /** Upheld or changed, with the scores before and after. */
  'quality.appeal.decided',
  'quality.calibration.created',
  'quality.calibration.closed',
  'quality.coaching.created',
  'quality.coaching.completed',
  'quality.example.created',
  'quality.example.deleted',
  'wfm.forecast.created',
  /** A forecast's next version: the planner's adjustments. */
  'wfm.forecast.adjusted',
  'wfm.shift_template.created',
  'wfm.shift_template.updated',
  'wfm.agent_rules.updated',
  /** A schedule run's draft (the solver's roster). */
  'wfm.schedule.created',
  'wfm.schedule.published',
  'wfm.schedule.discarded',
  'wfm.request.created',
  /** Approved, rejected, declined by the peer or cancelled, with the state. */
  'wfm.request.decided',
  /** A simulation run saved (its forecast, day, staffing source, seed and totals). */
  'wfm.simulation.created',
  'knowledge.article.created',
  'knowledge.article.edited',
  'knowledge.article.submitted',
  /** A version published (reviewed or, by a knowledge manager, directly), with its dates. */
  'knowledge.article.published',
  'knowledge.article.rejected',
  'knowledge.article.archived',
  'knowledge.article.restored',
  'knowledge.category.created',
  'knowledge.category.updated',
  'knowledge.category.deleted',
  'knowledge.synonyms.changed',
  'knowledge.synonyms.deleted',
  /** A notice published to its readers (audience, how many, quiz questions). */
  'knowledge.announcement.published',
  'training.exam.created',
  'training.certification.created',
  /** An agent certified (the routing skill it grants is set by the system). */
  'training.certification.awarded',
] as const satisfies readonly ActionShape[];
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of object an audit entry concerns (`entityType`); the web names each in both languages. */
export const AUDIT_ENTITY_TYPES = [
  'user',
  'role',
  'team',
  'queue',
  'skill',
  'reason_code',
  'contact',
  'ivr_flow',
  'phone',
  'number',
  'trunk',
  'prompt',
  'recording',
  'call',
  'calendar',
  'customer',
  'custom_field',
  'sla_policy',
  'ticket_category',
  'ticket_group',
  'ticket_attachment',
  'incident',
  'webhook',
  'survey_template',
  'survey_invitation',
  'scorecard',
  'quality_rules',
  'sampling_plan',
  'evaluation',
  'appeal',
  'calibration',
  'coaching',
  'example',
  'channel',
  'canned_reply',
  'conversation',
  'forecast',
  'shift_template',
  'schedule',
  'shift_request',
  'simulation',
  'knowledge_article',
  'knowledge_category',
  'knowledge_synonyms',
  'announcement',
  'exam',
  'certification',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/**
 * Names written before the `module.entity.verb` rule, and what each is called now. Rows already in
 * `audit_log` keep their old name: the hash chain covers the action, so renaming them would break
 * it. The audit API finds them by the new name too, and the web shows both with one text.
 */
export const AUDIT_ACTION_RENAMES = {
  'auth.login': 'auth.session.started',
  'auth.logout': 'auth.session.ended',
  'auth.lock': 'auth.session.locked',
  'auth.unlock': 'auth.session.unlocked',
  'auth.login_failed': 'auth.session.refused',
  'auth.account_locked': 'auth.user.locked_out',
  'auth.password_changed': 'auth.user.password_changed',
  'auth.role_updated': 'auth.role.updated',
  'users.created': 'auth.user.created',
  'users.updated': 'auth.user.updated',
  'users.password_reset': 'auth.user.password_reset',
  'teams.created': 'teams.team.created',
  'teams.updated': 'teams.team.updated',
  'pii.viewed': 'platform.pii.viewed',
} as const satisfies Record<string, AuditAction>;

export type LegacyAuditAction = keyof typeof AUDIT_ACTION_RENAMES;

/** The name an action goes by now: itself, or the new name of an old one. */
export function currentAuditAction(action: string): string {
  return (AUDIT_ACTION_RENAMES as Record<string, string>)[action] ?? action;
}

/** Every name `action` was ever written under, itself included (an old name finds its new rows too). */
export function auditActionNames(action: string): string[] {
  const current = currentAuditAction(action);
  const old = Object.entries(AUDIT_ACTION_RENAMES)
    .filter(([, now]) => now === current)
    .map(([was]) => was);
  return [current, ...old];
}
