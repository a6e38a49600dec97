import { describe, expect, it } from 'vitest';
import { leaveBody, leaveErrors, prechatErrors, profileOf } from './form-rules';

const FIELDS = [
  { field: 'name', required: true },
  { field: 'phone', required: false },
  { field: 'email', required: false },
  { field: 'questionType', required: true },
] as const;

describe('the pre-chat form', () => {
  it('asks for the required fields and the question', () => {
    expect(prechatErrors(FIELDS, {})).toEqual({ name: 'required', questionType: 'required', question: 'required' });
    expect(prechatErrors(FIELDS, { name: ' 张三 ', questionType: '账单', question: '宽带断了' })).toEqual({});
  });

  it('checks a phone number or e-mail only when one is given', () => {
    const base = { name: 'a', questionType: 'b', question: 'c' };
    expect(prechatErrors(FIELDS, { ...base, phone: '138 1234 5678' })).toEqual({});
    expect(prechatErrors(FIELDS, { ...base, phone: '+86-10-6552-9988' })).toEqual({});
    expect(prechatErrors(FIELDS, { ...base, phone: 'call me' })).toEqual({ phone: 'phone' });
    expect(prechatErrors(FIELDS, { ...base, email: 'li@example' })).toEqual({ email: 'email' });
  });

  it('sends only what was filled in, with the page the visitor came from', () => {
    expect(
      profileOf(FIELDS, { name: ' 张三 ', phone: '', questionType: '账单' }, 'https://shop.example.com/cart'),
    ).toEqual({ name: '张三', questionType: '账单', page: 'https://shop.example.com/cart' });
    expect(profileOf([{ field: 'name' }], { email: 'x@y.z' }, undefined)).toEqual({});
  });
});

describe('leaving a message', () => {
  it('needs a name, the message and a phone number or an e-mail address', () => {
    expect(leaveErrors({})).toEqual({ name: 'required', text: 'required', phone: 'contact' });
    expect(leaveErrors({ name: 'Li', text: 'call back', email: 'li@example.com' })).toEqual({});
    expect(leaveBody({ name: ' Li ', text: 'call back ', phone: '', email: 'li@example.com' })).toEqual({
      name: 'Li',
      text: 'call back',
      email: 'li@example.com',
    });
  });
});
