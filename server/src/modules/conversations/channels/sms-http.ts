import { z } from 'zod';
import type { FieldIssue } from '../../../../../contracts/common';
import { splitSms } from '../../../../../contracts/sms-segments';
import { SMS_SIGNATURE_HEADER, SMS_TIMESTAMP_HEADER, verifySmsSignature } from '../domain/sms-webhook';
import {
  type DeliveryReport,
  type DeliveryStatus,
  headerOf,
  type InboundSms,
  type SkippedEntry,
  type SmsProvider,
  SmsSendError,
  type SmsWebhookRequest,
  type SmsWebhookResult,
} from './sms-provider';

// ---- configuration (an administrator's form: every message names what to fix) ------------------

const fieldName = (fallback: string) =>
  z
    .string({ error: 'enter a field name' })
    .trim()
    .min(1, 'enter a field name')
    .max(100, 'at most 100 characters')
    .default(fallback);
const optionalFieldName = z.string().trim().max(100, 'at most 100 characters').optional();
const secretText = (what: string) =>
  z
    .string({ error: `enter the ${what}` })
    .min(1, `enter the ${what}`)
    .max(2000, 'at most 2000 characters')
    .regex(/^[^\r\n]*$/, 'a single line');

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const DELIVERY_STATUSES = ['sent', 'delivered', 'failed'] as const satisfies readonly DeliveryStatus[];

export const SmsHttpAuth = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('bearer'), token: secretText('token') }),
    z.object({
      kind: z.literal('basic'),
      user: z
        .string({ error: 'enter the user name' })
        .min(1, 'enter the user name')
        .regex(/^[^:\r\n]*$/, 'no colon in a Basic user name'),
      password: secretText('password'),
    }),
    z.object({
      kind: z.literal('header'),
      name: z
        .string({ error: 'enter the header name' })
        .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name: letters, digits and - only')
        .refine((n) => !/^(host|content-type|content-length|connection|transfer-encoding)$/i.test(n), {
          error: 'this header is set by Kefu',
        }),
      value: secretText('header value'),
    }),
  ],
  { error: 'choose none, bearer, basic or header' },
);
export type SmsHttpAuth = z.infer<typeof SmsHttpAuth>;

/**
 * The generic HTTP provider: where and how to POST a message, and how to read the provider's
 * webhooks. Field names and `responseIdPath` are dot paths (`data.id`, `result.0.sid`); a name that
 * contains dots itself matches first.
 */
export const SmsHttpConfig = z
  .object({
    sendUrl: z.url({ protocol: /^https?$/, error: 'an http:// or https:// address' }),
    method: z.literal('POST', { error: 'only POST is supported' }).default('POST'),
    format: z.enum(['json', 'form'], { error: 'choose json or form' }).default('json'),
    auth: SmsHttpAuth.default({ kind: 'none' }),
    /** Names in the outbound body; `from` and `clientRef` are left out when unnamed. */
    fields: z
      .object({ to: fieldName('to'), from: optionalFieldName, text: fieldName('text'), clientRef: optionalFieldName })
      .prefault({}),
    /** Where the provider's message id is in its JSON reply. */
    responseIdPath: fieldName('id'),
    inbound: z
      .object({
        id: fieldName('id'),
        from: fieldName('from'),
        to: fieldName('to'),
        text: fieldName('text'),
        at: optionalFieldName,
        /** The concatenation header, for a provider that passes parts on unjoined: all three or none. */
        ref: optionalFieldName,
        total: optionalFieldName,
        seq: optionalFieldName,
      })
      .prefault({}),
    report: z
      .object({
        id: fieldName('id'),
        status: fieldName('status'),
        error: optionalFieldName,
        at: optionalFieldName,
        /** The provider's status values (DELIVRD, UNDELIV …); sent, delivered and failed also read as themselves. */
        statusMap: z
          .record(
            z.string().min(1, 'enter the provider’s value'),
            z.enum(DELIVERY_STATUSES, { error: 'choose sent, delivered or failed' }),
          )
          .default({}),
      })
      .prefault({}),
    /** The default sender (number or sender id); a message's own `from` wins. */
    from: z.string().trim().max(32, 'at most 32 characters').optional(),
    webhookSecret: z
      .string({ error: 'enter the webhook secret' })
      .min(16, 'at least 16 characters')
      .max(200, 'at most 200 characters'),
  })
  .superRefine(
    (config, ctx) => {
      // Also runs when other fields failed, so the form shows every problem at once: read defensively.
      const c = config as DeepPartial<typeof config>;
      const named = (v: unknown) => typeof v === 'string' && v.trim() !== '';
      const header = (['ref', 'total', 'seq'] as const).filter((k) => named(c.inbound?.[k]));
      if (header.length > 0 && header.length < 3) {
        for (const k of ['ref', 'total', 'seq'] as const) {
          if (!named(c.inbound?.[k])) {
            ctx.addIssue({ code: 'custom', path: ['inbound', k], message: 'set ref, total and seq together' });
          }
        }
      }
      // A webhook entry is a report when it has the status field: a message must not have it.
      if (named(c.report?.status) && c.report?.status === c.inbound?.text) {
        ctx.addIssue({
          code: 'custom',
          path: ['report', 'status'],
          message: 'must differ from the inbound text field',
        });
      }
      if (named(c.from) && !named(c.fields?.from)) {
        ctx.addIssue({ code: 'custom', path: ['fields', 'from'], message: 'name the field that carries the sender' });
      }
    },
    { when: (payload) => payload.value !== null && typeof payload.value === 'object' },
  );
