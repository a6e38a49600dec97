import {
  type CreateCategoryBody,
  type CreateGroupBody,
  type CreateSlaPolicyBody,
  DEFAULT_CUSTOMER_NOTICES,
  type DepartmentGroup,
  type SlaPolicy,
  type TicketCategory,
  type TicketSettings,
  type TicketType,
  type UpdateCategoryBody,
  type UpdateGroupBody,
  type UpdateSlaPolicyBody,
  type UpdateTicketSettingsBody,
} from '../../../../contracts/tickets';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, isUniqueViolation, type Tx } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { UsersService } from '../auth';
import { type CategorySeed, DEFAULT_CATEGORIES, DEFAULT_SLA_POLICIES } from './domain/catalog';
import { OPEN_STATUSES } from './domain/status-machine';
import {
  categoryNotFound,
  groupNotFound,
  nameTaken,
  policyNotFound,
  unknownCalendar,
  unknownCategory,
  unknownUser,
} from './tickets.errors';
import type { CategoryRow, GroupRow, PolicyRow, TicketsRepo } from './tickets.repo';

export type TicketsAdminDeps = {
  db: Database;
  repo: TicketsRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  users: Pick<UsersService, 'exists'>;
  /** Whether a business calendar exists (a policy may only name one that does). */
  calendarExists(tx: Tx, id: string): Promise<boolean>;
};

const toPolicy = (p: PolicyRow): SlaPolicy => ({
  id: p.id,
  name: p.name,
  type: p.type as SlaPolicy['type'],
  priority: p.priority as SlaPolicy['priority'],
  severity: p.severity as SlaPolicy['severity'],
  customerTier: p.customerTier,
  calendarId: p.calendarId,
  responseMinutes: p.responseMinutes,
  resolveMinutes: p.resolveMinutes,
  warningShare: p.warningShare,
  reescalateAfterMinutes: p.reescalateAfterMinutes,
  active: p.active,
  createdAt: p.createdAt.toISOString(),
});
const toCategory = (c: CategoryRow): TicketCategory => ({
  id: c.id,
  type: c.type as TicketType,
  parentId: c.parentId,
  name: c.name,
  sortOrder: c.sortOrder,
  active: c.active,
});
const toGroup = (g: GroupRow & { memberUserIds: string[] }): DepartmentGroup => ({
  id: g.id,
  name: g.name,
  leadUserId: g.leadUserId,
  memberUserIds: g.memberUserIds,
  createdAt: g.createdAt.toISOString(),
});

/**
 * What tickets.manage administers: SLA policies, the category tree per type, department groups
 * (技术, 账务, 物流, 市场 …). A change to a policy applies to tickets at their next change or scan.
 */
