import { describe, expect, it } from 'vitest';
import { type CustomerHint, callerE164, customerRouting, isVip, mergeHints } from './customer-hints';

const hint = (over: Partial<CustomerHint> & { customerId: string }): CustomerHint => ({
  phones: [],
  vip: false,
  tier: 'standard',
  preferredAgentId: null,
  version: 1,
  ...over,
});

describe('a VIP', () => {
  it('is the vip tier or the VIP tag however it was typed', () => {
    expect(isVip({ tier: 'vip', tags: [] })).toBe(true);
    expect(isVip({ tier: 'standard', tags: ['易投诉', ' vip '] })).toBe(true);
    expect(isVip({ tier: 'gold', tags: ['易投诉', 'VIP客户'] })).toBe(false);
  });
});

describe("a caller's number", () => {
  it('is keyed as the CRM stores it: +86, the 0 trunk prefix and spaces are one number', () => {
    for (const n of ['13800000005', '+86 138 0000 0005', '013800000005', '8613800000005']) {
      expect(callerE164(n)).toBe('+8613800000005');
    }
    expect(callerE164('1001')).toBeNull();
  });
});

describe('what a queue makes of a customer', () => {
  it("raises a VIP by the queue's boost and names the customer and the preferred agent", () => {
    const r = customerRouting([hint({ customerId: 'a', vip: true, preferredAgentId: 'u1' })], 10);
    expect(r).toEqual({ vip: true, boost: 10, customerId: 'a', preferredAgentId: 'u1' });
  });

  it('gives no boost in a queue without one, or to a customer who is not a VIP', () => {
    expect(customerRouting([hint({ customerId: 'a', vip: true })], 0)).toMatchObject({ vip: true, boost: 0 });
    expect(customerRouting([hint({ customerId: 'a' })], 10)).toMatchObject({ vip: false, boost: 0 });
  });

  it('with a number several customers share, boosts when one is a VIP but names nobody', () => {
    const r = customerRouting(
      [hint({ customerId: 'a', preferredAgentId: 'u1' }), hint({ customerId: 'b', vip: true })],
      5,
    );
    expect(r).toEqual({ vip: true, boost: 5 });
  });

  it('knows nothing of an unknown caller', () => {
    expect(customerRouting([], 10)).toEqual({ vip: false, boost: 0 });
  });
});

describe('a merge', () => {
  it("gives the survivor the duplicates' numbers and VIP standing, keeping its own preferred agent and version", () => {
    const m = mergeHints('a', hint({ customerId: 'a', phones: ['+1'], preferredAgentId: 'u1', version: 7 }), [
      hint({ customerId: 'b', phones: ['+2', '+1'], vip: true, preferredAgentId: 'u2' }),
    ]);
    expect(m).toEqual({
      customerId: 'a',
      phones: ['+1', '+2'],
      vip: true,
      tier: 'standard',
      preferredAgentId: 'u1',
      version: 7,
    });
  });

  it('of a survivor not yet known takes the duplicates, at version 0 so its own event replaces it', () => {
    const m = mergeHints('a', undefined, [hint({ customerId: 'b', phones: ['+2'], preferredAgentId: 'u2' })]);
    expect(m).toMatchObject({ customerId: 'a', phones: ['+2'], preferredAgentId: 'u2', version: 0 });
  });
});
