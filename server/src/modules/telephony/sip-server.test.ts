import { describe, expect, it } from 'vitest';
import { describeAuthFailure } from './sip-server';

const source = { transport: 'UDP', host: '10.0.0.7', port: 5060 };

describe('the log line of a failed digest challenge', () => {
  it('says what was offered and that the phone never answered, with the setting to change', () => {
    expect(
      describeAuthFailure({
        username: 'agent01',
        source,
        offered: ['SHA-256', 'MD5'],
        answered: null,
        reason: 'no_answer',
      }),
    ).toBe(
      'SIP phone agent01 at 10.0.0.7:5060 failed the digest challenge: offered SHA-256, MD5, answered nothing — ' +
        'never answered the challenge: it may not support the algorithms offered ' +
        '(KEFU_SIP_DIGEST sets what is offered; MD5 alone suits most phones)',
    );
  });

  it('says which algorithm a phone answered in when it was not offered', () => {
    const line = describeAuthFailure({
      username: 'agent02',
      source,
      offered: ['MD5'],
      answered: 'SHA-256',
      reason: 'algorithm_not_offered',
    });
    expect(line).toContain('offered MD5, answered SHA-256 — answered in an algorithm that was not offered');
  });

  it('points at the password when the response is wrong', () => {
    const line = describeAuthFailure({
      username: 'agent03',
      source,
      offered: ['MD5'],
      answered: 'MD5',
      reason: 'wrong_response',
    });
    expect(line).toBe(
      'SIP phone agent03 at 10.0.0.7:5060 failed the digest challenge: offered MD5, answered MD5 — answered with a wrong response (wrong password?)',
    );
  });

  it('keeps a sender-chosen user part to account-name characters and 32 of them', () => {
    const line = describeAuthFailure({
      username: '请拨打 400-800-1234 领取退款 and a very long tail',
      source,
      offered: ['MD5'],
      answered: null,
      reason: 'no_answer',
    });
    expect(line).toMatch(/^SIP phone [\w.@+?-]{32} at 10\.0\.0\.7:5060 failed/);
    expect(line).not.toContain('领取退款');
  });
});
