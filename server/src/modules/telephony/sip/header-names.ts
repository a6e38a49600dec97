/**
 * Header names: compact forms, the spelling we write, and which headers are comma-separated lists
 * (RFC 3261 §7.3.1). Only list headers are split; splitting anything else would corrupt values
 * such as Date or the auth headers, whose own grammar uses commas.
 */

/** §7.3.3 and later RFCs (3265 o/u, 3515 r, 3892 b, 4028 x). */
// A Map, not an object literal: a header named "constructor" must not find Object's prototype.
const COMPACT = new Map<string, string>([
  ['i', 'call-id'],
  ['m', 'contact'],
  ['e', 'content-encoding'],
  ['l', 'content-length'],
  ['f', 'from'],
  ['t', 'to'],
  ['v', 'via'],
  ['k', 'supported'],
  ['c', 'content-type'],
  ['s', 'subject'],
  ['o', 'event'],
  ['u', 'allow-events'],
  ['r', 'refer-to'],
  ['b', 'referred-by'],
  ['x', 'session-expires'],
]);

const CANONICAL = new Map(
  [
    'Accept',
    'Accept-Encoding',
    'Accept-Language',
    'Alert-Info',
    'Allow',
    'Allow-Events',
    'Authentication-Info',
    'Authorization',
    'Call-ID',
    'Call-Info',
    'Contact',
    'Content-Disposition',
    'Content-Encoding',
    'Content-Language',
    'Content-Length',
    'Content-Type',
    'CSeq',
    'Date',
    'Error-Info',
    'Event',
    'Expires',
    'From',
    'In-Reply-To',
    'Max-Forwards',
    'Min-Expires',
    'MIME-Version',
    'Organization',
    'Path',
    'Priority',
    'Proxy-Authenticate',
    'Proxy-Authorization',
    'Proxy-Require',
    'Record-Route',
    'Refer-To',
    'Referred-By',
    'Reply-To',
    'Require',
    'Retry-After',
    'Route',
    'Server',
    'Service-Route',
    'Session-Expires',
    'Subject',
    'Subscription-State',
    'Supported',
    'Timestamp',
    'To',
    'Unsupported',
    'User-Agent',
    'Via',
    'Warning',
    'WWW-Authenticate',
  ].map((name) => [name.toLowerCase(), name]),
);

const LIST_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'alert-info',
  'allow',
  'allow-events',
  'call-info',
  'contact',
  'content-encoding',
  'content-language',
  'error-info',
  'in-reply-to',
  'path',
  'proxy-require',
  'record-route',
  'require',
  'route',
  'service-route',
  'supported',
  'unsupported',
  'via',
  'warning',
]);

/** The lower-case full name used for lookups: `V` and `via` both give `via`. */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT.get(lower) ?? lower;
}

/** The name as we store and write it: the usual spelling for known headers, else as received. */
export function canonicalHeaderName(name: string): string {
  return CANONICAL.get(headerKey(name)) ?? name;
}

export const isListHeader = (key: string): boolean => LIST_HEADERS.has(key);
