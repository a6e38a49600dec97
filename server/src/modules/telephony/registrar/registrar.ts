/**
 * The SIP registrar (RFC 3261 §10.3) as pure logic: a REGISTER and where it came from in, the
 * response to send out (through the server transaction). No sockets, no database: accounts come
 * through a port, bindings live in memory (`./bindings`) and every change is reported through
 * `onChange` for whoever persists or displays them.
 *
 * Decisions worth knowing:
 * - Authentication (§10.3 step 4, digest from `../auth/digest.ts`): no usable credentials for our
 *   realm → 401 with the configured challenges (MD5 by default); a correct answer to an expired nonce → 401 with
 *   stale=true; unknown, disabled or wrong password → 403 (a 401 would invite the phone to retry
 *   the same wrong password forever). A credentials `uri` other than the Request-URI → 400
 *   (RFC 2617 §3.2.2.5).
 * - Brute-force brake: each 403 for an unknown user or a wrong password counts against the source
 *   *address* (not the port: NAT rewrites ports). Once `maxAuthFailures` failures fall within
 *   `failureWindowMs`, every REGISTER from that address gets 403 without looking up the account or
 *   verifying anything (no fresh nonces either) until the oldest failures age out of the window. A
 *   success does not clear the count, so one valid account cannot be used to reset it.
 * - Authorization (step 5): the To URI's user must be the authenticated username, else 403.
 * - Ordering (step 7): a REGISTER with the same Call-ID as a binding and a CSeq not above the
 *   stored one is out of date. Updates are all-or-nothing, so the whole request is ignored — no
 *   binding changes — and it is answered 500 ("the request fails"); a phone that retries uses a
 *   new CSeq and succeeds.
 * - NAT (RFC 5626-lite): each binding keeps the address, port and transport the REGISTER arrived
 *   from. Requests to the agent go there, not to the Contact's host, which behind NAT is private.
 *   This only works while the NAT mapping lives, hence the phone's keep-alives and re-REGISTERs;
 *   there is no flow token, instance id or outbound reg-id handling.
 * - Failed challenges are reported (`onAuthFailure`) with what was offered and what the phone
 *   answered, so an operator can tell a wrong password from a phone that cannot answer the
 *   algorithms offered. A phone that cannot answer often just stops (baresip 1.0 with a SHA-256
 *   challenge): a challenge whose Call-ID sees no answer within `challengeAnswerMs` is reported as
 *   unanswered by the sweep (`purgeExpired`). At most `MAX_OPEN_CHALLENGES` are remembered, oldest
 *   dropped first, so a flood of unanswered REGISTERs costs bounded memory.
 * - Not checked: the Request-URI's domain (step 3, we serve one), Require (step 2).
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../platform/clock';
import type { AccountHa1, DigestAuth, DigestFailure, DigestHash } from '../auth/digest';
import {
  type Contact,
  contactExpires,
  createResponse,
  type DigestCredentials,
  findHeader,
  getCallId,
  getCSeq,
  getTo,
  header,
  headerValues,
  parseContact,
  parseDigestCredentials,
  parseExpires,
  type SipHeader,
  type SipRequest,
  type SipResponse,
  type SipTarget,
  type SipUri,
  serializeUri,
} from '../sip';
import { type Binding, type BindingChange, contactKey, createBindingStore } from './bindings';

export type { Binding, BindingChange, BindingChangeCause } from './bindings';

export type SipAccount = {
  username: string;
  agentUserId: string;
  ha1: AccountHa1;
  disabled?: boolean;
};

/** Port: where SIP accounts come from (the database in production). */
export interface SipAccountStore {
  find(username: string): Promise<SipAccount | undefined>;
}

export type RegistrarOptions = {
  digest: DigestAuth;
  accounts: SipAccountStore;
  clock: Clock;
  /** Seconds; a shorter non-zero expiry gets 423 Interval Too Brief. */
  minExpires?: number;
  /** Seconds; a longer expiry is shortened to this. */
  maxExpires?: number;
  /** Seconds, when neither the Contact nor the Expires header says. */
  defaultExpires?: number;
  /** 403s per source address within the window before the source is refused outright. */
  maxAuthFailures?: number;
  failureWindowMs?: number;
  onChange?: (change: BindingChange) => void;
  /** A throwing onChange must not lose the response; its error lands here. */
  onChangeError?: (error: unknown) => void;
  /** A phone failed the digest challenge (for the log: which algorithms, what it answered). */
  onAuthFailure?: (failure: AuthFailure) => void;
  /** How long a challenge may wait for its answer before it counts as unanswered. Default 30 s. */
  challengeAnswerMs?: number;
};

