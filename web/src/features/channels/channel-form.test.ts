import { describe, expect, it } from 'vitest';
import { type ChannelConfig, ChannelSettings, SECRET_MASK } from '../../../../contracts/conversations';
import { fromFormValues, hadSecret, SMS_HTTP_DEFAULTS, smsHttpFromForm, toFormValues } from './channel-form';

const opts = { webchatTitle: 'Chat with us' };
const channel = (settings: ChannelConfig['settings']): ChannelConfig => ({
  id: '00000000-0000-4000-8000-000000000001',
  kind: settings.kind,
  name: 'Main',
  queue: 'sales',
  enabled: true,
  publicKey: 'pk',
  settings,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('a channel in its admin form and back', () => {
  it('a new web chat channel saves with the widget defaults and the title given', () => {
    const v = toFormValues('webchat', undefined, opts);
    const body = fromFormValues('webchat', { ...v, name: ' Website ', queue: 'sales' });
    expect(body.name).toBe('Website');
    expect(body.settings).toMatchObject({ kind: 'webchat', title: 'Chat with us', csat: true, leaveMessage: 'ticket' });
    expect(ChannelSettings.safeParse(body.settings).success).toBe(true);
  });

  it('an e-mail channel opened and saved unchanged sends its stored passwords back as the mask', () => {
    const stored = channel({
      kind: 'email',
      address: 'help@example.com',
      displayName: 'Help',
      imap: {
        host: 'imap.example.com',
        port: 993,
        secure: true,
        user: 'help',
        password: SECRET_MASK,
        mailbox: 'INBOX',
      },
      smtp: { host: 'smtp.example.com', port: 465, secure: true, user: 'help', password: SECRET_MASK },
      signature: '',
      autoReply: '',
    });
    const body = fromFormValues('email', toFormValues('email', stored, opts));
    expect(body.settings).toEqual(stored.settings);
    expect(hadSecret(stored, ['imap', 'password'])).toBe(true);
  });

  it('an e-mail channel without IMAP (mail forwarded to Kefu) saves imap as null', () => {
    const v = toFormValues('email', undefined, opts);
    const body = fromFormValues('email', { ...v, receiveImap: false, queue: 'q' });
    expect(body.settings).toMatchObject({ imap: null, smtp: { port: 465, secure: true } });
  });

  it('an SMS channel with the HTTP provider: only the chosen auth kind’s fields, status map as a record', () => {
    const v = toFormValues('sms', undefined, opts);
    const http = {
      ...SMS_HTTP_DEFAULTS,
      sendUrl: ' https://sms.example.com/send ',
      auth: { kind: 'bearer' as const, token: 'tok', user: 'leftover' },
      fields: { to: 'mobile', text: 'content', from: ' ' },
      report: {
        ...SMS_HTTP_DEFAULTS.report,
        statusMap: [
          { key: 'DELIVRD', value: 'delivered' },
          { key: '', value: '' },
        ],
      },
    };
    const body = fromFormValues('sms', {
      ...v,
      queue: 'q',
      settings: { kind: 'sms', number: '10690000', provider: 'http', http, webhookSecret: 'x'.repeat(20) },
    });
    expect(body.settings).toEqual({
      kind: 'sms',
      number: '10690000',
      provider: 'http',
      webhookSecret: 'x'.repeat(20),
      http: {
        sendUrl: 'https://sms.example.com/send',
        format: 'json',
        auth: { kind: 'bearer', token: 'tok' },
        fields: { to: 'mobile', text: 'content' },
        responseIdPath: 'id',
        inbound: { id: 'id', from: 'from', to: 'to', text: 'text' },
        report: { id: 'id', status: 'status', statusMap: { DELIVRD: 'delivered' } },
      },
    });
  });

  it('a stored SMS HTTP configuration opens with its values and comes back the same', () => {
    const http = {
      sendUrl: 'https://sms.example.com/send',
      format: 'form',
      auth: { kind: 'basic', user: 'u', password: SECRET_MASK },
      fields: { to: 'to', text: 'text', from: 'sender' },
      responseIdPath: 'data.id',
      inbound: { id: 'id', from: 'from', to: 'to', text: 'text', at: 'ts' },
      report: { id: 'id', status: 'stat', statusMap: { DELIVRD: 'delivered', UNDELIV: 'failed' } },
      from: '10690000',
    };
    const stored = channel({ kind: 'sms', number: '10690000', provider: 'http', http, webhookSecret: SECRET_MASK });
    expect(fromFormValues('sms', toFormValues('sms', stored, opts)).settings).toEqual(stored.settings);
  });

  it('switching an SMS channel to the logging provider drops the HTTP settings', () => {
    const stored = channel({
      kind: 'sms',
      number: '1',
      provider: 'http',
      http: { sendUrl: 'https://x' },
      webhookSecret: '',
    });
    const v = toFormValues('sms', stored, opts);
    const body = fromFormValues('sms', { ...v, settings: { ...v.settings, provider: 'log' } as typeof v.settings });
    expect(body.settings).toMatchObject({ provider: 'log', http: null });
  });

  it('a WeChat account keeps its masked secrets and a cleared AES key means plain mode', () => {
    const stored = channel({
      kind: 'wechat',
      originalId: 'gh_1',
      appId: 'wx1',
      appSecret: SECRET_MASK,
      token: SECRET_MASK,
      encodingAesKey: SECRET_MASK,
      apiBase: 'https://api.weixin.qq.com',
    });
    const v = toFormValues('wechat', stored, opts);
    expect(fromFormValues('wechat', v).settings).toEqual(stored.settings);
    const cleared = fromFormValues('wechat', {
      ...v,
      settings: { ...v.settings, encodingAesKey: '' } as typeof v.settings,
    });
    expect(cleared.settings).toMatchObject({ token: SECRET_MASK, encodingAesKey: '' });
    expect(ChannelSettings.safeParse(cleared.settings).success).toBe(true);
  });

  it('drops a status map row with no key but keeps a half-filled one for the server to name', () => {
    const out = smsHttpFromForm({
      ...SMS_HTTP_DEFAULTS,
      report: { ...SMS_HTTP_DEFAULTS.report, statusMap: [{ key: 'X', value: '' }] },
    });
    expect(out.report).toMatchObject({ statusMap: { X: '' } });
  });
});
