import { describe, expect, it } from 'vitest';
import { enUS } from '../web/src/app/locales/en-US';
import { zhCN } from '../web/src/app/locales/zh-CN';
import { AUDIT_ENTITY_TYPES } from './audit-actions';
import { CALL_END_REASONS } from './calls';
import { PERMISSIONS, ROLES } from './permissions';
import { AGENT_STATES, CONTACT_STATES } from './routing';

/**
 * Every code a person reads has its words in both languages: roles, permissions and their groups,
 * agent and contact states, call end reasons, audit object types (audit actions:
 * audit-actions.test.ts). The lists are the contracts', so a new code fails here until it has text.
 */
const LANGUAGES = { 'zh-CN': zhCN, 'en-US': enUS } as Record<string, unknown>;

function textAt(tree: unknown, path: readonly string[]): string | undefined {
  let node: unknown = tree;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return typeof node === 'string' && node.trim() ? node : undefined;
}

const missing = (paths: readonly (readonly string[])[]) =>
  Object.entries(LANGUAGES).flatMap(([language, tree]) =>
    paths.filter((p) => !textAt(tree, p)).map((p) => `${language}: ${p.join('.')}`),
  );

describe('codes have words in zh-CN and en-US', () => {
  it('roles', () => expect(missing(ROLES.map((r) => ['roleNames', r]))).toEqual([]));

  it('permissions and their groups (the part before the dot)', () => {
    const areas = [...new Set(PERMISSIONS.map((p) => p.split('.')[0] as string))];
    expect(missing(areas.map((a) => ['permissionAreas', a]))).toEqual([]);
    expect(missing(PERMISSIONS.map((p) => ['permissions', ...p.split('.')]))).toEqual([]);
  });

  it('agent states and contact states', () => {
    expect(missing(AGENT_STATES.map((s) => ['acd', 'state', s]))).toEqual([]);
    expect(missing(CONTACT_STATES.map((s) => ['acd', 'contactState', s]))).toEqual([]);
  });

  it('call end reasons', () => expect(missing(CALL_END_REASONS.map((r) => ['calls', 'endReason', r]))).toEqual([]));

  it('audit object types', () =>
    expect(missing(AUDIT_ENTITY_TYPES.map((e) => ['audit', 'entityTypes', e]))).toEqual([]));

  it('the Chinese word for agent is 座席, never 坐席', () => {
    expect(JSON.stringify(zhCN)).not.toContain('坐席');
  });
});
