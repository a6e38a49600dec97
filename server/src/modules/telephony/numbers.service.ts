/**
 * Called numbers (DIDs) → IVR flows, and trunks (which sources may send calls in, where calls go
 * out). Call control asks `routeInbound` for every new INVITE, so both tables are held in memory
 * and reloaded after each write (one Kefu process owns the telephony of a database, like the ACD).
 *
 * Inbound trust is by source address only in this release: an INVITE from an address no enabled
 * trunk lists gets 403. Digest for inbound trunks is stored in the schema but not offered yet.
 */
import { BlockList, isIP } from 'node:net';
import type {
  CreateNumberBody,
  CreateTrunkBody,
  PhoneNumber,
  Trunk,
  UpdateNumberBody,
  UpdateTrunkBody,
} from '../../../../contracts/telephony';
import type { OverloadAction, SpikeMessage, SpikeMessageBody } from '../../../../contracts/voice';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, isUniqueViolation } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { NumberRow, NumbersRepo, TrunkRow } from './numbers.repo';
import {
  flowNotFound,
  numberNotFound,
  numberTaken,
  promptUnknown,
  trunkNameTaken,
  trunkNotFound,
} from './telephony.errors';

/** What the IVR module tells telephony about flows (a port: telephony never reads IVR tables). */
export interface FlowDirectory {
  flowExists(id: string): Promise<boolean>;
}

/** Which prompt keys the prompt library has (shipped or uploaded, in any language). */
export interface PromptDirectory {
  promptExists(key: string): Promise<boolean>;
}

export type NumbersDeps = {
  db: Database;
  repo: NumbersRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  flows: FlowDirectory;
  prompts: PromptDirectory;
};

/** What call control needs of a dialled number before it answers: its flow, overload action and spike message. */
export type InboundMatch =
  | {
      trunkId: string;
      flowId: string;
      numberId: string;
      /** The number as configured (the call record's `called` is as dialled). */
      number: string;
      overloadAction: OverloadAction;
      spike: SpikeMessage;
    }
  | { refused: 'unknown_source' | 'unknown_number' };

