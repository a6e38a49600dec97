/**
 * Lexical pieces of RFC 3261 §25.1 shared by the header, URI and digest parsers. Every scanner here
 * is a single forward pass or a regex made only of character classes, so hostile input of any
 * length costs linear time (the fuzz test relies on it).
 */
import { type SipParseReason, sipParseError } from './sip.errors';

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
/** A generic-param value that is not quoted: token, or host (IPv6 references need ':' and brackets). */
const PARAM_VALUE = /^[A-Za-z0-9\-.!%*_+`'~:[\]]+$/;

export const isToken = (s: string): boolean => TOKEN.test(s);

/** LWS per §25.1 after line unfolding: spaces and tabs. */
export const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * Splits `value` on `sep` where it stands outside quoted strings and <...>. Returns undefined when
 * a quote or angle bracket is left open — the caller decides which parse error that is.
 */
export function splitOutside(value: string, sep: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (inQuote) {
      if (c === '\\') i++;
      else if (c === '"') inQuote = false;
    } else if (c === '"') inQuote = true;
    else if (inAngle) {
      if (c === '>') inAngle = false;
    } else if (c === '<') inAngle = true;
    else if (c === sep) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  if (inQuote || inAngle) return undefined;
  parts.push(value.slice(start));
  return parts;
}

/**
 * Reads a quoted-string starting at `from` (which must be '"'); returns the unescaped text and the
 * index after the closing quote, or undefined if it never closes.
 */
export function readQuoted(s: string, from: number): { text: string; end: number } | undefined {
  let text = '';
  for (let i = from + 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const next = s[i + 1];
      // quoted-pair excludes CR and LF (§25.1); unfolding has already removed legal line breaks.
      if (next === undefined || next === '\r' || next === '\n') return undefined;
      text += next;
      i++;
    } else if (c === '"') return { text, end: i + 1 };
    else text += c;
  }
  return undefined;
}

/** The whole of `s` as one quoted-string, or undefined. */
export function unquote(s: string): string | undefined {
  if (s[0] !== '"') return undefined;
  const q = readQuoted(s, 0);
  return q && q.end === s.length ? q.text : undefined;
}

export const quote = (s: string): string => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * Parses `;name=value` generic params (the leading part before the first ';' already removed).
 * Names are case-insensitive, so they are lower-cased; values keep their quotes so that writing
 * the header back gives what the peer sent. Duplicate names are malformed (RFC 4475 §3.1.2.x
 * treats ambiguity as a 400).
 */
export function parseParams(parts: string[], reason: SipParseReason): Map<string, string | null> {
  const params = new Map<string, string | null>();
  for (const raw of parts) {
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim().toLowerCase();
    if (!isToken(name)) throw sipParseError(reason, `bad parameter name "${clip(name)}"`);
    if (params.has(name)) throw sipParseError(reason, `parameter "${clip(name)}" repeated`);
    if (eq < 0) {
      params.set(name, null);
      continue;
    }
    const value = raw.slice(eq + 1).trim();
    const ok = value[0] === '"' ? unquote(value) !== undefined : PARAM_VALUE.test(value);
    if (!ok) throw sipParseError(reason, `bad value for parameter "${clip(name)}"`);
    params.set(name, value);
  }
  return params;
}

export function serializeParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** Keeps hostile input out of error messages and logs at a readable length. */
export const clip = (s: string, max = 40): string => (s.length > max ? `${s.slice(0, max)}…` : s);