export type SmsHttpConfig = z.output<typeof SmsHttpConfig>;
export type SmsHttpConfigInput = z.input<typeof SmsHttpConfig>;

/** The configuration, or its problems as the form shows them (`path` from the config's root, or `pathPrefix`). */
export function parseSmsHttpConfig(
  input: unknown,
  pathPrefix = '',
): { ok: true; config: SmsHttpConfig } | { ok: false; fields: FieldIssue[] } {
  const r = SmsHttpConfig.safeParse(input);
  if (r.success) return { ok: true, config: r.data };
  return {
    ok: false,
    fields: r.error.issues.map((i) => ({
      location: 'body',
      path: [pathPrefix, ...i.path.map(String)].filter(Boolean).join('.'),
      message: i.message,
    })),
  };
}

// ---- the adapter -------------------------------------------------------------------------------

export const SMS_HTTP_TIMEOUT_MS = 10_000;

/** A value at a dot path; arrays take numeric segments. A key containing the dots itself wins. */
export function valueAt(root: unknown, path: string): unknown {
  if (root !== null && typeof root === 'object' && Object.hasOwn(root, path)) {
    return (root as Record<string, unknown>)[path];
  }
  let cur: unknown = root;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** A scalar as text; objects and arrays are not a field's value. */
const scalarAt = (entry: Record<string, unknown>, path: string | undefined): string | undefined => {
  if (!path) return undefined;
  const v = valueAt(entry, path);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
};

/**
 * Unix seconds, unix milliseconds or an ISO 8601 date; what cannot be read is the time it arrived
 * (a message is not refused for its date).
 */
function timeOf(value: string | undefined, now: Date): Date {
  if (value === undefined) return now;
  const v = value.trim();
  const ms = /^\d{1,11}$/.test(v) ? Number(v) * 1000 : /^\d{12,13}$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms) : now;
}

function entriesOf(req: SmsWebhookRequest): { entries: unknown[] } | { error: string } {
  const type = String(headerOf(req.headers, 'content-type') ?? '').toLowerCase();
  const text = req.rawBody.toString('utf8');
  const json = type.includes('json') || (!type && /^\s*[[{]/.test(text));
  if (json) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { error: 'the body is not valid JSON' };
    }
    const list = Array.isArray(body) ? body : [body];
    return { entries: list as unknown[] };
  }
  if (type.includes('application/x-www-form-urlencoded') || !type) {
    return { entries: [Object.fromEntries(new URLSearchParams(text))] };
  }
  return { error: `unsupported content type ${type.split(';')[0]}` };
}

/**
 * A generic HTTP SMS provider: one POST per message, the provider joins long texts itself (`parts`
 * is what it will bill, counted here). Webhooks are signed with `webhookSecret` (domain/sms-webhook).
 */
