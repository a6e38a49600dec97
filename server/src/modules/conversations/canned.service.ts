import type { CannedReply, CreateCannedReplyBody, UpdateCannedReplyBody } from '../../../../contracts/conversations';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { Principal } from '../../platform/guard';
import type { IdGenerator } from '../../platform/ids';
import { cannedNotFound, cannedScope } from './conversations.errors';
import type { CannedRow, ConversationsRepo } from './conversations.repo';

const out = (r: CannedRow): CannedReply => ({
  id: r.id,
  scope: r.scope as CannedReply['scope'],
  teamId: r.teamId,
  ownerId: r.ownerId,
  shortcut: r.shortcut,
  title: r.title,
  text: r.text,
  updatedAt: r.updatedAt.toISOString(),
});

/**
 * 快捷回复: everyone's (administrators: `channels.manage`), a team's (its lead or an administrator),
 * one's own. An agent lists the ones they may use: global, their team's, their own.
 */
export function createCannedService(deps: {
  db: Database;
  repo: ConversationsRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  /** The team a user leads (team leads edit their team's replies). */
  leads(userId: string, teamId: string): Promise<boolean>;
}) {
  const { db, repo, bus, audit, clock, ids } = deps;

  async function assertMay(p: Principal, scope: string, teamId: string | null, ownerId: string | null) {
    if (scope === 'personal' && ownerId === p.userId) return;
    if (p.permissions.has('channels.manage')) return;
    if (scope === 'team' && teamId && (await deps.leads(p.userId, teamId))) return;
    throw cannedScope(scope);
  }

  return {
    async list(p: Principal): Promise<CannedReply[]> {
      return (await repo.cannedFor(db, p.userId, p.teamId)).map(out);
    },
    async create(body: CreateCannedReplyBody, p: Principal, actor: Actor): Promise<CannedReply> {
      const teamId = body.scope === 'team' ? (body.teamId ?? p.teamId) : null;
      const ownerId = body.scope === 'personal' ? p.userId : null;
      if (body.scope === 'team' && !teamId) throw cannedScope('team');
      await assertMay(p, body.scope, teamId, ownerId);
      const now = clock.now();
      const r = await bus.transaction(async (tx) => {
        const row = await repo.insertCanned(tx, {
          id: ids.next(),
          scope: body.scope,
          teamId,
          ownerId,
          shortcut: body.shortcut,
          title: body.title,
          text: body.text,
          createdAt: now,
          updatedAt: now,
        });
        await audit.append(tx, actor, {
          action: 'conversations.canned.created',
          entityType: 'canned_reply',
          entityId: row.id,
          details: { scope: body.scope, shortcut: body.shortcut },
        });
        return row;
      });
      return out(r);
    },
    async update(id: string, body: UpdateCannedReplyBody, p: Principal, actor: Actor): Promise<CannedReply> {
      const before = await repo.findCanned(db, id);
      if (!before) throw cannedNotFound(id);
      await assertMay(p, before.scope, before.teamId, before.ownerId);
      const scope = body.scope ?? before.scope;
      const teamId = scope === 'team' ? (body.teamId ?? before.teamId ?? p.teamId) : null;
      const ownerId = scope === 'personal' ? (before.ownerId ?? p.userId) : null;
      if (scope !== before.scope || teamId !== before.teamId) await assertMay(p, scope, teamId, ownerId);
      const r = await bus.transaction(async (tx) => {
        const row = await repo.updateCanned(tx, id, {
          scope,
          teamId,
          ownerId,
          ...(body.shortcut !== undefined ? { shortcut: body.shortcut } : {}),
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.text !== undefined ? { text: body.text } : {}),
          updatedAt: clock.now(),
        });
        await audit.append(tx, actor, {
          action: 'conversations.canned.updated',
          entityType: 'canned_reply',
          entityId: id,
          details: { fields: Object.keys(body) },
        });
        return row!;
      });
      return out(r);
    },
    async remove(id: string, p: Principal, actor: Actor): Promise<void> {
      const before = await repo.findCanned(db, id);
      if (!before) throw cannedNotFound(id);
      await assertMay(p, before.scope, before.teamId, before.ownerId);
      await bus.transaction(async (tx) => {
        await repo.deleteCanned(tx, id);
        await audit.append(tx, actor, {
          action: 'conversations.canned.deleted',
          entityType: 'canned_reply',
          entityId: id,
          details: { shortcut: before.shortcut },
        });
      });
    },
  };
}
export type CannedService = ReturnType<typeof createCannedService>;
