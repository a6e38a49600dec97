import { describe, expect, it } from 'vitest';
import { auditActionNames, currentAuditAction } from '../../../contracts/audit-actions';
import { type AuditLog, systemActor } from './audit';
import type { Tx } from './db';

describe('audit action names are module.entity.verb', () => {
  it('the compiler refuses any other shape (the @ts-expect-error lines fail tsc if accepted)', async () => {
    const written: string[] = [];
    const log = {
      append: async (_tx: Tx, _actor: unknown, r: { action: string }) => void written.push(r.action),
    } as unknown as AuditLog;
    const tx = {} as Tx;
    await log.append(tx, systemActor, { action: 'teams.team.created' });
    await log.append(tx, systemActor, { action: 'routing.reason_code.updated' });
    // @ts-expect-error two parts
    await log.append(tx, systemActor, { action: 'teams.created' });
    // @ts-expect-error four parts
    await log.append(tx, systemActor, { action: 'teams.team.member.added' });
    // @ts-expect-error upper case
    await log.append(tx, systemActor, { action: 'Teams.team.created' });
    // @ts-expect-error an empty part
    await log.append(tx, systemActor, { action: 'teams..created' });
    // @ts-expect-error the right shape, but not in contracts/audit-actions.ts AUDIT_ACTIONS (so it has no text)
    await log.append(tx, systemActor, { action: 'teams.team.renamed' });
    expect(written).toHaveLength(7);
  });

  it('an old name maps to its new one, and a filter by either finds both', () => {
    expect(currentAuditAction('auth.login')).toBe('auth.session.started');
    expect(currentAuditAction('routing.queue.created')).toBe('routing.queue.created');
    expect(auditActionNames('auth.session.started')).toEqual(['auth.session.started', 'auth.login']);
    expect(auditActionNames('pii.viewed')).toEqual(['platform.pii.viewed', 'pii.viewed']);
    expect(auditActionNames('ivr.flow.published')).toEqual(['ivr.flow.published']);
  });
});
