import type { CreatePhoneBody, MyPhone, Phone, PhoneBinding, UpdatePhoneBody } from '../../../../contracts/telephony';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, type DbOrTx, isUniqueViolation } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { UsersService } from '../auth';
import { computeAccountHa1 } from './auth/digest';
import type { Binding, BindingChange, SipAccount, SipAccountStore } from './registrar/registrar';
import { agentNotFound, phoneNotFound, phoneUsernameTaken } from './telephony.errors';
import type { PhoneRegistrationChanged } from './telephony.events';
import type { PhoneRow, TelephonyRepo } from './telephony.repo';

/** Port: the live registrations of a SIP username (the running SIP server's registrar, or none). */
export interface PhoneBindings {
  bindingsOf(username: string): readonly Binding[];
}

export type TelephonyDeps = {
  db: Database;
  repo: TelephonyRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  /** KEFU_SIP_REALM: part of every stored HA1. */
  realm: string;
  users: Pick<UsersService, 'exists' | 'displayNames'>;
  bindings: PhoneBindings;
};

/** Agent phones: SIP accounts the registrar authenticates, one or more per agent. */
export function createTelephonyService(deps: TelephonyDeps) {
  const { db, repo, bus, audit, clock, ids, realm } = deps;

  const toBinding = (b: Binding): PhoneBinding => ({
    contact: b.contactText,
    source: { transport: b.source.transport, host: b.source.host, port: b.source.port },
    expiresAt: new Date(b.expiresAt).toISOString(),
    userAgent: b.userAgent ?? null,
  });

  async function toPhones(rows: PhoneRow[]): Promise<Phone[]> {
    const names = await deps.users.displayNames(db, [...new Set(rows.map((r) => r.agentUserId))]);
    return rows.map((r) => {
      const bindings = deps.bindings.bindingsOf(r.username).map(toBinding);
      return {
        id: r.id,
        username: r.username,
        agentUserId: r.agentUserId,
        agentName: names.get(r.agentUserId) ?? null,
        disabled: r.disabled,
        registered: bindings.length > 0,
        bindings,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }

  const hashes = (username: string, password: string) => {
    const ha1 = computeAccountHa1(username, realm, password);
    return { ha1Md5: ha1.MD5, ha1Sha256: ha1['SHA-256'] };
  };

  async function assertAgent(tx: DbOrTx, agentUserId: string) {
    if (!(await deps.users.exists(tx, agentUserId))) throw agentNotFound(agentUserId);
  }

  return {
    async list(): Promise<Phone[]> {
      return toPhones(await repo.list(db));
    },

    async get(id: string): Promise<Phone> {
      const row = await repo.find(db, id);
      if (!row) throw phoneNotFound(id);
      return (await toPhones([row]))[0]!;
    },

    /** The agent's own phones and whether any enabled one is registered (the desktop's phone status). */
    async mine(agentUserId: string): Promise<MyPhone> {
      const phones = (await repo.listByAgent(db, agentUserId)).map((r) => {
        const bindings = r.disabled ? [] : deps.bindings.bindingsOf(r.username).map(toBinding);
        return { username: r.username, disabled: r.disabled, registered: bindings.length > 0, bindings };
      });
      return { registered: phones.some((ph) => ph.registered), phones };
    },

    /**
     * The registrar's report of a binding change, published for the agent's desktop (and the
     * phones list). A refresh only when the address or phone it comes from changed: a plain refresh
     * (every phone, every minute or so) would be an outbox row and a push per phone for nothing.
     */
    async registrationChanged(change: BindingChange): Promise<void> {
      if (change.onlyExpiryMoved) return;
      const payload: PhoneRegistrationChanged = {
        agentUserId: change.agentUserId,
        username: change.username,
        registered: change.bindings.length > 0,
        cause: change.cause,
      };
      await bus.transaction((tx) => bus.stage(tx, 'telephony.phone.registration_changed', payload));
    },

    async findByUsername(username: string): Promise<Phone | undefined> {
      const row = await repo.findByUsername(db, username);
      return row ? (await toPhones([row]))[0] : undefined;
    },

    async create(body: CreatePhoneBody, actor: Actor): Promise<Phone> {
      let row: PhoneRow;
      try {
        row = await bus.transaction(async (tx) => {
          await assertAgent(tx, body.agentUserId);
          const now = clock.now();
          const r = await repo.insert(tx, {
            id: ids.next(),
            username: body.username,
            agentUserId: body.agentUserId,
            ...hashes(body.username, body.password),
            disabled: false,
            createdAt: now,
            updatedAt: now,
          });
          // Never the password, nor its hashes.
          await audit.append(tx, actor, {
            action: 'telephony.phone.created',
            entityType: 'phone',
            entityId: r.id,
            details: { username: r.username, agentUserId: r.agentUserId },
          });
          return r;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw phoneUsernameTaken(body.username);
        throw err;
      }
      return (await toPhones([row]))[0]!;
    },

    async update(id: string, body: UpdatePhoneBody, actor: Actor): Promise<Phone> {
      const row = await bus.transaction(async (tx) => {
        const before = await repo.find(tx, id);
        if (!before) throw phoneNotFound(id);
        const r = (await repo.update(tx, id, {
          ...(body.password === undefined ? {} : hashes(before.username, body.password)),
          ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
          updatedAt: clock.now(),
        }))!;
        await audit.append(tx, actor, {
          action: 'telephony.phone.updated',
          entityType: 'phone',
          entityId: id,
          details: {
            username: r.username,
            passwordChanged: body.password !== undefined,
            ...(body.disabled === undefined ? {} : { disabled: { before: before.disabled, after: r.disabled } }),
          },
        });
        return r;
      });
      return (await toPhones([row]))[0]!;
    },

    /** The registrar's account port: what a REGISTER is checked against. */
    accounts: {
      async find(username: string): Promise<SipAccount | undefined> {
        const r = await repo.findByUsername(db, username);
        if (!r) return undefined;
        return {
          username: r.username,
          agentUserId: r.agentUserId,
          ha1: { MD5: r.ha1Md5, 'SHA-256': r.ha1Sha256 },
          disabled: r.disabled,
        };
      },
    } satisfies SipAccountStore,
  };
}
export type TelephonyService = ReturnType<typeof createTelephonyService>;
