import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach unless the operator allows them: loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, unspecified, multicast and reserved — an
 * admin could otherwise make Kefu probe the network it runs in (SSRF).
 */
const FORBIDDEN: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 3, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
  // NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002::/16) embed an IPv4 address, which may be a
  // private or metadata one: refused whole (an operator on such a network allows them explicitly).
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['2002::', 16, 'ipv6'],
];

export type AddressPolicy = { allows(address: string): boolean };

/** Parses "a.b.c.d/n" or an address alone (a /32 or /128); throws on anything else. */
function parseCidr(cidr: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const [address = '', bits] = cidr.trim().split('/');
  const v = isIP(address);
  if (!v) throw new Error(`not an address or CIDR: ${cidr}`);
  const max = v === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`bad prefix: ${cidr}`);
  return { address, prefix, family: v === 4 ? 'ipv4' : 'ipv6' };
}

export const isCidr = (s: string) => {
  try {
    parseCidr(s);
    return true;
  } catch {
    return false;
  }
};

/**
 * Public addresses are allowed; forbidden ranges only where `allowedCidrs` (the operator's
 * KEFU_WEBHOOK_ALLOW_CIDRS) covers them. IPv4-mapped IPv6 addresses are judged as the IPv4 address.
 */
export function addressPolicy(allowedCidrs: readonly string[]): AddressPolicy {
  const forbidden = new BlockList();
  for (const [a, p, f] of FORBIDDEN) forbidden.addSubnet(a, p, f);
  const allowed = new BlockList();
  for (const c of allowedCidrs) {
    const { address, prefix, family } = parseCidr(c);
    allowed.addSubnet(address, prefix, family);
  }
  return {
    allows(raw) {
      const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(raw)?.[1];
      const address = mapped ?? raw;
      const family = isIP(address) === 4 ? 'ipv4' : isIP(address) === 6 ? 'ipv6' : null;
      if (!family) return false;
      if (allowed.check(address, family)) return true;
      return !forbidden.check(address, family);
    },
  };
}