/**
 * A failed challenge. `answered` is the algorithm the phone's credentials named (MD5 when they name
 * none, RFC 2617), or null when it never answered. `reason` is the digest verdict, or `no_answer`.
 */
export type AuthFailure = {
  username: string | undefined;
  source: SipTarget;
  offered: readonly DigestHash[];
  answered: string | null;
  reason: DigestFailure | 'no_answer';
};

export type Registrar = {
  handleRegister(request: SipRequest, source: SipTarget): Promise<SipResponse>;
  bindingsOf(username: string): Binding[];
  /** Where to ring an agent: every live binding of their accounts, best first. */
  contactsForAgent(agentUserId: string): Binding[];
  /** Drops expired bindings (reporting them through onChange) and old failure counts. */
  purgeExpired(now?: Date): number;
};

export const DEFAULT_MAX_AUTH_FAILURES = 10;

/** Whether a refreshed binding comes from where it came from before (address, user agent, agent). */
function sameWhere(a: Binding, b: Binding): boolean {
  return (
    a.source.transport === b.source.transport &&
    a.source.host === b.source.host &&
    a.source.port === b.source.port &&
    a.userAgent === b.userAgent &&
    a.agentUserId === b.agentUserId &&
    a.contactText === b.contactText
  );
}
export const DEFAULT_FAILURE_WINDOW_MS = 5 * 60 * 1000;
export const DEFAULT_CHALLENGE_ANSWER_MS = 30 * 1000;
export const MAX_OPEN_CHALLENGES = 1000;

