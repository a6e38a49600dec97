import type { CsatBody, LeaveMessageBody, MessageAttachment, VisitorSession } from '../../contracts/conversations';

/** A refusal from the visitor API, with the server's error code when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The visitor API over HTTP (contracts/conversations.ts): the session, uploads, and the one-off forms.
 * The page is served by Kefu itself, so every path is relative to it.
 */
export function createApi(key: string, token: () => string | undefined) {
  async function call<T>(method: string, path: string, body?: BodyInit | object, type?: string): Promise<T> {
    const headers: Record<string, string> = {};
    const t = token();
    if (t) headers['x-visitor-token'] = t;
    let payload: BodyInit | undefined;
    if (body instanceof Blob) {
      payload = body;
      headers['content-type'] = type ?? 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const r = await fetch(path, { method, headers, body: payload, credentials: 'omit' });
    const text = await r.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!r.ok) {
      const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(r.status, err?.code ?? `HTTP.${r.status}`, err?.message ?? r.statusText);
    }
    return json as T;
  }

  return {
    session: (prior: string | undefined) =>
      call<VisitorSession>(
        'POST',
        `/api/v1/chat/widgets/${encodeURIComponent(key)}/session`,
        prior ? { token: prior } : {},
      ),
    upload: (file: Blob, name: string) =>
      call<MessageAttachment>('POST', `/api/v1/chat/files?name=${encodeURIComponent(name)}`, file),
    leaveMessage: (body: LeaveMessageBody) =>
      call<unknown>('POST', `/api/v1/chat/widgets/${encodeURIComponent(key)}/leave-message`, body),
    transcript: (email: string) => call<unknown>('POST', '/api/v1/chat/transcript', { email }),
    csat: (body: CsatBody) => call<unknown>('POST', '/api/v1/chat/csat', body),
    fileUrl: (id: string) => `/api/v1/chat/files/${encodeURIComponent(id)}?token=${encodeURIComponent(token() ?? '')}`,
  };
}
export type Api = ReturnType<typeof createApi>;
