import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_TEMPLATES,
  type CustomerTemplateKey,
  customerLanguage,
  MissingVariable,
  renderCustomerMessage,
  templateVariables,
} from './templates';

const vars = {
  center: '客服中心',
  customerName: '王芳',
  ticketNumber: 'T-20261206-0042',
  title: '宽带无法连接',
  when: '12月8日 10:00',
  area: '浦东新区',
  until: '18:00',
  reason: '线路检修',
  // A survey link as sent: the public address and a 43-character token.
  link: `https://kefu.example.cn/s/${'x'.repeat(43)}`,
  hours: 72,
};

describe('customer messages', () => {
  it('a created ticket is announced with its number in the customer language', () => {
    const zh = renderCustomerMessage('ticket.created', 'zh-CN', vars);
    expect(zh.subject).toBe('【客服中心】您的工单 T-20261206-0042 已受理');
    expect(zh.sms).toContain('T-20261206-0042');
    const en = renderCustomerMessage('ticket.created', 'en-US', { ...vars, center: 'Help Desk' });
    expect(en.language).toBe('en-US');
    expect(en.subject).toBe('[Help Desk] Your ticket T-20261206-0042 has been received');
  });

  it('an unknown or missing language falls back to zh-CN; any English variant gets en-US', () => {
    expect(customerLanguage(null)).toBe('zh-CN');
    expect(customerLanguage('fr-FR')).toBe('zh-CN');
    expect(customerLanguage('en')).toBe('en-US');
    expect(customerLanguage('en-GB')).toBe('en-US');
    expect(customerLanguage('zh-TW')).toBe('zh-CN');
  });

  it('refuses to render with a variable missing rather than send {{placeholders}}', () => {
    const { ticketNumber: _, ...rest } = vars;
    expect(() => renderCustomerMessage('ticket.resolved', 'en-US', rest)).toThrow(MissingVariable);
  });

  it('every message exists in both languages with the same variables, and renders with them', () => {
    for (const key of Object.keys(CUSTOMER_TEMPLATES) as CustomerTemplateKey[]) {
      const perLanguage = Object.values(CUSTOMER_TEMPLATES[key]).map((t) =>
        [...`${t.subject}${t.body}${t.sms}`.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort(),
      );
      expect(new Set(perLanguage.map((v) => [...new Set(v)].join())).size, key).toBe(1);
      const needed = Object.fromEntries(templateVariables(key).map((v) => [v, 'x']));
      for (const lang of ['zh-CN', 'en-US']) {
        const m = renderCustomerMessage(key, lang, needed);
        expect(`${m.subject}${m.body}${m.sms}`).not.toContain('{{');
      }
    }
  });

  it('the SMS texts stay within two 70-character segments', () => {
    const long = Object.fromEntries(Object.keys(vars).map((k) => [k, vars[k as keyof typeof vars]]));
    for (const key of Object.keys(CUSTOMER_TEMPLATES) as CustomerTemplateKey[]) {
      expect(renderCustomerMessage(key, 'zh-CN', long).sms.length, key).toBeLessThanOrEqual(140);
    }
  });
});