export function createHttpSmsProvider(
  config: SmsHttpConfig,
  opts: { clock?: { now(): Date }; timeoutMs?: number } = {},
): SmsProvider {
  const now = () => opts.clock?.now() ?? new Date();
  const timeoutMs = opts.timeoutMs ?? SMS_HTTP_TIMEOUT_MS;

  const authHeaders = (): Record<string, string> => {
    const a = config.auth;
    switch (a.kind) {
      case 'none':
        return {};
      case 'bearer':
        return { authorization: `Bearer ${a.token}` };
      case 'basic':
        return { authorization: `Basic ${Buffer.from(`${a.user}:${a.password}`, 'utf8').toString('base64')}` };
      case 'header':
        return { [a.name]: a.value };
    }
  };

  return {
    kind: 'http',

    async send(msg) {
      const values: Record<string, string> = { [config.fields.to]: msg.to, [config.fields.text]: msg.text };
      const from = msg.from ?? config.from;
      if (config.fields.from && from) values[config.fields.from] = from;
      if (config.fields.clientRef) values[config.fields.clientRef] = msg.clientRef;
      const body = config.format === 'json' ? JSON.stringify(values) : new URLSearchParams(values).toString();

      let status: number;
      let reply: string;
      try {
        const res = await fetch(config.sendUrl, {
          method: config.method,
          headers: {
            ...authHeaders(),
            'content-type':
              config.format === 'json' ? 'application/json' : 'application/x-www-form-urlencoded;charset=UTF-8',
            accept: 'application/json, */*;q=0.5',
          },
          body,
          // Covers the reply's body too: a provider that answers its headers and then stalls is a timeout.
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        reply = await res.text();
      } catch (err) {
        if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
          throw new SmsSendError('timeout', `the SMS provider did not answer within ${timeoutMs} ms`, { cause: err });
        }
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
        throw new SmsSendError('network', `the SMS provider could not be reached: ${cause}`, { cause: err });
      }

      if (status < 200 || status > 299) {
        throw new SmsSendError('status', `the SMS provider answered ${status}`, { status, body: reply });
      }
      let id: unknown;
      try {
        id = valueAt(JSON.parse(reply), config.responseIdPath);
      } catch {
        id = undefined;
      }
      if ((typeof id !== 'string' || id === '') && typeof id !== 'number') {
        throw new SmsSendError(
          'bad_reply',
          `the SMS provider accepted the message but its reply has no id at ${config.responseIdPath}`,
          { status, body: reply },
        );
      }
      return { providerId: String(id), parts: splitSms(msg.text).length };
    },

    parseWebhook(req): SmsWebhookResult {
      const at = now();
      const check = verifySmsSignature({
        secret: config.webhookSecret,
        timestamp: headerOf(req.headers, SMS_TIMESTAMP_HEADER),
        signature: headerOf(req.headers, SMS_SIGNATURE_HEADER),
        rawBody: req.rawBody,
        now: at,
      });
      if (!check.ok) return { ok: false, reason: 'signature', signature: check.reason };

      const read = entriesOf(req);
      if ('error' in read) return { ok: false, reason: 'body', message: read.error };

      const messages: InboundSms[] = [];
      const reports: DeliveryReport[] = [];
      const skipped: SkippedEntry[] = [];
      const { inbound: i, report: r } = config;

      read.entries.forEach((raw, index) => {
        if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
          skipped.push({ index, reason: 'not an object' });
          return;
        }
        const entry = raw as Record<string, unknown>;
        const statusValue = scalarAt(entry, r.status);
        if (statusValue !== undefined) {
          const providerId = scalarAt(entry, r.id);
          const status = Object.hasOwn(r.statusMap, statusValue)
            ? r.statusMap[statusValue]
            : DELIVERY_STATUSES.find((s) => s === statusValue.toLowerCase());
          if (!providerId) skipped.push({ index, reason: `report without ${r.id}` });
          else if (!status) skipped.push({ index, reason: `unknown status ${statusValue.slice(0, 40)}` });
          else {
            const error = scalarAt(entry, r.error);
            reports.push({
              providerId,
              status,
              at: timeOf(scalarAt(entry, r.at), at),
              ...(error ? { error } : {}),
            });
          }
          return;
        }

        const text = scalarAt(entry, i.text);
        if (text === undefined) {
          skipped.push({ index, reason: `neither ${i.text} (a message) nor ${r.status} (a report)` });
          return;
        }
        const providerId = scalarAt(entry, i.id);
        const from = scalarAt(entry, i.from);
        const to = scalarAt(entry, i.to);
        if (!providerId || !from || !to) {
          const lacking = [i.id, i.from, i.to].filter((f) => !scalarAt(entry, f));
          skipped.push({ index, reason: `message without ${lacking.join(', ')}` });
          return;
        }
        const total = Number(scalarAt(entry, i.total));
        const seq = Number(scalarAt(entry, i.seq));
        const ref = scalarAt(entry, i.ref);
        messages.push({
          providerId,
          from,
          to,
          text,
          at: timeOf(scalarAt(entry, i.at), at),
          // Absent or unreadable, the header says nothing: the text is passed on as it came.
          ...(ref !== undefined && Number.isInteger(total) && Number.isInteger(seq) && total > 1
            ? { part: { ref, total, seq } }
            : {}),
        });
      });
      return { ok: true, messages, reports, skipped };
    },
  };
}
