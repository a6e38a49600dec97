import type { Logger } from '../../platform/logger';

export type SmsSettings = {
  /** The provider's endpoint (or a small gateway in front of it): POSTed JSON. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token?: string | undefined;
  /**
   * The JSON body with `{{to}}`, `{{text}}`, `{{template}}`, `{{language}}` (each replaced by a JSON
   * string, quotes included); unset: `{"to":…,"text":…,"template":…,"language":…}`.
   */
  bodyTemplate?: string | undefined;
};

export type SmsMessage = { to: string; text: string; template?: string; language?: string };

/** The port for outgoing SMS. */
export interface SmsSender {
  readonly kind: 'http' | 'log';
  /** Resolves when the provider accepted the message (2xx); its message id if it answered one. */
  send(message: SmsMessage): Promise<{ providerId: string | null }>;
}

export class SmsRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`the SMS provider answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'SmsRefused';
  }
}

/** The JSON body of one message: the operator's template, or the default shape. */
export function smsBody(s: Pick<SmsSettings, 'bodyTemplate'>, m: SmsMessage): string {
  const values: Record<string, string> = {
    to: m.to,
    text: m.text,
    template: m.template ?? '',
    language: m.language ?? '',
  };
  if (!s.bodyTemplate) return JSON.stringify(values);
  // Replaced by JSON strings, so a text with quotes or newlines cannot break the body.
  const body = s.bodyTemplate.replace(/"?\{\{\s*(to|text|template|language)\s*\}\}"?/g, (_, k: string) =>
    JSON.stringify(values[k]),
  );
  JSON.parse(body); // a template that does not make JSON is a configuration error: fail loudly
  return body;
}

/**
 * A generic provider adapter: one JSON POST per message, 2xx is accepted. Providers with their own
 * signing schemes (Aliyun, Tencent Cloud) sit behind a small gateway or get an adapter of their own.
 */
export function createHttpSmsSender(s: SmsSettings, opts: { timeoutMs?: number } = {}): SmsSender {
  return {
    kind: 'http',
    async send(m) {
      const res = await fetch(s.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(s.token ? { authorization: `Bearer ${s.token}` } : {}),
        },
        body: smsBody(s, m),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      if (!res.ok) throw new SmsRefused(res.status, text);
      let providerId: string | null = null;
      try {
        const j = JSON.parse(text) as Record<string, unknown>;
        const id = j.id ?? j.messageId ?? j.message_id;
        if (typeof id === 'string' || typeof id === 'number') providerId = String(id);
      } catch {
        // A provider answering plain text is fine: accepted without an id.
      }
      return { providerId };
    },
  };
}

/** Without a provider, SMS go to the log: the number masked but its last four digits, the text at debug. */
export function createLoggingSmsSender(log: Logger): SmsSender {
  return {
    kind: 'log',
    async send(m) {
      log.info(
        { to: `***${m.to.slice(-4)}`, template: m.template, length: m.text.length },
        'SMS not sent (no provider configured)',
      );
      log.debug({ text: m.text }, 'SMS text (not sent)');
      return { providerId: null };
    },
  };
}
