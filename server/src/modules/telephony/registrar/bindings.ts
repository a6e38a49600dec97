/**
 * The registrar's location service (RFC 3261 §10.3): which contacts each SIP account is reachable
 * at, until when. In memory only; the `onChange` callback is how a database or realtime layer
 * follows along (persist the bindings, show "phone registered" on the desktop).
 *
 * Expiry is lazy: every read drops what has expired for the account it reads (and reports it);
 * `purgeExpired` sweeps every account and is meant to run on a timer so that "phone gone" is
 * noticed even when nobody asks.
 */
import type { SipTarget, SipUri } from '../sip';

export type Binding = {
  username: string;
  agentUserId: string;
  /** The Contact URI as registered, parsed; what goes in the Request-URI of an INVITE. */
  contact: SipUri;
  /** The Contact URI as the phone wrote it, echoed back in the 200 OK. */
  contactText: string;
  /** Where the REGISTER came from (address, port, transport): where requests to this contact go. */
  source: SipTarget;
  callId: string;
  cseq: number;
  /** Contact `q` parameter, 0..1; 1 when absent. */
  q: number;
  userAgent?: string;
  /** Epoch ms. */
  registeredAt: number;
  expiresAt: number;
};

export type BindingChangeCause = 'register' | 'expire';

/** One account's bindings after a change, with what changed; `bindings` is the complete new set. */
export type BindingChange = {
  username: string;
  agentUserId: string;
  cause: BindingChangeCause;
  added: readonly Binding[];
  refreshed: readonly Binding[];
  removed: readonly Binding[];
  bindings: readonly Binding[];
  /**
   * A plain refresh: the same contacts from the same address, user agent and agent, only their
   * expiry moved. Listeners that show where a phone is (the desktop) need not hear of it.
   */
  onlyExpiryMoved?: boolean;
};

export type BindingStore = {
  /** Current bindings of an account, expired ones dropped first. */
  list(username: string, now: number): Binding[];
  /** Replaces an account's set in one step (the registrar commits all of a REGISTER or nothing). */
  commit(username: string, next: Binding[], change: Omit<BindingChange, 'bindings' | 'cause'>): void;
  /** Every binding of every account of this agent, highest q first, then most recently registered. */
  forAgent(agentUserId: string, now: number): Binding[];
  purgeExpired(now: number): number;
};

/**
 * A comparison key for a Contact URI, after RFC 3261 §19.1.4 loosely: scheme, user (case
 * sensitive), host (case insensitive), port, and the parameters that must match when present
 * (transport, user, ttl, method, maddr). Other URI parameters are ignored, so a phone that adds
 * `;ob` or a fresh `;line=` still refreshes the same binding.
 */
export function contactKey(uri: SipUri): string {
  const significant = ['transport', 'user', 'ttl', 'method', 'maddr']
    .map((name) => `${name}=${uri.params.get(name)?.toLowerCase() ?? ''}`)
    .join(';');
  return `${uri.scheme}:${uri.user ?? ''}@${uri.host.toLowerCase()}:${uri.port ?? ''};${significant}`;
}

export function createBindingStore(onChange: (change: BindingChange) => void): BindingStore {
  const byUser = new Map<string, Binding[]>();

  const notify = (change: BindingChange) => {
    if (change.added.length + change.refreshed.length + change.removed.length > 0) onChange(change);
  };

  /** Drops the expired bindings of one account; returns what stays. */
  const purgeUser = (username: string, now: number): Binding[] => {
    const all = byUser.get(username);
    if (!all) return [];
    const live = all.filter((b) => b.expiresAt > now);
    if (live.length === all.length) return all;
    if (live.length === 0) byUser.delete(username);
    else byUser.set(username, live);
    const removed = all.filter((b) => b.expiresAt <= now);
    notify({
      username,
      agentUserId: removed[0]!.agentUserId,
      cause: 'expire',
      added: [],
      refreshed: [],
      removed,
      bindings: live,
    });
    return live;
  };

  return {
    list: (username, now) => [...purgeUser(username, now)],
    commit(username, next, change) {
      if (next.length === 0) byUser.delete(username);
      else byUser.set(username, next);
      notify({ ...change, cause: 'register', bindings: [...next] });
    },
    forAgent(agentUserId, now) {
      const out: Binding[] = [];
      for (const username of [...byUser.keys()]) {
        for (const b of purgeUser(username, now)) if (b.agentUserId === agentUserId) out.push(b);
      }
      return out.sort((a, b) => b.q - a.q || b.registeredAt - a.registeredAt);
    },
    purgeExpired(now) {
      let count = 0;
      for (const [username, all] of [...byUser]) {
        const before = all.length;
        count += before - purgeUser(username, now).length;
      }
      return count;
    },
  };
}
