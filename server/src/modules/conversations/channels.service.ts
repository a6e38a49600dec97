import { randomBytes } from 'node:crypto';
import {
  type ChannelConfig,
  type ChannelSettings,
  ChannelSettings as ChannelSettingsSchema,
  type ConversationChannel,
  type CreateChannelBody,
  SECRET_MASK,
  type UpdateChannelBody,
} from '../../../../contracts/conversations';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import type { Clock } from '../../platform/clock';
import { type Database, isUniqueViolation } from '../../platform/db';
import { validationFailed } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { SecretBox } from '../../platform/secret-box';
import { channelKindFixed, channelNameTaken, channelNotFound, queueNotFound } from './conversations.errors';
import type { ChannelRow, ConversationsRepo } from './conversations.repo';

/** Paths of secrets inside a channel's settings: sealed at rest, shown as `********`. */
const SECRET_PATHS = [
  'imap.password',
  'smtp.password',
  'webhookSecret',
  'appSecret',
  'token',
  'encodingAesKey',
  'http.auth.token',
  'http.auth.password',
  'http.auth.value',
] as const;

type Obj = Record<string, unknown>;
function getPath(o: Obj, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Obj)[k] : undefined), o);
}
function setPath(o: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur: Obj = o;
  for (const k of keys.slice(0, -1)) {
    const next = cur[k];
    if (!next || typeof next !== 'object') return;
    cur = next as Obj;
  }
  cur[keys.at(-1)!] = value;
}
const clone = <T>(v: T): T => structuredClone(v);

/**
 * Where each secret is sent: changing that address while sending the secret back masked would hand
 * the stored password to a server of the editor's choosing — the secret must be typed again.
 */
const SECRET_TARGETS: Record<string, string> = {
  'imap.password': 'imap.host',
  'smtp.password': 'smtp.host',
  appSecret: 'apiBase',
  'http.auth.token': 'http.sendUrl',
  'http.auth.password': 'http.sendUrl',
  'http.auth.value': 'http.sendUrl',
};

/** A channel with its settings in clear, for the module's own use (never sent to a client). */
export type OpenChannel = Omit<ChannelRow, 'settings'> & { kind: ConversationChannel; settings: ChannelSettings };

/**
 * Channel administration: web chat widgets, mailboxes, SMS numbers, WeChat accounts, each feeding
 * one queue. Secrets are sealed by the data key and write-only through the API: sending `********`
 * back keeps the stored value.
 */
