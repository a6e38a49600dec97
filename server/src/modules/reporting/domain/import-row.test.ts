import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../test/seeded-random';
import { checkRow, importedContactId, legOfImported, phoneE164, type RawRow, stableUuid } from './import-row';

const base: RawRow = {
  externalId: 'X-1',
  channel: 'voice',
  queue: 'hotline',
  enteredQueueAt: '2024-03-01T09:00:00+08:00',
  answeredAt: '2024-03-01T09:00:12+08:00',
  endedAt: '2024-03-01T09:02:12+08:00',
  agent: 'li',
  holdSeconds: '20',
  wrapUpSeconds: '15',
};
const ok = (raw: RawRow) => {
  const c = checkRow(raw, 2);
  if (!c.ok) throw new Error(JSON.stringify(c.issues));
  return c.value;
};
const columns = (raw: RawRow) => {
  const c = checkRow(raw, 7);
  return c.ok ? [] : c.issues.map((i) => i.column).sort();
};

describe('an imported row', () => {
  it('answered: waits to the answer, talks the conversation less hold unless talk is given, wraps up after', () => {
    const r = ok(base);
    expect(r).toMatchObject({ talkMs: 100_000, holdMs: 20_000, wrapMs: 15_000, agent: 'li' });
    const leg = legOfImported(r, 'q', 'a');
    expect(leg).toMatchObject({
      outcome: 'answered',
      handled: true,
      waitMs: 12_000,
      agentId: 'a',
      queueId: 'q',
      parentId: null,
      rona: 0,
      transferred: false,
    });
    expect(leg.completedAt!.toISOString()).toBe('2024-03-01T01:02:27.000Z');
    expect(ok({ ...base, talkSeconds: '90.5' }).talkMs).toBe(90_500);
  });

  it('unanswered: abandoned after the wait to its end, no agent, nothing handled', () => {
    const r = ok({ ...base, answeredAt: '', holdSeconds: '', wrapUpSeconds: '' });
    const leg = legOfImported(r, 'q', null);
    expect(leg).toMatchObject({ outcome: 'abandoned', handled: false, waitMs: 132_000, agentId: null, talkMs: 0 });
    expect(leg.completedAt).toBeNull();
    expect(columns({ ...base, answeredAt: '', talkSeconds: '5', holdSeconds: '', wrapUpSeconds: '' })).toEqual([
      'talkSeconds',
    ]);
  });

  it('times need an offset; order entered ≤ answered ≤ ended', () => {
    expect(columns({ ...base, enteredQueueAt: '2024-03-01T09:00:00' })).toEqual(['enteredQueueAt']);
    expect(columns({ ...base, enteredQueueAt: '2024-02-30T09:00:00+08:00' })).toEqual(['enteredQueueAt']);
    expect(columns({ ...base, answeredAt: '2024-03-01T08:59:59+08:00' })).toEqual(['answeredAt']);
    expect(columns({ ...base, endedAt: '2024-03-01T09:00:11+08:00' })).toEqual(['endedAt']);
    expect(columns({ ...base, endedAt: '' })).toEqual(['endedAt']);
    expect(ok({ ...base, enteredQueueAt: '2024-03-01T01:00:00Z' }).enteredAt).toBe(
      Date.parse('2024-03-01T09:00:00+08:00'),
    );
  });

  it('scores in their ranges: csat 1–5, nps 0–10, ces 1–7', () => {
    expect(columns({ ...base, csat: '5', nps: '0', ces: '7' })).toEqual([]);
    expect(columns({ ...base, csat: '0', nps: '11', ces: '8' })).toEqual(['ces', 'csat', 'nps']);
    expect(columns({ ...base, csat: '4.5' })).toEqual(['csat']);
  });

  it('channel one of the ACD channels; externalId and queue required', () => {
    expect(columns({ ...base, channel: 'fax' })).toEqual(['channel']);
    expect(columns({ ...base, externalId: ' ', queue: '' })).toEqual(['externalId', 'queue']);
  });

  it('a customer by id as given, else by phone as phone:<E.164> (the same number written two ways is one customer)', () => {
    expect(ok({ ...base, customerId: 'CRM-9', customerPhone: '13800138000' }).customerId).toBe('CRM-9');
    expect(ok({ ...base, customerPhone: '138 0013 8000' }).customerId).toBe('phone:+8613800138000');
    expect(ok({ ...base, customerPhone: '+86 138-0013-8000' }).customerId).toBe('phone:+8613800138000');
    expect(ok(base).customerId).toBeNull();
    expect(columns({ ...base, customerPhone: '12' })).toEqual(['customerPhone']);
  });

  it('plain mobile numbers (the fast path) normalise exactly as libphonenumber does', () => {
    const rnd = seededRandom(86);
    for (let prefix = 100; prefix <= 199; prefix++) {
      for (let k = 0; k < 40; k++) {
        const n = `${prefix}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
        const p = parsePhoneNumberFromString(n, 'CN');
        expect(phoneE164(n), n).toBe(p?.isPossible() ? p.number : null);
      }
    }
    expect(phoneE164('17951004666')).toBeNull();
  });

  it('the contact id is the same for the same external id (re-import is idempotent) and a UUID', () => {
    expect(importedContactId('X-1')).toBe(importedContactId('X-1'));
    expect(importedContactId('X-1')).not.toBe(importedContactId('X-2'));
    expect(importedContactId('X-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('queue', 'X-1')).not.toBe(importedContactId('X-1'));
    // The ids of contacts and queues imported before stay the same (a re-import finds them).
    expect(importedContactId('X-1')).toBe('061a51ce-b1bf-5f81-b929-bb6ab908ddf6');
    expect(importedContactId('HIST-999999')).toBe('a24af850-a366-5ee9-bbd1-9f41455429e9');
    expect(stableUuid('queue', '旧热线')).toBe('440841d1-2624-5f15-ae7f-15e4bf4907ec');
  });
});
