import { describe, expect, it } from 'vitest';
import { pickLang, standingText, systemText, TEXTS } from './i18n';

describe('the chat page language', () => {
  it('is Chinese unless the browser or ?lang= asks for English', () => {
    expect(pickLang('', 'zh-CN')).toBe('zh-CN');
    expect(pickLang('', 'de-DE')).toBe('zh-CN');
    expect(pickLang('', undefined)).toBe('zh-CN');
    expect(pickLang('', 'en-GB')).toBe('en-US');
    expect(pickLang('?lang=en-US', 'zh-CN')).toBe('en-US');
    expect(pickLang('?embed=1&lang=zh-CN', 'en-US')).toBe('zh-CN');
  });

  it('has every text in both languages', () => {
    expect(Object.keys(TEXTS['en-US']).sort()).toEqual(Object.keys(TEXTS['zh-CN']).sort());
    for (const t of Object.values(TEXTS)) for (const v of Object.values(t)) expect(v).toBeTruthy();
  });

  it('never calls the staff 坐席 or 座席', () => {
    const all = JSON.stringify(TEXTS['zh-CN'], (_k, v) => (typeof v === 'function' ? String(v) : v));
    expect(all).not.toMatch(/坐席|座席/);
  });

  it('says where a waiting visitor stands, with whatever the ACD knows', () => {
    const zh = TEXTS['zh-CN'];
    const en = TEXTS['en-US'];
    expect(standingText(zh, { position: 2, estimatedWaitSeconds: 150 })).toBe('您当前排在第 2 位，预计等待约 3 分钟');
    expect(standingText(en, { position: 1, estimatedWaitSeconds: 20 })).toBe(
      'You are number 1 in the queue · less than a minute',
    );
    expect(standingText(en, { position: 3, estimatedWaitSeconds: null })).toBe('You are number 3 in the queue');
    expect(standingText(zh, null)).toBe('正在为您接通客服…');
  });

  it('translates the system lines that say who ended the chat', () => {
    expect(systemText(TEXTS['zh-CN'], 'ended:agent')).toBe('客服已结束会话');
    expect(systemText(TEXTS['en-US'], 'ended:customer')).toBe('You ended the chat');
    expect(systemText(TEXTS['en-US'], 'something else')).toBe('something else');
  });
});
