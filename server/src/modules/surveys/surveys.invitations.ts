import { createHash, randomBytes } from 'node:crypto';
import type { FieldIssue } from '../../../../contracts/common';
import { maskPii } from '../../../../contracts/pii';
import type {
  CreateInvitationBody,
  LinkChannel,
  PublicAnswerBody,
  PublicSurvey,
  SurveyInvitation,
  SurveyLanguage,
} from '../../../../contracts/surveys';
import type { Actor, AuditLog } from '../../platform/audit';
import type { Envelope, EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { validationFailed } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { Logger } from '../../platform/logger';
import type { CustomerNotifier } from '../notifications';
import { answerIssues } from './domain/scoring';
import {
  alreadyInvited,
  answerInvalid,
  channelNotOffered,
  contactNotYours,
  linkExpired,
  linkNotFound,
  linkUsed,
} from './surveys.errors';
import type { InvitationRow, SurveysRepo } from './surveys.repo';
import type { SurveyAnswers } from './surveys.service';
import type { SurveyTemplates, Template } from './surveys.templates';

/** The token's hash as stored: the link itself is never kept. */
export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** 256 random bits, URL-safe. */
export const newToken = () => randomBytes(32).toString('base64url');

/** What the completed contact tells about its customer (routing's contact, read as the system). */
export type CompletedContact = {
  channel: string;
  queueId: string;
  agentId: string | null;
  /** Whether an agent took it (connected): only then has it an agent who handled it. */
  connected: boolean;
  customerId: string | null;
  phone: string | null;
  email: string | null;
  language: SurveyLanguage;
};

type InviteInput = Omit<CreateInvitationBody, 'to'> & { to: string; source: 'manual' | 'auto' };

/** What an agent may not set: the contact decides who was served, where and who answers. */
const FROM_CONTACT = ['agentId', 'queueId', 'customerId', 'to'] as const;

const issue = (path: string, message: string): FieldIssue => ({ location: 'body', path, message });

/**
 * Link surveys (SMS / e-mail): a one-time token with an expiry, the link sent through the
 * notifications module; the public page reads and answers it without a login.
 */
export function createSurveyInvitations(deps: {
  db: Database;
  repo: SurveysRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
  answers: Pick<SurveyAnswers, 'record'>;
  templates: Pick<SurveyTemplates, 'forQueue' | 'named'>;
  customerNotifier: Pick<CustomerNotifier, 'notify'>;
  /** Where customers reach the survey page: `<publicBaseUrl>/s/<token>`. */
  publicBaseUrl: string;
  /** routing's contact, for the invitation sent after a completed contact (undefined: gone). */
  completedContact(contactId: string): Promise<CompletedContact | undefined>;
}) {
  const { db, repo, bus, audit, clock, ids } = deps;
  const base = deps.publicBaseUrl.replace(/\/+$/, '');

  async function templateFor(b: { templateId?: string; queueId?: string }): Promise<Template> {
    const t = b.templateId
      ? await deps.templates.named(db, b.templateId)
      : await deps.templates.forQueue(db, b.queueId ?? null);
    // init() writes the default template: there is always one.
    if (!t) throw new Error('surveys: no default template');
    return t;
  }

  async function invite(b: InviteInput, actor: Actor | null): Promise<SurveyInvitation | undefined> {
    const template = await templateFor(b);
    if (!template.channels.includes(b.channel)) {
      if (b.source === 'auto') return undefined;
      throw channelNotOffered(b.channel);
    }
    const token = newToken();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + template.expiryHours * 3600_000);
    const row = await bus.transaction(async (tx) => {
      const r = await repo.insertInvitation(tx, {
        id: ids.next(),
        tokenHash: tokenHash(token),
        templateId: template.id,
        channel: b.channel,
        language: b.language,
        toMasked: maskPii(b.channel === 'sms' ? 'phone' : 'email', b.to),
        source: b.source,
        contactId: b.contactId ?? null,
        ticketId: b.ticketId ?? null,
        customerId: b.customerId ?? null,
        agentId: b.agentId ?? null,
        queueId: b.queueId ?? null,
        sent: false,
        createdBy: actor?.userId ?? null,
        createdAt: now,
        expiresAt,
      });
      if (r && actor)
        await audit.append(tx, actor, {
          action: 'surveys.invitation.sent',
          entityType: 'survey_invitation',
          entityId: r.id,
          details: { channel: r.channel, to: r.toMasked, templateId: r.templateId, contactId: r.contactId },
        });
      return r;
    });
    // An automatic invitation for this contact exists already (a redelivered event).
    if (!row) return undefined;
    const link = `${base}/s/${token}`;
    const [out] = await deps.customerNotifier.notify(
      { email: b.channel === 'email' ? b.to : null, phone: b.channel === 'sms' ? b.to : null, language: b.language },
      'survey.invitation',
      { link, hours: template.expiryHours },
      [b.channel],
    );
    const sent = !!out?.ok;
    if (sent) await repo.setInvitationSent(db, row.id, true);
    else deps.log.warn({ invitationId: row.id, channel: b.channel }, 'survey link not sent');
    return {
      id: row.id,
      channel: b.channel,
      templateId: template.id,
      language: b.language,
      expiresAt: expiresAt.toISOString(),
      link,
      sent,
    };
  }

  /** The invitation of a token, or the public error: 404 unknown, 410 answered or expired. */
  async function open(token: string): Promise<{ inv: InvitationRow; template: Template }> {
    const inv = await repo.invitationByHash(db, tokenHash(token));
    if (!inv) throw linkNotFound();
    const language = inv.language as SurveyLanguage;
    if (inv.usedAt) throw linkUsed(language);
    if (inv.expiresAt.getTime() <= clock.now().getTime()) throw linkExpired(language);
    return { inv, template: await deps.templates.named(db, inv.templateId) };
  }

  /** The customer's number (sms) or address (email) on a contact, or the 400 saying it has none. */
  function addressOf(c: CompletedContact, channel: LinkChannel): string {
    const to = channel === 'sms' ? c.phone : c.email;
    if (!to)
      throw validationFailed([
        issue('to', channel === 'sms' ? 'the contact has no phone number' : 'the contact has no e-mail address'),
      ]);
    return to;
  }

  /** A sender with surveys.manage sets what they like; `to` may come from the contact. */
  async function managerInput(body: CreateInvitationBody): Promise<Omit<InviteInput, 'source'>> {
    if (body.to !== undefined) return { ...body, to: body.to };
    if (!body.contactId) throw validationFailed([issue('to', 'required without a contactId')]);
    const c = await deps.completedContact(body.contactId);
    if (!c) throw validationFailed([issue('contactId', 'no such contact')]);
    return { ...body, to: addressOf(c, body.channel) };
  }

  /**
   * An agent invites the customer of a contact they handled, and only that: agent, queue, customer
   * and address are the contact's, so nobody can send a survey about someone else or to themselves.
   */
  async function agentInput(body: CreateInvitationBody, actor: Actor): Promise<Omit<InviteInput, 'source'>> {
    const issues = FROM_CONTACT.filter((k) => body[k] !== undefined).map((k) => issue(k, 'taken from the contact'));
    if (!body.contactId) issues.push(issue('contactId', 'required'));
    if (issues.length || !body.contactId) throw validationFailed(issues);
    const c = await deps.completedContact(body.contactId);
    // A contact that does not exist is as refused as another agent's: no probing of contact ids.
    if (!c?.connected || !actor.userId || c.agentId !== actor.userId) throw contactNotYours(body.contactId);
    return {
      ...body,
      to: addressOf(c, body.channel),
      agentId: actor.userId,
      queueId: c.queueId,
      ...(c.customerId ? { customerId: c.customerId } : {}),
    };
  }

  return {
    /**
     * Sent by a person (POST /api/v1/surveys/invitations): one per contact. Only a sender with
     * surveys.manage gets the link back (to try a template); an agent never sees it.
     */
    async create(body: CreateInvitationBody, actor: Actor): Promise<SurveyInvitation> {
      const manager = !!actor.permissions?.has('surveys.manage');
      const input = manager ? await managerInput(body) : await agentInput(body, actor);
      const out = await invite({ ...input, source: 'manual' }, actor);
      // Only the one-manual-invitation-per-contact index refuses a row (a token never repeats).
      if (!out) throw alreadyInvited(input.contactId ?? '');
      if (manager) return out;
      const { link: _hidden, ...withoutLink } = out;
      return withoutLink;
    },

    async view(token: string): Promise<PublicSurvey> {
      const { inv, template } = await open(token);
      return {
        language: inv.language as SurveyLanguage,
        questions: template.questions,
        introZh: template.introZh,
        introEn: template.introEn,
        expiresAt: inv.expiresAt.toISOString(),
      };
    },

    /** The customer's answer: checked against the questions, recorded, the token used up (once). */
    async answer(token: string, body: PublicAnswerBody): Promise<{ answerId: string }> {
      const { inv, template } = await open(token);
      const issues = answerIssues(template.questions, body);
      if (issues.length) throw answerInvalid(issues);
      const now = clock.now();
      return bus.transaction(async (tx) => {
        // The conditional update decides between two answers sent at once: the loser gets 410.
        if (!(await repo.claimInvitation(tx, inv.id, now))) {
          const again = await repo.invitationByHash(tx, inv.tokenHash);
          if (again?.usedAt) throw linkUsed(inv.language as SurveyLanguage);
          throw linkExpired(inv.language as SurveyLanguage);
        }
        const row = await deps.answers.record(tx, {
          channel: inv.channel as LinkChannel,
          templateId: inv.templateId,
          invitationId: inv.id,
          contactId: inv.contactId,
          callId: null,
          queueId: inv.queueId,
          agentId: inv.agentId,
          ticketId: inv.ticketId,
          customerId: inv.customerId,
          csat: body.csat ?? null,
          nps: body.nps ?? null,
          ces: body.ces ?? null,
          comment: template.questions.includes('text') ? (body.comment ?? null) : null,
          answeredAt: now,
        });
        if (!row) throw linkUsed(inv.language as SurveyLanguage);
        return { answerId: row.id };
      });
    },

    /**
     * After a chat, e-mail or SMS contact completes: invites its customer when the queue's template
     * says "send after contact" and the contact has a phone or an e-mail address. Voice has the IVR
     * survey. One invitation per contact (a unique index), so a redelivery sends nothing twice.
     */
    async contactCompleted(e: Envelope<'routing.contact.completed'>): Promise<void> {
      const p = e.payload;
      if (!['chat', 'email', 'sms'].includes(p.channel)) return;
      const template = await deps.templates.forQueue(db, p.queueId);
      if (!template?.sendAfterContact) return;
      const c = await deps.completedContact(p.contactId);
      if (!c) return;
      const offered = (ch: LinkChannel) => template.channels.includes(ch);
      // The contact's own channel first (an e-mail conversation gets an e-mail), then the other.
      const order: LinkChannel[] = p.channel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
      const pick = order.find((ch) => offered(ch) && (ch === 'sms' ? c.phone : c.email));
      if (!pick) return;
      await invite(
        {
          channel: pick,
          to: (pick === 'sms' ? c.phone : c.email)!,
          language: c.language,
          contactId: p.contactId,
          queueId: p.queueId,
          ...(p.agentId ? { agentId: p.agentId } : c.agentId ? { agentId: c.agentId } : {}),
          ...(c.customerId ? { customerId: c.customerId } : {}),
          templateId: template.id,
          source: 'auto',
        },
        null,
      );
    },
  };
}
export type SurveyInvitations = ReturnType<typeof createSurveyInvitations>;
