/**
 * The one way the web app talks HTTP to the server. The session lives in the HTTP-only
 * `kefu_session` cookie, so requests carry credentials and the token from the login reply is never
 * stored. Failures become `ApiError` with the server's `{ error: { code, message, details } }`.
 */

import type { z } from 'zod';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** What a failed request says about the session itself, whatever page made the request. */
export type AuthFailure = { kind: 'locked' } | { kind: 'ended'; reason: 'expired' | 'unauthenticated' | 'disabled' };

type AuthFailureListener = (failure: AuthFailure) => void;
const authFailureListeners = new Set<AuthFailureListener>();

export function onAuthFailure(listener: AuthFailureListener): () => void {
  authFailureListeners.add(listener);
  return () => authFailureListeners.delete(listener);
}

function authFailureOf(error: ApiError): AuthFailure | undefined {
  switch (error.code) {
    case 'AUTH.SESSION_LOCKED':
      return { kind: 'locked' };
    case 'AUTH.SESSION_EXPIRED':
      return { kind: 'ended', reason: 'expired' };
    case 'AUTH.UNAUTHENTICATED':
      return { kind: 'ended', reason: 'unauthenticated' };
    case 'AUTH.ACCOUNT_DISABLED':
      return { kind: 'ended', reason: 'disabled' };
    default:
      return undefined;
  }
}

let lastServerContact = 0;
/** When a request last reached the server with a valid session (ms since epoch). */
export function lastServerContactAt(): number {
  return lastServerContact;
}

/** An array repeats the parameter (`state=a&state=b`), as the server's list filters expect. */
export type QueryParams = Record<string, string | number | boolean | readonly string[] | null | undefined>;

type RequestOptions = { query?: QueryParams; body?: unknown; signal?: AbortSignal };

export function buildQuery(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal: options.signal };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${buildQuery(options.query)}`, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }

  if (response.ok) {
    lastServerContact = Date.now();
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = await errorFrom(response);
  // The login form reports its own failures; everywhere else these codes speak about the session.
  if (path !== '/auth/login') {
    const failure = authFailureOf(error);
    if (failure) for (const listener of authFailureListeners) listener(failure);
  }
  throw error;
}

async function errorFrom(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const error = body.error;
    if (error && typeof error.code === 'string') {
      return new ApiError(response.status, error.code, String(error.message ?? error.code), error.details);
    }
  } catch {
    // Not our JSON (a proxy's error page): fall through to a generic error by status.
  }
  const code = response.status === 429 ? 'HTTP.RATE_LIMITED' : 'INTERNAL';
  return new ApiError(response.status, code, response.statusText || `HTTP ${response.status}`);
}

/**
 * Every request names the contracts/ zod schema of its reply: the reply's type is the schema's, so
 * a contract change breaks the web's compile (there is no untyped `get<T>`). In development each reply is also checked against the
 * schema and a mismatch is logged; the reply is used as received either way (zod's parsed copy would
 * drop keys the schema does not name, and development must behave like production).
 */
export const contractApi = {
  get: <S extends z.ZodType>(reply: S, path: string, query?: QueryParams, signal?: AbortSignal) =>
    request<unknown>('GET', path, { query, signal }).then(checked(reply, 'GET', path)),
  post: <S extends z.ZodType>(reply: S, path: string, body?: unknown) =>
    request<unknown>('POST', path, { body: body ?? {} }).then(checked(reply, 'POST', path)),
  put: <S extends z.ZodType>(reply: S, path: string, body: unknown) =>
    request<unknown>('PUT', path, { body }).then(checked(reply, 'PUT', path)),
  patch: <S extends z.ZodType>(reply: S, path: string, body: unknown) =>
    request<unknown>('PATCH', path, { body }).then(checked(reply, 'PATCH', path)),
  delete: <S extends z.ZodType>(reply: S, path: string) =>
    request<unknown>('DELETE', path).then(checked(reply, 'DELETE', path)),
};

function checked<S extends z.ZodType>(reply: S, method: string, path: string): (value: unknown) => z.output<S> {
  return (value) => {
    if (import.meta.env.DEV) {
      const result = reply.safeParse(value);
      if (!result.success)
        console.error(`${method} ${path}: the reply does not match its contract`, result.error.issues);
    }
    return value as z.output<S>;
  };
}

/**
 * Fetches a file (an export) with the session and hands it to the browser as a download named
 * `fileName`; an API error (a filter too wide, a missing permission) throws as ApiError to show.
 */
export async function downloadFile(path: string, query: QueryParams | undefined, fileName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${buildQuery(query)}`, { credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }
  if (!response.ok) throw await errorFrom(response);
  lastServerContact = Date.now();
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Fetches a binary reply (a recording for a waveform player) with the session; an API error
 * throws as ApiError with the server's code, like every other request.
 */
export async function fetchBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { credentials: 'same-origin', signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : 'network error');
  }
  if (!response.ok) throw await errorFrom(response);
  lastServerContact = Date.now();
  return response.blob();
}
