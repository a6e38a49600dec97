import type { CreateTeamBody, Team, UpdateTeamBody } from '../../../../contracts/teams';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, type DbOrTx, isUniqueViolation } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { UsersService } from '../auth';
import { leadNotFound, teamNameTaken, teamNotFound } from './teams.errors';
import type { TeamRow, TeamsRepo } from './teams.repo';

export type TeamsDeps = {
  db: Database;
  repo: TeamsRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  users: Pick<UsersService, 'exists' | 'countByTeam' | 'displayNames'>;
};

/** Teams (班组): a lead and members; routing, reports and QA group by team. */
export function createTeamsService(deps: TeamsDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;

  async function withCounts(rows: TeamRow[]): Promise<Team[]> {
    const leads = [...new Set(rows.flatMap((r) => (r.leadUserId ? [r.leadUserId] : [])))];
    const [counts, names] = await Promise.all([
      deps.users.countByTeam(
        db,
        rows.map((r) => r.id),
      ),
      deps.users.displayNames(db, leads),
    ]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      leadUserId: r.leadUserId,
      leadName: r.leadUserId ? (names.get(r.leadUserId) ?? null) : null,
      memberCount: counts.get(r.id) ?? 0,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async function assertLead(tx: DbOrTx, leadUserId: string | null | undefined) {
    if (leadUserId && !(await deps.users.exists(tx, leadUserId))) throw leadNotFound(leadUserId);
  }

  async function guardName<T>(name: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (name && isUniqueViolation(err)) throw teamNameTaken(name);
      throw err;
    }
  }

  return {
    async list(): Promise<Team[]> {
      return withCounts(await repo.list(db));
    },

    async get(id: string): Promise<Team> {
      const row = await repo.find(db, id);
      if (!row) throw teamNotFound(id);
      return (await withCounts([row]))[0]!;
    },

    async create(body: CreateTeamBody, actor: Actor): Promise<Team> {
      const row = await guardName(body.name, () =>
        bus.transaction(async (tx) => {
          await assertLead(tx, body.leadUserId);
          const now = clock.now();
          const r = await repo.insert(tx, {
            id: ids.next(),
            name: body.name,
            leadUserId: body.leadUserId ?? null,
            createdAt: now,
            updatedAt: now,
          });
          await audit.append(tx, actor, {
            action: 'teams.team.created',
            entityType: 'team',
            entityId: r.id,
            details: { name: r.name, leadUserId: r.leadUserId },
          });
          await bus.stage(tx, 'teams.team.created', { teamId: r.id, name: r.name, leadUserId: r.leadUserId });
          return r;
        }),
      );
      return (await withCounts([row]))[0]!;
    },

    async update(id: string, body: UpdateTeamBody, actor: Actor): Promise<Team> {
      const row = await guardName(body.name, () =>
        bus.transaction(async (tx) => {
          const before = await repo.find(tx, id);
          if (!before) throw teamNotFound(id);
          await assertLead(tx, body.leadUserId);
          const r = (await repo.update(tx, id, { ...body, updatedAt: clock.now() }))!;
          await audit.append(tx, actor, {
            action: 'teams.team.updated',
            entityType: 'team',
            entityId: id,
            details: { before: { name: before.name, leadUserId: before.leadUserId }, after: body },
          });
          await bus.stage(tx, 'teams.team.updated', { teamId: r.id, name: r.name, leadUserId: r.leadUserId });
          return r;
        }),
      );
      return (await withCounts([row]))[0]!;
    },

    /** The auth module's TeamDirectory port. */
    async teamExists(tx: DbOrTx, teamId: string): Promise<boolean> {
      return !!(await repo.find(tx, teamId));
    },

    /** By name, ignoring case, as the unique index does (the CLI's --team). */
    async findByName(name: string): Promise<TeamRow | undefined> {
      return repo.findByName(db, name.trim());
    },
  };
}
export type TeamsService = ReturnType<typeof createTeamsService>;
