import { describe, expect, it } from 'vitest';
import { canViewPii, PII_CLEAR, PII_MASKED, PII_VIEWED, piiPolicy } from './pii';

const withPii = { permissions: new Set(['users.view', 'pii.view']) };
const withoutPii = { permissions: new Set(['users.view']) };

describe('the PII policy decides by what the viewer may do', () => {
  it('a viewer holding pii.view reads values as stored', () => {
    expect(canViewPii(withPii)).toBe(true);
    expect(piiPolicy(withPii).value('phone', '13812345678')).toBe('13812345678');
  });

  it('a viewer without pii.view, without permissions or nobody at all reads them masked', () => {
    for (const viewer of [withoutPii, {}, null, undefined]) {
      expect(canViewPii(viewer)).toBe(false);
      expect(piiPolicy(viewer).value('phone', '13812345678')).toBe('138****5678');
    }
  });

  it('missing values stay missing', () => {
    expect(PII_MASKED.value('phone', null)).toBeNull();
    expect(PII_MASKED.value('email', undefined)).toBeUndefined();
  });

  it('Kefu itself reads in clear, and what is stored for unknown readers is always masked', () => {
    expect(PII_CLEAR.value('email', 'zhang.san@example.com')).toBe('zhang.san@example.com');
    expect(PII_MASKED.value('email', 'zhang.san@example.com')).toBe('z***@example.com');
  });
});

describe('a record is masked field by field, by kind', () => {
  const customer = { name: '张三', phone: '13812345678', email: 'zhang.san@example.com', address: null };
  const fields = { phone: 'phone', email: 'email', address: 'address' } as const;

  it('masks only the personal fields and leaves the original untouched', () => {
    const masked = piiPolicy(withoutPii).record(customer, fields);
    expect(masked).toEqual({ name: '张三', phone: '138****5678', email: 'z***@example.com', address: null });
    expect(customer.phone).toBe('13812345678');
  });

  it('a clear viewer gets the same record back', () => {
    expect(piiPolicy(withPii).record(customer, fields)).toBe(customer);
  });

  it('a record without personal values comes back as it was', () => {
    const empty = { name: 'x', phone: '' };
    expect(PII_MASKED.record(empty, { phone: 'phone' })).toBe(empty);
  });
});

describe('clear access is audited through the policy', () => {
  it('a clear view of one entity is recorded by id, with the fields shown', () => {
    expect(piiPolicy(withPii).viewed({ entityType: 'user', entityIds: ['u1'], fields: ['phone'] })).toEqual({
      action: PII_VIEWED,
      entityType: 'user',
      entityId: 'u1',
      details: { fields: ['phone'], userIds: ['u1'] },
    });
  });

  it('a clear view of many names them all and no single entity', () => {
    const rec = piiPolicy(withPii).viewed({ entityType: 'call', entityIds: ['c1', 'c2'], fields: ['caller'] });
    expect(rec?.entityId).toBeUndefined();
    expect(rec?.details).toEqual({ fields: ['caller'], callIds: ['c1', 'c2'] });
  });

  it('nothing is recorded for a masked view or when no entity carried personal data', () => {
    expect(piiPolicy(withoutPii).viewed({ entityType: 'user', entityIds: ['u1'], fields: ['phone'] })).toBeUndefined();
    expect(piiPolicy(withPii).viewed({ entityType: 'user', entityIds: [], fields: ['phone'] })).toBeUndefined();
  });
});