export function createRegistrar(options: RegistrarOptions): Registrar {
  const { digest, accounts, clock } = options;
  const minExpires = options.minExpires ?? 60;
  const maxExpires = options.maxExpires ?? 3600;
  const defaultExpires = options.defaultExpires ?? 3600;
  const maxFailures = options.maxAuthFailures ?? DEFAULT_MAX_AUTH_FAILURES;
  const failureWindowMs = options.failureWindowMs ?? DEFAULT_FAILURE_WINDOW_MS;
  const store = createBindingStore((change) => {
    try {
      options.onChange?.(change);
    } catch (err) {
      options.onChangeError?.(err);
    }
  });
  /** Failure times (epoch ms) per source address, oldest first. */
  const failures = new Map<string, number[]>();
  const challengeAnswerMs = options.challengeAnswerMs ?? DEFAULT_CHALLENGE_ANSWER_MS;
  /** Challenges sent and not yet answered, by Call-ID (a phone answers in the same Call-ID), oldest first. */
  const openChallenges = new Map<string, { at: number; username: string | undefined; source: SipTarget }>();

  const reportFailure = (failure: Omit<AuthFailure, 'offered'>) => {
    try {
      options.onAuthFailure?.({ ...failure, offered: digest.offered });
    } catch (err) {
      options.onChangeError?.(err);
    }
  };

  /** A 401 with fresh challenges, remembered until the phone answers in the same Call-ID. */
  const challenge = (request: SipRequest, source: SipTarget, now: number) => {
    let callId: string | undefined;
    let username: string | undefined;
    try {
      callId = getCallId(request);
      const to = getTo(request).uri;
      username = to.kind === 'sip' ? to.user : undefined;
    } catch {}
    if (callId !== undefined) {
      openChallenges.delete(callId);
      openChallenges.set(callId, { at: now, username, source: { ...source } });
      if (openChallenges.size > MAX_OPEN_CHALLENGES) openChallenges.delete(openChallenges.keys().next().value!);
    }
    return digest.challengeHeaders();
  };

  const answered = (request: SipRequest) => {
    try {
      openChallenges.delete(getCallId(request));
    } catch {}
  };

  /** When each source address last had an unanswered challenge logged. */
  const noAnswerReported = new Map<string, number>();
  /**
   * Challenges nobody answered. A phone that cannot answer (an algorithm it lacks) is worth one line
   * per address and failure window, not one per REGISTER: a SIP scanner sending thousands of
   * REGISTERs without credentials must not flood the log (and the admin's recent-errors list). Each
   * unanswered challenge also counts as a failed attempt of its address, so a scanner is soon
   * answered 403 without a challenge.
   */
  const reportUnanswered = (now: number) => {
    for (const [callId, c] of openChallenges) {
      if (c.at > now - challengeAnswerMs) break;
      openChallenges.delete(callId);
      const list = failures.get(c.source.host) ?? [];
      list.push(c.at);
      failures.set(c.source.host, list);
      const last = noAnswerReported.get(c.source.host);
      if (last !== undefined && last > now - failureWindowMs) continue;
      noAnswerReported.set(c.source.host, now);
      reportFailure({ username: c.username, source: c.source, answered: null, reason: 'no_answer' });
    }
    for (const [host, at] of noAnswerReported) if (at <= now - failureWindowMs) noAnswerReported.delete(host);
  };

  const recentFailures = (address: string, now: number): number[] => {
    const kept = (failures.get(address) ?? []).filter((t) => t > now - failureWindowMs);
    if (kept.length === 0) failures.delete(address);
    else failures.set(address, kept);
    return kept;
  };

  const handleRegister = async (request: SipRequest, source: SipTarget): Promise<SipResponse> => {
    const now = clock.now().getTime();
    const reply = (status: number, opts: { reason?: string; headers?: SipHeader[] } = {}) =>
      createResponse(request, status, { ...opts, toTag: newTag() });
    if (request.method !== 'REGISTER') return reply(405, { headers: [header('Allow', 'REGISTER')] });

    if (recentFailures(source.host, now).length >= maxFailures) {
      return reply(403, { reason: 'Forbidden (too many failed attempts)' });
    }

    // --- step 4: authenticate ---------------------------------------------------------------
    const credentials = pickCredentials(request, digest.realm);
    if (!credentials) return reply(401, { headers: challenge(request, source, now) });
    answered(request);
    let account: SipAccount | undefined;
    try {
      account = await accounts.find(credentials.username);
    } catch {
      // The account store is down: the phone keeps its old binding and retries (RFC 3261 §21.5.4).
      return reply(503, { headers: [header('Retry-After', '30')] });
    }
    const usable = account && !account.disabled ? account : undefined;
    const verdict = digest.verify({
      credentials,
      method: request.method,
      requestUri: request.uri,
      ha1: usable?.ha1,
    });
    if (!verdict.ok) {
      // A stale or unknown nonce is routine (a phone's old nonce after a restart), not a failure.
      if (verdict.reason !== 'stale_nonce' && verdict.reason !== 'bad_nonce') {
        reportFailure({
          username: credentials.username,
          source,
          answered: credentials.algorithm ?? 'MD5',
          reason: verdict.reason,
        });
      }
      switch (verdict.reason) {
        case 'unknown_user':
        case 'wrong_response':
          failures.set(source.host, [...recentFailures(source.host, now), now]);
          return reply(403);
        case 'stale_nonce':
          return reply(401, { headers: digest.challengeHeaders({ stale: true }) });
        case 'uri_mismatch':
          return reply(400, { reason: 'Bad Request (digest uri differs from Request-URI)' });
        case 'wrong_realm':
        case 'bad_nonce':
        case 'unsupported_algorithm':
        case 'algorithm_not_offered':
        case 'unsupported_qop':
          return reply(401, { headers: challenge(request, source, now) });
      }
    }
    // verify succeeds only with an HA1, so the account is there.
    const acct = usable!;

    // --- step 5: authorize ------------------------------------------------------------------
    let to: ReturnType<typeof getTo>;
    let callId: string;
    let cseq: number;
    try {
      to = getTo(request);
      callId = getCallId(request);
      cseq = getCSeq(request).seq;
    } catch {
      return reply(400);
    }
    if (to.uri.kind !== 'sip' || to.uri.user !== acct.username) {
      return reply(403, { reason: 'Forbidden (To does not match the account)' });
    }

    // --- step 6: read the contacts and their expiries ---------------------------------------
    let contacts: Contact[];
    let headerExpires: number | undefined;
    try {
      contacts = headerValues(request, 'contact').map(parseContact);
      const e = findHeader(request, 'expires');
      headerExpires = e === undefined ? undefined : parseExpires(e);
    } catch {
      return reply(400);
    }
    const current = store.list(acct.username, now);
    const okWithBindings = (list: Binding[]) =>
      reply(200, {
        headers: [
          ...list.map((b) =>
            header('Contact', `<${b.contactText}>;expires=${Math.max(0, Math.ceil((b.expiresAt - now) / 1000))}`),
          ),
          header('Date', new Date(now).toUTCString()),
        ],
      });

    if (contacts.includes('*')) {
      if (contacts.length > 1 || headerExpires !== 0) {
        return reply(400, { reason: 'Bad Request (Contact * needs Expires: 0 and no other contact)' });
      }
      if (current.some((b) => b.callId === callId && cseq <= b.cseq)) return outOfOrder(reply);
      store.commit(acct.username, [], {
        username: acct.username,
        agentUserId: acct.agentUserId,
        added: [],
        refreshed: [],
        removed: current,
      });
      return okWithBindings([]);
    }

    type Wanted = { uri: SipUri; text: string; expires: number; q: number };
    const wanted = new Map<string, Wanted>();
    for (const c of contacts as Exclude<Contact, '*'>[]) {
      if (c.uri.kind !== 'sip') return reply(400, { reason: 'Bad Request (Contact must be a sip: or sips: URI)' });
      let expires: number;
      try {
        expires = contactExpires(c) ?? headerExpires ?? defaultExpires;
      } catch {
        return reply(400);
      }
      if (expires !== 0 && expires < minExpires) {
        return reply(423, { headers: [header('Min-Expires', String(minExpires))] });
      }
      const q = parseQ(c.params.get('q'));
      if (q === undefined) return reply(400, { reason: 'Bad Request (bad q)' });
      // The last mention of a contact in one request wins.
      wanted.set(contactKey(c.uri), {
        uri: c.uri,
        text: serializeUri(c.uri),
        expires: Math.min(expires, maxExpires),
        q,
      });
    }

    // --- step 7: apply, all or nothing ------------------------------------------------------
    const next = new Map(current.map((b) => [contactKey(b.contact), b]));
    const added: Binding[] = [];
    const refreshed: Binding[] = [];
    const removed: Binding[] = [];
    const userAgent = findHeader(request, 'user-agent');
    let moved = false;
    for (const [key, w] of wanted) {
      const existing = next.get(key);
      if (existing && existing.callId === callId && cseq <= existing.cseq) return outOfOrder(reply);
      if (w.expires === 0) {
        if (existing) {
          next.delete(key);
          removed.push(existing);
        }
        continue;
      }
      const binding: Binding = {
        username: acct.username,
        agentUserId: acct.agentUserId,
        contact: w.uri,
        contactText: w.text,
        source: { ...source },
        callId,
        cseq,
        q: w.q,
        ...(userAgent === undefined ? {} : { userAgent }),
        registeredAt: existing?.registeredAt ?? now,
        expiresAt: now + w.expires * 1000,
      };
      next.set(key, binding);
      (existing ? refreshed : added).push(binding);
      if (existing && !sameWhere(existing, binding)) moved = true;
    }
    const result = [...next.values()];
    if (wanted.size > 0) {
      store.commit(acct.username, result, {
        username: acct.username,
        agentUserId: acct.agentUserId,
        added,
        refreshed,
        removed,
        ...(added.length === 0 && removed.length === 0 && !moved ? { onlyExpiryMoved: true } : {}),
      });
    }
    return okWithBindings(result);
  };

  return {
    handleRegister,
    bindingsOf: (username) => store.list(username, clock.now().getTime()),
    contactsForAgent: (agentUserId) => store.forAgent(agentUserId, clock.now().getTime()),
    purgeExpired(now = clock.now()) {
      const t = now.getTime();
      for (const address of [...failures.keys()]) recentFailures(address, t);
      reportUnanswered(t);
      return store.purgeExpired(t);
    },
  };
}

/** §10.3 step 7: "the update MUST be aborted and the request fails". */
const outOfOrder = (reply: (status: number, opts: { reason?: string }) => SipResponse) =>
  reply(500, { reason: 'Server Internal Error (out-of-order REGISTER)' });

/** The first Digest Authorization for our realm that parses; others (other realms, junk) are ignored. */
function pickCredentials(request: SipRequest, realm: string): DigestCredentials | undefined {
  for (const value of headerValues(request, 'authorization')) {
    try {
      const c = parseDigestCredentials(value);
      if (c.realm === realm) return c;
    } catch {
      // Not Digest, or malformed: the phone gets a challenge instead.
    }
  }
  return undefined;
}

function parseQ(value: string | null | undefined): number | undefined {
  if (value === undefined) return 1;
  if (value === null || !/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value)) return undefined;
  return Number(value);
}

const newTag = () => randomBytes(6).toString('hex');