export function createNumbersService(deps: NumbersDeps) {
  const { db, repo, bus, audit, clock, ids } = deps;
  let numbers = new Map<string, NumberRow>();
  let trunks: Array<{ row: TrunkRow; allow: BlockList }> = [];
  let loaded = false;

  async function reload(): Promise<void> {
    numbers = new Map((await repo.numbers(db)).map((n) => [n.number, n]));
    trunks = (await repo.trunks(db)).map((row) => ({ row, allow: blockList(row.inboundAddresses) }));
    loaded = true;
  }

  const numberOut = (r: NumberRow): PhoneNumber => ({
    id: r.id,
    number: r.number,
    flowId: r.flowId,
    name: r.name,
    overloadAction: overloadActionOf(r),
    spike: spikeOf(r),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  });
  const trunkOut = (r: TrunkRow): Trunk => ({
    id: r.id,
    name: r.name,
    inboundAddresses: r.inboundAddresses,
    outboundHost: r.outboundHost,
    outboundPort: r.outboundPort,
    outboundTransport: r.outboundTransport === 'tcp' ? 'tcp' : 'udp',
    outboundUsername: r.outboundUsername,
    hasOutboundPassword: r.outboundPassword !== null,
    callerId: r.callerId,
    disabled: r.disabled,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  });

  const assertFlow = async (flowId: string) => {
    if (!(await deps.flows.flowExists(flowId))) throw flowNotFound(flowId);
  };

  return {
    reload,

    /** The trunk an INVITE's source belongs to and the flow of the number it dialled. */
    async routeInbound(sourceAddress: string, called: string): Promise<InboundMatch> {
      if (!loaded) await reload();
      const family = isIP(sourceAddress) === 6 ? 'ipv6' : 'ipv4';
      const trunk = trunks.find((t) => !t.row.disabled && t.allow.check(sourceAddress, family));
      if (!trunk) return { refused: 'unknown_source' };
      const n = numbers.get(called) ?? numbers.get(called.replace(/^\+?86/, '')) ?? numbers.get(`+${called}`);
      if (!n) return { refused: 'unknown_number' };
      return {
        trunkId: trunk.row.id,
        flowId: n.flowId,
        numberId: n.id,
        number: n.number,
        overloadAction: overloadActionOf(n),
        spike: spikeOf(n),
      };
    },

    /** The trunk outbound calls use: the first enabled one with an outbound host (by name). */
    async outboundTrunk(): Promise<TrunkRow | undefined> {
      if (!loaded) await reload();
      return trunks.map((t) => t.row).find((r) => !r.disabled && r.outboundHost);
    },

    async listNumbers(): Promise<PhoneNumber[]> {
      return (await repo.numbers(db)).map(numberOut);
    },

    async createNumber(body: CreateNumberBody, actor: Actor): Promise<PhoneNumber> {
      await assertFlow(body.flowId);
      try {
        const row = await bus.transaction(async (tx) => {
          const now = clock.now();
          const r = await repo.insertNumber(tx, {
            id: ids.next(),
            number: body.number,
            flowId: body.flowId,
            name: body.name ?? null,
            createdAt: now,
            updatedAt: now,
          });
          await audit.append(tx, actor, {
            action: 'telephony.number.created',
            entityType: 'number',
            entityId: r.id,
            details: { number: r.number, flowId: r.flowId },
          });
          return r;
        });
        await reload();
        return numberOut(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw numberTaken(body.number);
        throw err;
      }
    },

    async updateNumber(id: string, body: UpdateNumberBody, actor: Actor): Promise<PhoneNumber> {
      if (body.flowId) await assertFlow(body.flowId);
      const row = await bus.transaction(async (tx) => {
        const r = await repo.updateNumber(tx, id, {
          ...(body.flowId ? { flowId: body.flowId } : {}),
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.overloadAction ? { overloadAction: body.overloadAction } : {}),
          updatedAt: clock.now(),
        });
        if (!r) throw numberNotFound(id);
        await audit.append(tx, actor, {
          action: 'telephony.number.updated',
          entityType: 'number',
          entityId: id,
          details: { ...body },
        });
        return r;
      });
      await reload();
      return numberOut(row);
    },

    /**
     * Turns the number's spike message (应急公告) on, changes it, or turns it off. Turning it off keeps
     * the prompt and what follows, so turning it on again can reuse them.
     */
    async setSpike(id: string, body: SpikeMessageBody, actor: Actor): Promise<PhoneNumber> {
      if (body.promptKey !== undefined && !(await deps.prompts.promptExists(body.promptKey))) {
        throw promptUnknown(body.promptKey);
      }
      const row = await bus.transaction(async (tx) => {
        const r = await repo.updateNumber(tx, id, {
          spikeEnabled: body.enabled,
          ...(body.promptKey !== undefined ? { spikePromptKey: body.promptKey } : {}),
          ...(body.afterMessage !== undefined ? { spikeAfterMessage: body.afterMessage } : {}),
          updatedAt: clock.now(),
        });
        if (!r) throw numberNotFound(id);
        await audit.append(tx, actor, {
          action: 'telephony.number.spike_changed',
          entityType: 'number',
          entityId: id,
          details: { number: r.number, ...spikeOf(r) },
        });
        return r;
      });
      await reload();
      return numberOut(row);
    },

    async deleteNumber(id: string, actor: Actor): Promise<void> {
      await bus.transaction(async (tx) => {
        const r = await repo.deleteNumber(tx, id);
        if (!r) throw numberNotFound(id);
        await audit.append(tx, actor, {
          action: 'telephony.number.deleted',
          entityType: 'number',
          entityId: id,
          details: { number: r.number },
        });
      });
      await reload();
    },

    async listTrunks(): Promise<Trunk[]> {
      return (await repo.trunks(db)).map(trunkOut);
    },

    async createTrunk(body: CreateTrunkBody, actor: Actor): Promise<Trunk> {
      try {
        const row = await bus.transaction(async (tx) => {
          const now = clock.now();
          const r = await repo.insertTrunk(tx, {
            id: ids.next(),
            ...body,
            disabled: false,
            createdAt: now,
            updatedAt: now,
          });
          await audit.append(tx, actor, {
            action: 'telephony.trunk.created',
            entityType: 'trunk',
            entityId: r.id,
            details: { ...body, outboundPassword: body.outboundPassword ? '(set)' : null },
          });
          return r;
        });
        await reload();
        return trunkOut(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw trunkNameTaken(body.name);
        throw err;
      }
    },

    async updateTrunk(id: string, body: UpdateTrunkBody, actor: Actor): Promise<Trunk> {
      try {
        const row = await bus.transaction(async (tx) => {
          const r = await repo.updateTrunk(tx, id, { ...body, updatedAt: clock.now() });
          if (!r) throw trunkNotFound(id);
          await audit.append(tx, actor, {
            action: 'telephony.trunk.updated',
            entityType: 'trunk',
            entityId: id,
            details: { ...body, ...(body.outboundPassword !== undefined ? { outboundPassword: '(changed)' } : {}) },
          });
          return r;
        });
        await reload();
        return trunkOut(row);
      } catch (err) {
        if (isUniqueViolation(err) && body.name) throw trunkNameTaken(body.name);
        throw err;
      }
    },
  };
}
export type NumbersService = ReturnType<typeof createNumbersService>;

const overloadActionOf = (r: NumberRow): OverloadAction =>
  r.overloadAction === 'busy_prompt' ? 'busy_prompt' : 'reject';
const spikeOf = (r: NumberRow): SpikeMessage => ({
  enabled: r.spikeEnabled && r.spikePromptKey !== null,
  promptKey: r.spikePromptKey,
  afterMessage: r.spikeAfterMessage === 'hang_up' ? 'hang_up' : 'continue',
});

function blockList(addresses: readonly string[]): BlockList {
  const list = new BlockList();
  for (const a of addresses) {
    const [addr, bits] = a.split('/');
    const family = isIP(addr!) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(addr!)) continue;
    if (bits === undefined) list.addAddress(addr!, family);
    else list.addSubnet(addr!, Number(bits), family);
  }
  return list;
}
