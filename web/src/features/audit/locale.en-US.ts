import type { AuditMessages } from './locale.zh-CN';

export const auditEnUS: AuditMessages = {
  audit: {
    title: 'Audit log',
    empty: 'No audit entries',
    col: {
      at: 'Time',
      actor: 'Actor',
      action: 'Action',
      entityType: 'Entity type',
      entityId: 'Entity ID',
      ip: 'IP address',
    },
    filterAction: 'Action, e.g. auth.login',
    filterEntityType: 'Entity type, e.g. user',
    timeFrom: 'From',
    timeTo: 'To',
    system: 'System',
    details: 'Details',
    requestId: 'Request ID',
    hash: 'Hash',
    verify: 'Verify chain',
    verifyOk: 'The chain is intact: {{count}} entries checked.',
    verifyBroken: 'The chain breaks at entry {{id}}: {{reason}}',
    verifyBrokenNoId: 'The chain did not verify: {{reason}}',
  },
};
