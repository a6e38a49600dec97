import { describe, expect, it } from 'vitest';
import { auditEnUS } from '../web/src/features/audit/locale.en-US';
import { auditZhCN } from '../web/src/features/audit/locale.zh-CN';
import { AUDIT_ACTION_RENAMES, AUDIT_ACTIONS } from './audit-actions';

describe('audit action names on the web', () => {
  it('every renamed action has a text in zh-CN and en-US under its new name', () => {
    for (const actions of [auditZhCN.audit.actions, auditEnUS.audit.actions] as Record<string, string>[]) {
      const missing = Object.values(AUDIT_ACTION_RENAMES).filter((name) => !actions[name]?.trim());
      expect(missing).toEqual([]);
    }
  });

  it('every action the server writes has a text in zh-CN and en-US, and no text is left for an unknown one', () => {
    for (const actions of [auditZhCN.audit.actions, auditEnUS.audit.actions] as Record<string, string>[]) {
      expect(AUDIT_ACTIONS.filter((name) => !actions[name]?.trim())).toEqual([]);
      expect(Object.keys(actions).filter((k) => !(AUDIT_ACTIONS as readonly string[]).includes(k))).toEqual([]);
    }
  });

  it('texts are keyed by module.entity.verb names only', () => {
    const keys = Object.keys(auditZhCN.audit.actions);
    expect(keys.filter((k) => !/^[a-z_]+\.[a-z_]+\.[a-z_]+$/.test(k))).toEqual([]);
  });
});
