import { describe, expect, it } from 'vitest';
import { dropLevel, type IvrNodeReport, outcomeShares, sortNodes, worstNode } from './ivr-figures';

const node = (id: string, reached: number, droppedOut: number): IvrNodeReport => ({
  node: id,
  type: 'menu',
  reached,
  droppedOut,
  dropRate: reached > 0 ? droppedOut / reached : null,
});

describe('IVR report figures', () => {
  it('lists every known outcome in a fixed order, zeros included, then unknown ones', () => {
    const shares = outcomeShares({ runs: 8, outcomes: { hung_up: 2, queued: 4, ended: 1, later_added: 1 } });
    expect(shares.map((s) => s.outcome)).toEqual([
      'queued',
      'voicemail',
      'transferred_out',
      'hung_up',
      'ended',
      'failed',
      'later_added',
    ]);
    expect(shares[0]).toEqual({ outcome: 'queued', known: true, count: 4, share: 0.5 });
    expect(shares[1]).toEqual({ outcome: 'voicemail', known: true, count: 0, share: 0 });
    expect(shares.at(-1)).toEqual({ outcome: 'later_added', known: false, count: 1, share: 0.125 });
  });

  it('has no shares without runs', () => {
    expect(outcomeShares({ runs: 0, outcomes: {} }).every((s) => s.share === null)).toBe(true);
  });

  it('orders nodes by callers lost there, then by callers reached', () => {
    const nodes = [node('welcome', 100, 2), node('menu', 98, 10), node('billing', 40, 0), node('survey', 60, 0)];
    expect(sortNodes(nodes).map((n) => n.node)).toEqual(['menu', 'welcome', 'survey', 'billing']);
    // The input is left as it was.
    expect(nodes[0]?.node).toBe('welcome');
  });

  it('finds the worst drop rate, not the most callers lost', () => {
    const nodes = [node('welcome', 100, 10), node('menu', 20, 8), node('collect', 0, 0)];
    expect(worstNode(nodes)).toBe('menu');
    // Equal rates: the node where more callers were lost.
    expect(worstNode([node('a', 10, 5), node('b', 20, 10)])).toBe('b');
    expect(worstNode([node('a', 10, 0)])).toBeUndefined();
  });

  it('draws a drop rate red from one in five', () => {
    expect(dropLevel(0.2)).toBe('high');
    expect(dropLevel(0.19)).toBe('some');
    expect(dropLevel(0)).toBe('none');
    expect(dropLevel(null)).toBe('none');
  });
});
