import type {
  Contact,
  ContactState,
  CreateContactBody,
  TransferBody,
  UpdateContactBody,
  WrapUp,
} from '../../../../contracts/routing';
import type { Actor } from '../../platform/audit';
import type { RoutingConfig } from './routing.config';
import type { ContactView } from './routing.contact-view';
import { SYSTEM_VIEWER } from './routing.contact-view';
import type { RoutingContext, Viewer } from './routing.context';
import { contactNotFound, notYourContact, noWrapUpDue, unknownAgent, wrongContactState } from './routing.errors';
import type { OpenContact } from './routing.runtime';

/**
 * The ACD's command path for contacts: create, offer outcomes (accept, reject, RONA), complete and
 * wrap up, transfer, abandon, a supervisor's changes. Each is one runtime command; its rows and
 * events commit together (group commit) before the promise resolves.
 */
export function createContactCommands(
  ctx: RoutingContext,
  config: Pick<RoutingConfig, 'queueOrField' | 'checkSkills'>,
  view: Pick<ContactView, 'contactOut'>,
) {
  const { deps, rt, profileOf } = ctx;
  const { db, repo } = deps;
  const { moves } = rt;
  const { contactOut } = view;

  /** Not open in memory: a contact that exists is closed (409), an unknown id is not found (404). */
  async function notOpen(id: string, wanted: string) {
    return (await rt.storedContact(id)) ? wrongContactState(id, 'closed', wanted) : contactNotFound(id);
  }

  /** The caller's own contact, in one of `states`. */
  async function ownOpen(id: string, actor: Actor, states: ContactState[]): Promise<OpenContact> {
    const row = rt.openContact(id);
    if (!row) throw await notOpen(id, states.join(' or '));
    if (!states.includes(row.state as ContactState)) throw wrongContactState(id, row.state, states.join(' or '));
    if (row.agentId !== actor.userId) throw notYourContact(id);
    return row;
  }

  /** A contact still waiting (queued or offered): the customer may leave, a supervisor may move it. */
  async function waiting(id: string): Promise<OpenContact> {
    const r = rt.liveContact(id);
    if (!r) throw await notOpen(id, 'queued or offered');
    if (r.state !== 'queued' && r.state !== 'offered') throw wrongContactState(r.id, r.state, 'queued or offered');
    return r;
  }

  /** The wrap-up due on `id`, when it is the caller's. */
  async function ownWrapUp(id: string, actor: Actor) {
    const w = rt.wrapUpDue(id);
    if (!w) {
      const open = rt.liveContact(id);
      if (open && open.agentId !== actor.userId) {
        throw open.state === 'wrap_up' ? notYourContact(id) : wrongContactState(id, open.state, 'wrap_up');
      }
      if (!open && !(await rt.storedContact(id))) throw contactNotFound(id);
      throw noWrapUpDue(id);
    }
    if (w.agentId !== actor.userId) await ownOpen(id, actor, ['wrap_up', 'transferred']);
    return w;
  }

  /**
   * What the CRM tells about an arriving contact in its queue (routing.customer-hints.ts): a VIP's
   * boost (marked `vip` on the contact), the customer a caller's number names, and the agent to
   * prefer — the CRM's 专属客户经理, else the agent who served the customer last.
   */
  async function fromCrm(body: { queue: string; customer?: CreateContactBody['customer']; preferredAgentId?: string }) {
    const customer = body.customer ?? null;
    const q = rt.queueByRef(body.queue);
    const hint = q ? await deps.customerHints?.forContact(customer, q.settings) : undefined;
    const customerId = customer?.id ?? hint?.customerId;
    const lastAgent =
      !body.preferredAgentId && !hint?.preferredAgentId && customerId && q?.settings.strategy === 'preferred_agent'
        ? await repo.lastAgentOf(db, customerId)
        : undefined;
    return {
      boost: hint?.boost ?? 0,
      customer: customer && hint?.customerId && !customer.id ? { ...customer, id: hint.customerId } : customer,
      preferredAgentId: body.preferredAgentId ?? hint?.preferredAgentId ?? lastAgent ?? null,
      attributes: <T extends Record<string, string | number | boolean>>(a: T): T =>
        hint?.vip ? { ...a, vip: true } : a,
    };
  }

  return {
    async createContact(body: CreateContactBody, actor: Actor, viewer: Viewer): Promise<Contact> {
      const crm = await fromCrm(body);
      const row = await rt.command(actor, (b) => {
        const q = config.queueOrField(body.queue, 'queue');
        if (body.skills) config.checkSkills(body.skills, 'skills');
        const r = moves.newRow(b, {
          channel: body.channel,
          direction: body.direction,
          queueId: q.id,
          priority: body.priority + crm.boost,
          skills: body.skills ?? null,
          attributes: crm.attributes(body.attributes),
          customer: crm.customer,
          subject: body.subject ?? null,
          preferredAgentId: crm.preferredAgentId,
        });
        moves.enter(b, r, null, 0);
        return r;
      });
      return contactOut(row, viewer);
    },

    /**
     * An id for a contact about to be created (`createChannelContact`'s `id`): voice binds its call
     * to it first, so the contact's first events — an offer decided in the same command — find the call.
     */
    newContactId: (): string => ctx.deps.ids.next(),

    /**
     * Telephony and the digital channels (the HTTP contract refuses voice): a `voice` contact for a
     * caller the IVR queued, a `callback` contact that keeps the caller's place (`queuedAt` of the
     * call), a `chat`, `email` or `sms` contact for a conversation (conversations module).
     */
    async createChannelContact(
      body: Omit<CreateContactBody, 'channel' | 'direction' | 'preferredAgentId'> & {
        channel: 'voice' | 'callback' | 'chat' | 'email' | 'sms';
        queuedAt?: Date;
        parentId?: string;
        /** From `newContactId()`. */
        id?: string;
      },
      actor: Actor | null,
    ): Promise<Contact> {
      const crm = await fromCrm(body);
      const row = await rt.command(actor, (b) => {
        const q = config.queueOrField(body.queue, 'queue');
        if (body.skills) config.checkSkills(body.skills, 'skills');
        const r = moves.newRow(b, {
          ...(body.id ? { id: body.id } : {}),
          channel: body.channel,
          direction: 'inbound',
          queueId: q.id,
          priority: body.priority + crm.boost,
          skills: body.skills ?? null,
          attributes: crm.attributes(body.attributes),
          customer: crm.customer,
          subject: body.subject ?? null,
          preferredAgentId: crm.preferredAgentId,
          parentId: body.parentId ?? null,
          ...(body.queuedAt ? { queuedAt: body.queuedAt } : {}),
        });
        moves.enter(b, r, null, 0);
        return r;
      });
      return contactOut(row, SYSTEM_VIEWER);
    },

    /**
     * Voice: the agent's phone did not take the offer. `rejected` (busy, declined, or the call is
     * gone): the next agent; `timeout` (the phone rang and nobody answered): RONA, the agent goes
     * 未应答; `undelivered` (the phone never responded) and `no_phone` (none registered): the next
     * agent, this agent stays ready but is flagged and held from calls for a while (docs/voice.md,
     * "Overload"); several agents' phones not responding at once pause all voice offers briefly.
     */
    async declineOffer(
      id: string,
      agentId: string,
      why: 'rejected' | 'timeout' | 'undelivered' | 'no_phone',
    ): Promise<void> {
      await rt.command(null, (b) => {
        const r = rt.liveContact(id);
        if (r?.state !== 'offered' || r.agentId !== agentId) return;
        moves.declined(b, r, why);
      });
    },

    /**
     * Voice: the agent's phone responded to the offer (a provisional response): the ring time starts
     * now, so Kefu's own delays before the phone rang never count against the agent as RONA.
     */
    async offerReached(id: string, agentId: string): Promise<void> {
      await rt.command(null, (b) => {
        const r = rt.liveContact(id);
        if (r?.state !== 'offered' || r.agentId !== agentId) return;
        moves.reached(b, r);
      });
    },

    /**
     * Telephony: the caller pressed 1 for a callback. The voice contact leaves the queue as
     * `transferred` (not abandoned: the caller is still served) and a `callback` contact takes its
     * place, with the caller's original arrival time so it keeps its position.
     */
    async convertToCallback(id: string, attributes: Record<string, string>): Promise<Contact | undefined> {
      const child = await rt.command(null, (b) => {
        const r = rt.liveContact(id);
        if (!r || (r.state !== 'queued' && r.state !== 'offered')) return undefined;
        const offers = moves.drive(b, (e, t) => e.abandon(id, t));
        moves.transition(b, r, 'transferred', { endedAt: b.now, completedAt: b.now }, { note: 'callback requested' });
        moves.applyOffers(b, offers);
        const c = moves.newRow(b, {
          ...moves.copyForChild(r),
          channel: 'callback',
          parentId: r.id,
          queuedAt: r.queuedAt,
          attributes: { ...r.attributes, ...attributes },
        });
        moves.enter(b, c, 'callback requested in queue', 0);
        return c;
      });
      return child ? contactOut(child, SYSTEM_VIEWER) : undefined;
    },

    async accept(id: string, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, async (b) => {
        const r = await ownOpen(id, actor, ['offered']);
        const offers = moves.drive(b, (e, t) => e.accept(id, t));
        moves.transition(b, r, 'connected', { connectedAt: b.now });
        moves.applyOffers(b, offers);
        return r;
      });
      return contactOut(row, viewer);
    },

    async reject(id: string, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, async (b) => {
        const r = await ownOpen(id, actor, ['offered']);
        moves.declined(b, r, 'rejected');
        return r;
      });
      return contactOut(row, viewer);
    },

    /** The conversation ended: wrap-up for the queue's time, or completed at once with the form. */
    async complete(id: string, body: { wrapUp?: WrapUp }, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, async (b) => {
        const r = await ownOpen(id, actor, ['connected']);
        const q = rt.queue(r.queueId)!;
        const seconds = body.wrapUp ? 0 : q.settings.wrapUpSeconds;
        const agentId = r.agentId!;
        const offers = moves.drive(b, (e, t) => e.end(id, t, seconds));
        if (seconds === 0) {
          moves.transition(b, r, 'completed', { endedAt: b.now, completedAt: b.now, wrapUp: body.wrapUp ?? null });
        } else {
          moves.transition(b, r, 'wrap_up', { endedAt: b.now });
          moves.startWrapUp(r, agentId, b.now.getTime() + seconds * 1000);
        }
        b.agents.add(agentId);
        moves.applyOffers(b, offers);
        return r;
      });
      return contactOut(row, viewer);
    },

    /** The wrap-up form (处理结果, request type, notes): the contact completes; the agent is free when no other wrap-up is due. */
    async wrapUp(id: string, body: WrapUp, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, async (b) => {
        await ownWrapUp(id, actor);
        return moves.submitWrapUp(b, id, body);
      });
      return contactOut(row, viewer);
    },

    /** More time for the notes: the wrap-up ends `seconds` later than it would have (at most an hour from now). */
    async extendWrapUp(
      id: string,
      seconds: number,
      actor: Actor,
      viewer: Viewer,
    ): Promise<Contact & { wrapUpUntil: string }> {
      const out = await rt.command(actor, async (b) => {
        const w = rt.wrapUpDue(id);
        if (!w) throw (await rt.storedContact(id)) ? noWrapUpDue(id) : contactNotFound(id);
        if (w.agentId !== actor.userId) await ownOpen(id, actor, ['wrap_up', 'transferred']);
        return moves.extendWrapUp(b, id, seconds);
      });
      return { ...contactOut(out.row, viewer), wrapUpUntil: new Date(out.until).toISOString() };
    },

    /** Hands a connected contact to a queue or a named agent; the new contact continues it. */
    async transfer(id: string, body: TransferBody, actor: Actor, viewer: Viewer): Promise<Contact> {
      if (body.agentId && !(await profileOf(body.agentId))) throw unknownAgent('agentId', body.agentId);
      const child = await rt.command(actor, async (b) => {
        const r = await ownOpen(id, actor, ['connected']);
        const from = rt.queue(r.queueId)!;
        const target = body.queue ? config.queueOrField(body.queue, 'queue') : from;
        if (body.agentId) moves.ensureAgent(b, body.agentId);
        const seconds = from.settings.wrapUpSeconds;
        const agentId = r.agentId!;
        const offers = moves.drive(b, (e, t) => e.end(id, t, seconds));
        const note = body.agentId ? `to agent ${body.agentId}` : `to queue ${target.key}`;
        moves.transition(
          b,
          r,
          'transferred',
          { endedAt: b.now, ...(seconds === 0 ? { completedAt: b.now } : {}) },
          { note: body.note ? `${note}: ${body.note}` : note },
        );
        if (seconds > 0) moves.startWrapUp(r, agentId, b.now.getTime() + seconds * 1000);
        b.agents.add(agentId);
        moves.applyOffers(b, offers);
        const c = moves.newRow(b, {
          ...moves.copyForChild(r),
          queueId: target.id,
          parentId: r.id,
          targetAgentId: body.agentId ?? null,
          attributes: body.note ? { ...r.attributes, transferNote: body.note } : r.attributes,
        });
        moves.enter(b, c, `transfer from ${agentId}`, 0);
        return c;
      });
      return contactOut(child, viewer);
    },

    /** The customer left (chat closed, caller hung up) before an agent took the contact. */
    async abandon(id: string, actor: Actor, viewer: Viewer): Promise<Contact> {
      const row = await rt.command(actor, async (b) => {
        const r = await waiting(id);
        const offers = moves.drive(b, (e, t) => e.abandon(id, t));
        moves.transition(b, r, 'abandoned', { endedAt: b.now });
        moves.applyOffers(b, offers);
        return r;
      });
      return contactOut(row, viewer);
    },

    /** Supervisor: another queue, a higher priority, a named agent — audited. */
    async updateContact(id: string, body: UpdateContactBody, actor: Actor, viewer: Viewer): Promise<Contact> {
      if (body.assignTo && !(await profileOf(body.assignTo))) throw unknownAgent('assignTo', body.assignTo);
      const row = await rt.command(actor, async (b) => {
        const r = await waiting(id);
        const q = body.queue ? config.queueOrField(body.queue, 'queue') : undefined;
        if (body.assignTo) moves.ensureAgent(b, body.assignTo);
        const before = { queueId: r.queueId, priority: r.priority, targetAgentId: r.targetAgentId };
        const offers = moves.drive(b, (e, t) =>
          e.requeue(id, { queueId: q?.id, priority: body.priority, targetAgentId: body.assignTo }, t),
        );
        moves.transition(
          b,
          r,
          'queued',
          {
            queueId: q?.id ?? r.queueId,
            priority: body.priority ?? r.priority,
            targetAgentId: body.assignTo === undefined ? r.targetAgentId : body.assignTo,
            agentId: null,
            offeredAt: null,
          },
          { note: `changed by supervisor: ${JSON.stringify(body)}`, eventName: 'routing.contact.updated' },
        );
        moves.applyOffers(b, offers);
        b.audits.push({
          action: 'routing.contact.updated',
          entityType: 'contact',
          entityId: id,
          details: { before, after: body },
        });
        return r;
      });
      return contactOut(row, viewer);
    },
  };
}