export function createTicketsAdmin(deps: TicketsAdminDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;

  async function guard<T>(what: 'group' | 'category', name: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (name && isUniqueViolation(err)) throw nameTaken(what, name);
      throw err;
    }
  }
  async function checkUsers(tx: Tx, b: { leadUserId?: string | null; memberUserIds?: string[] }) {
    if (b.leadUserId && !(await deps.users.exists(tx, b.leadUserId))) throw unknownUser('leadUserId', b.leadUserId);
    for (const [i, u] of (b.memberUserIds ?? []).entries())
      if (!(await deps.users.exists(tx, u))) throw unknownUser(`memberUserIds.${i}`, u);
  }

  async function seedTree(tx: Tx, type: TicketType, nodes: CategorySeed[], parentId: string | null) {
    for (const [i, n] of nodes.entries()) {
      const row = await repo.insertCategory(tx, {
        id: ids.next(),
        type,
        parentId,
        name: n.name,
        sortOrder: i,
        createdAt: clock.now(),
      });
      if (n.children) await seedTree(tx, type, n.children, row.id);
    }
  }

  return {
    /** The manuals' defaults in a fresh installation: SLA policies and a category tree (kept once edited). */
    async seedDefaults(): Promise<void> {
      await db.transaction(async (tx) => {
        // One seeder at a time (several nodes starting together).
        await tx.execute('select pg_advisory_xact_lock(7314200013)');
        if ((await repo.policies(tx)).length === 0) {
          const now = clock.now();
          for (const p of DEFAULT_SLA_POLICIES)
            await repo.insertPolicy(tx, {
              id: ids.next(),
              warningShare: 0.8,
              reescalateAfterMinutes: 240,
              ...p,
              createdAt: now,
              updatedAt: now,
            });
        }
        if ((await repo.categories(tx)).length === 0)
          for (const [type, tree] of Object.entries(DEFAULT_CATEGORIES))
            await seedTree(tx, type as TicketType, tree, null);
      });
    },

    async policies(): Promise<SlaPolicy[]> {
      return (await repo.policies(db)).map(toPolicy);
    },
    async createPolicy(b: CreateSlaPolicyBody, actor: Actor): Promise<SlaPolicy> {
      const r = await bus.transaction(async (tx) => {
        if (b.calendarId && !(await deps.calendarExists(tx, b.calendarId)))
          throw unknownCalendar('calendarId', b.calendarId);
        const now = clock.now();
        const r = await repo.insertPolicy(tx, { id: ids.next(), ...b, createdAt: now, updatedAt: now });
        await audit.append(tx, actor, {
          action: 'tickets.sla_policy.created',
          entityType: 'sla_policy',
          entityId: r.id,
          details: { ...b },
        });
        return r;
      });
      return toPolicy(r);
    },
    async updatePolicy(id: string, b: UpdateSlaPolicyBody, actor: Actor): Promise<SlaPolicy> {
      const r = await bus.transaction(async (tx) => {
        if (b.calendarId && !(await deps.calendarExists(tx, b.calendarId)))
          throw unknownCalendar('calendarId', b.calendarId);
        const now = clock.now();
        const before = await repo.policy(tx, id);
        if (!before) throw policyNotFound(id);
        const r = (await repo.updatePolicy(tx, id, { ...b, updatedAt: now }))!;
        await audit.append(tx, actor, {
          action: 'tickets.sla_policy.updated',
          entityType: 'sla_policy',
          entityId: id,
          details: { before: pick(before, Object.keys(b)), after: { ...b } },
        });
        // Open orders under it get new deadlines at the scanner's next pass (seconds), not at their next edit.
        await repo.dueNowByPolicy(tx, id, now, OPEN_STATUSES);
        return r;
      });
      return toPolicy(r);
    },

    async categories(type?: TicketType): Promise<TicketCategory[]> {
      return (await repo.categories(db, type)).map(toCategory);
    },
    async createCategory(b: CreateCategoryBody, actor: Actor): Promise<TicketCategory> {
      return guard('category', b.name, () =>
        bus.transaction(async (tx) => {
          if (b.parentId) {
            const parent = await repo.category(tx, b.parentId);
            if (!parent || parent.type !== b.type) throw unknownCategory('parentId', b.parentId);
          }
          const r = await repo.insertCategory(tx, {
            id: ids.next(),
            type: b.type,
            parentId: b.parentId ?? null,
            name: b.name,
            sortOrder: b.sortOrder,
            createdAt: clock.now(),
          });
          await audit.append(tx, actor, {
            action: 'tickets.category.created',
            entityType: 'ticket_category',
            entityId: r.id,
            details: { ...b },
          });
          return toCategory(r);
        }),
      );
    },
    async updateCategory(id: string, b: UpdateCategoryBody, actor: Actor): Promise<TicketCategory> {
      const r = await guard('category', b.name, () =>
        bus.transaction(async (tx) => {
          const before = await repo.category(tx, id);
          if (!before) throw categoryNotFound(id);
          const r = (await repo.updateCategory(tx, id, b))!;
          await audit.append(tx, actor, {
            action: 'tickets.category.updated',
            entityType: 'ticket_category',
            entityId: id,
            details: { before: pick(before, Object.keys(b)), after: { ...b } },
          });
          return r;
        }),
      );
      return toCategory(r);
    },

    /** Settings with their defaults filled (a type added later notifies as its default says). */
    async settings(): Promise<TicketSettings> {
      const stored = await repo.setting<Partial<TicketSettings['customerNotices']>>(db, NOTICES_KEY);
      return { customerNotices: { ...DEFAULT_CUSTOMER_NOTICES, ...stored } };
    },
    async updateSettings(b: UpdateTicketSettingsBody, actor: Actor): Promise<TicketSettings> {
      await bus.transaction(async (tx) => {
        // Two admins saving at once: the second reads what the first wrote (no lost change).
        await tx.execute('select pg_advisory_xact_lock(7314200014)');
        const stored = await repo.setting<Partial<TicketSettings['customerNotices']>>(tx, NOTICES_KEY);
        const before = { ...DEFAULT_CUSTOMER_NOTICES, ...stored };
        const after = { ...before, ...b.customerNotices };
        await repo.putSetting(tx, NOTICES_KEY, after);
        await audit.append(tx, actor, {
          action: 'tickets.settings.updated',
          details: { customerNotices: { before, after } },
        });
      });
      return this.settings();
    },

    async groups(): Promise<DepartmentGroup[]> {
      return (await repo.groups(db)).map(toGroup);
    },
    async createGroup(b: CreateGroupBody, actor: Actor): Promise<DepartmentGroup> {
      const id = await guard('group', b.name, () =>
        bus.transaction(async (tx) => {
          await checkUsers(tx, b);
          const now = clock.now();
          const g = await repo.insertGroup(tx, {
            id: ids.next(),
            name: b.name,
            leadUserId: b.leadUserId ?? null,
            createdAt: now,
            updatedAt: now,
          });
          await repo.setMembers(tx, g.id, b.memberUserIds);
          await audit.append(tx, actor, {
            action: 'tickets.group.created',
            entityType: 'ticket_group',
            entityId: g.id,
            details: { ...b },
          });
          return g.id;
        }),
      );
      return toGroup((await repo.group(db, id))!);
    },
    async updateGroup(id: string, b: UpdateGroupBody, actor: Actor): Promise<DepartmentGroup> {
      await guard('group', b.name, () =>
        bus.transaction(async (tx) => {
          const before = await repo.group(tx, id);
          if (!before) throw groupNotFound(id);
          await checkUsers(tx, b);
          const { memberUserIds, ...fields } = b;
          await repo.updateGroup(tx, id, { ...fields, updatedAt: clock.now() });
          if (memberUserIds) await repo.setMembers(tx, id, memberUserIds);
          await audit.append(tx, actor, {
            action: 'tickets.group.updated',
            entityType: 'ticket_group',
            entityId: id,
            details: { before: pick(before, Object.keys(b)), after: { ...b } },
          });
        }),
      );
      return toGroup((await repo.group(db, id))!);
    },
  };
}
const NOTICES_KEY = 'customerNotices';

export type TicketsAdmin = ReturnType<typeof createTicketsAdmin>;

function pick(row: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (row as Record<string, unknown>)[k]]));
}
