/**
 * The web chat widget's allowed origins: what an administrator types, checked and written the way
 * the server compares it with a page's `Origin` header (`https://host[:port]`, lower case, no path,
 * the default port dropped). Plain http is accepted only for the machine itself (a developer's page).
 */

export type OriginProblem = 'empty' | 'scheme' | 'path' | 'host' | 'wildcard' | 'duplicate' | 'tooMany';

export type OriginCheck = { ok: true; origin: string } | { ok: false; problem: OriginProblem; suggestion?: string };

/** The server keeps at most this many (contracts/conversations.ts). */
export const MAX_ORIGINS = 50;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function parseOrigin(text: string): OriginCheck {
  const value = text.trim();
  if (value === '') return { ok: false, problem: 'empty' };
  if (value.includes('*')) return { ok: false, problem: 'wildcard' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const suggested = parseOrigin(`https://${value}`);
    const suggestion = suggested.ok ? suggested.origin : suggested.suggestion;
    return { ok: false, problem: 'scheme', ...(suggestion ? { suggestion } : {}) };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'host' };
  }
  if (url.username || url.password || url.hostname === '') return { ok: false, problem: 'host' };
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    const https = parseOrigin(`https://${url.host}`);
    return { ok: false, problem: 'scheme', ...(https.ok ? { suggestion: https.origin } : {}) };
  }
  // A pasted page address: the origin is what the browser sends, so offer it.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /\/.+$/.test(value.replace(/^[^:]+:\/\//, ''))) {
    return { ok: false, problem: 'path', suggestion: url.origin };
  }
  return { ok: true, origin: url.origin };
}

/** `list` with `text` added, or why not. */
export function addOrigin(
  list: readonly string[],
  text: string,
): { ok: true; list: string[]; origin: string } | { ok: false; problem: OriginProblem; suggestion?: string } {
  const checked = parseOrigin(text);
  if (!checked.ok) return checked;
  if (list.some((o) => o.toLowerCase() === checked.origin)) return { ok: false, problem: 'duplicate' };
  if (list.length >= MAX_ORIGINS) return { ok: false, problem: 'tooMany' };
  return { ok: true, list: [...list, checked.origin], origin: checked.origin };
}
