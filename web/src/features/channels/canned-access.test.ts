import { describe, expect, it } from 'vitest';
import type { CannedReply } from '../../../../contracts/conversations';
import { cannedAccess, groupCanned } from './canned-access';

const reply = (over: Partial<CannedReply>): CannedReply => ({
  id: '00000000-0000-4000-8000-000000000000',
  scope: 'personal',
  teamId: null,
  ownerId: null,
  shortcut: 'hi',
  title: 'Hi',
  text: 'Hello',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const teams = [
  { id: 't1', leadUserId: 'lead' },
  { id: 't2', leadUserId: 'other' },
];

describe('who may keep which canned replies', () => {
  it('an agent keeps only their own', () => {
    const a = cannedAccess({ userId: 'agent', teamId: 't1', manage: false, teams });
    expect(a.scopes).toEqual(['personal']);
    expect(a.mayEdit(reply({ scope: 'personal', ownerId: 'agent' }))).toBe(true);
    expect(a.mayEdit(reply({ scope: 'team', teamId: 't1' }))).toBe(false);
    expect(a.mayEdit(reply({ scope: 'global' }))).toBe(false);
  });

  it('a team lead keeps their team’s too, not another team’s', () => {
    const a = cannedAccess({ userId: 'lead', teamId: 't1', manage: false, teams });
    expect(a.scopes).toEqual(['personal', 'team']);
    expect(a.teamIds).toEqual(['t1']);
    expect(a.mayEdit(reply({ scope: 'team', teamId: 't1' }))).toBe(true);
    expect(a.mayEdit(reply({ scope: 'team', teamId: 't2' }))).toBe(false);
  });

  it('a channels administrator keeps global ones and any team’s', () => {
    const a = cannedAccess({ userId: 'admin', teamId: null, manage: true, teams });
    expect(a.scopes).toEqual(['personal', 'team', 'global']);
    expect(a.teamIds).toEqual(['t1', 't2']);
    expect(a.mayEdit(reply({ scope: 'global' }))).toBe(true);
    expect(a.mayEdit(reply({ scope: 'team', teamId: 't2' }))).toBe(true);
  });

  it('an administrator who may not list teams keeps their own team’s, and none without a team', () => {
    expect(cannedAccess({ userId: 'a', teamId: 't9', manage: true, teams: [] }).teamIds).toEqual(['t9']);
    expect(cannedAccess({ userId: 'a', teamId: null, manage: true, teams: [] }).scopes).toEqual(['personal', 'global']);
  });
});

describe('groupCanned', () => {
  it('lists global, then each team, then personal, by shortcut inside each', () => {
    const groups = groupCanned([
      reply({ scope: 'personal', shortcut: 'b' }),
      reply({ scope: 'team', teamId: 't2', shortcut: 'x' }),
      reply({ scope: 'global', shortcut: 'z' }),
      reply({ scope: 'global', shortcut: 'a' }),
      reply({ scope: 'team', teamId: 't1', shortcut: 'y' }),
    ]);
    expect(groups.map((g) => [g.key, g.items.map((r) => r.shortcut)])).toEqual([
      ['global', ['a', 'z']],
      ['team:t1', ['y']],
      ['team:t2', ['x']],
      ['personal', ['b']],
    ]);
  });
});