export function createChannelsService(deps: {
  db: Database;
  repo: ConversationsRepo;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  secrets: SecretBox;
  queueExists(ref: string): boolean;
  /** Checks what the form's schema cannot (an SMS provider's settings): throws a 400 with the fields. */
  validate?(settings: ChannelSettings): void;
  /** Called after a change commits: channel runners (IMAP readers) restart with the new settings. */
  onChanged?(id: string): void;
}) {
  const { db, repo, bus, audit, clock, ids, secrets } = deps;
  const cache = new Map<string, { row: ChannelRow; at: number }>();
  const CACHE_MS = 5_000;

  function seal(settings: ChannelSettings, previous: Obj | undefined): Obj {
    const out = clone(settings) as Obj;
    for (const p of SECRET_PATHS) {
      const v = getPath(out, p);
      if (typeof v !== 'string' || v === '') continue;
      const target = SECRET_TARGETS[p];
      if (v === SECRET_MASK && previous && target && getPath(out, target) !== getPath(previous, target)) {
        throw validationFailed([
          { location: 'body', path: `settings.${p}`, message: `enter it again: ${target} changed` },
        ]);
      }
      if (v === SECRET_MASK) setPath(out, p, previous ? getPath(previous, p) : '');
      else setPath(out, p, secrets.seal(v));
    }
    return out;
  }

  function open(stored: Obj): ChannelSettings {
    const out = clone(stored);
    for (const p of SECRET_PATHS) {
      const v = getPath(out, p);
      if (typeof v === 'string' && v !== '') setPath(out, p, secrets.open(v));
    }
    return ChannelSettingsSchema.parse(out);
  }

  function masked(stored: Obj): ChannelSettings {
    const out = clone(stored);
    for (const p of SECRET_PATHS) {
      const v = getPath(out, p);
      if (typeof v === 'string' && v !== '') setPath(out, p, SECRET_MASK);
    }
    return out as ChannelSettings;
  }

  function toConfig(r: ChannelRow): ChannelConfig {
    return {
      id: r.id,
      kind: r.kind as ConversationChannel,
      name: r.name,
      queue: r.queue,
      enabled: r.enabled,
      publicKey: r.publicKey,
      settings: masked(r.settings),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  async function guardName<T>(name: string | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (name && isUniqueViolation(err)) throw channelNameTaken(name);
      throw err;
    }
  }

  function assertQueue(ref: string): void {
    if (!deps.queueExists(ref)) throw queueNotFound(ref);
  }

  async function row(id: string): Promise<ChannelRow | undefined> {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.row;
    const r = await repo.findChannel(db, id);
    if (r) cache.set(id, { row: r, at: Date.now() });
    return r;
  }

  return {
    row,
    async byKey(publicKey: string): Promise<ChannelRow | undefined> {
      return repo.findChannelByKey(db, publicKey);
    },
    /** A channel's settings in clear (secrets opened) for the module's adapters. */
    opened(r: ChannelRow): OpenChannel {
      return { ...r, kind: r.kind as ConversationChannel, settings: open(r.settings) };
    },
    async list(): Promise<ChannelConfig[]> {
      return (await repo.listChannels(db)).map(toConfig);
    },
    async get(id: string): Promise<ChannelConfig> {
      const r = await repo.findChannel(db, id);
      if (!r) throw channelNotFound(id);
      return toConfig(r);
    },
    rows: (): Promise<ChannelRow[]> => repo.listChannels(db),

    async create(body: CreateChannelBody, actor: Actor): Promise<ChannelConfig> {
      assertQueue(body.queue);
      deps.validate?.(body.settings);
      const now = clock.now();
      const r = await guardName(body.name, () =>
        bus.transaction(async (tx) => {
          const created = await repo.insertChannel(tx, {
            id: ids.next(),
            kind: body.settings.kind,
            name: body.name,
            queue: body.queue,
            enabled: body.enabled,
            publicKey: randomBytes(12).toString('base64url'),
            settings: seal(body.settings, undefined),
            createdBy: actor.userId,
            createdAt: now,
            updatedAt: now,
          });
          await audit.append(tx, actor, {
            action: 'conversations.channel.created',
            entityType: 'channel',
            entityId: created.id,
            details: { name: body.name, kind: body.settings.kind, queue: body.queue },
          });
          return created;
        }),
      );
      deps.onChanged?.(r.id);
      return toConfig(r);
    },

    async update(id: string, body: UpdateChannelBody, actor: Actor): Promise<ChannelConfig> {
      if (body.queue) assertQueue(body.queue);
      const r = await guardName(body.name, () =>
        bus.transaction(async (tx) => {
          const before = await repo.findChannel(tx, id);
          if (!before) throw channelNotFound(id);
          if (body.settings && body.settings.kind !== before.kind) throw channelKindFixed();
          // Checked with the stored secrets in place of the masks the form sends back.
          if (body.settings) deps.validate?.(open(seal(body.settings, before.settings)));
          const updated = await repo.updateChannel(tx, id, {
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.queue !== undefined ? { queue: body.queue } : {}),
            ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
            ...(body.settings ? { settings: seal(body.settings, before.settings) } : {}),
            updatedAt: clock.now(),
          });
          await audit.append(tx, actor, {
            action: 'conversations.channel.updated',
            entityType: 'channel',
            entityId: id,
            details: { fields: Object.keys(body) },
          });
          return updated!;
        }),
      );
      cache.delete(id);
      deps.onChanged?.(id);
      return toConfig(r);
    },
  };
}
export type ChannelsService = ReturnType<typeof createChannelsService>;
