import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_IDS } from '../web/src/app/testids';
import { CHANNELS_IDS } from '../web/src/features/channels/testids';
import { browserFixture, screenshot, settled } from './fixtures/browser';

/**
 * 渠道管理 and 在线会话监控 in a real browser: the admin creates a web chat channel with an allowed
 * website and copies its snippet, creates an SMS channel on the HTTP provider and finds its webhook
 * URL, then edits both without retyping a secret; a supervisor watches a visitor's chat (started
 * through the visitor API) and whispers to the agent.
 */
const env = browserFixture({ name: 'kefu-channels-', adminPassword: 'Channels-admin-1' });
const supervisor = { username: 'sup-chat', password: 'Supervise-1' };

type Channel = { id: string; kind: string; name: string; publicKey: string; settings: Record<string, unknown> };

let admin: Page;

beforeAll(async () => {
  const calendar = await env.api<{ id: string }>('POST', '/calendars', {
    name: '在线客服时间',
    timeZone: 'Asia/Shanghai',
    weekly: Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, ['00:00-24:00']])),
  });
  await env.api('POST', '/queues', { key: 'web', name: '在线咨询', calendarId: calendar.id });
  await env.api('POST', '/users', {
    username: supervisor.username,
    password: supervisor.password,
    displayName: '值班主管',
    roles: ['supervisor'],
  });
  admin = await env.signedIn(env.admin);
  await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.kefu.baseUrl });
}, 60_000);

const channels = () => env.api<Channel[]>('GET', '/channels');

/** Opens the "new channel" menu and picks a kind. */
async function newChannel(page: Page, kind: string) {
  await page.getByTestId(CHANNELS_IDS.create).click();
  await page.getByTestId(`${CHANNELS_IDS.kindOption}-${kind}`).click();
  await page.getByTestId(CHANNELS_IDS.formName).waitFor();
}

async function chooseQueue(page: Page) {
  await page.getByTestId(CHANNELS_IDS.formQueue).click();
  await page.locator('.ant-select-item-option').filter({ hasText: '在线咨询' }).click();
}

/** The drawer's own close button (its footer's first), and waits until it is gone. */
async function closeDrawer(page: Page) {
  await page.locator('.ant-drawer-footer').getByRole('button').first().click();
  await page.locator('.ant-drawer-content-wrapper').waitFor({ state: 'hidden' });
}

/** Saves the open drawer and returns the PATCH or POST body it sent. */
async function saveAndCapture(page: Page, method: 'POST' | 'PATCH'): Promise<Record<string, unknown>> {
  const sent = page.waitForRequest(
    (r: Request) => r.method() === method && /\/api\/v1\/channels(\/[^/]+)?$/.test(new URL(r.url()).pathname),
  );
  await page.getByTestId(CHANNELS_IDS.formSubmit).click();
  return (await sent).postDataJSON() as Record<string, unknown>;
}

describe('渠道管理', () => {
  it('creates a web chat channel with an allowed website and copies its snippet', async () => {
    await admin.getByTestId(APP_IDS.navChannels).click();
    await admin.waitForURL((url) => url.pathname === '/admin/channels');
    await admin.getByText('还没有渠道').waitFor({ timeout: 10_000 });

    await newChannel(admin, 'webchat');
    await admin.getByTestId(CHANNELS_IDS.formName).fill('官网在线客服');
    await chooseQueue(admin);
    // The queue's calendar decides the channel's hours.
    await admin.getByText('营业时间：队列的营业日历「在线客服时间」').waitFor();

    // A bare host is refused with the origin to use instead; a page address likewise.
    const origin = admin.getByTestId(CHANNELS_IDS.originInput);
    await origin.fill('shop.example.com/contact');
    await origin.press('Enter');
    await admin.getByText('请使用 https:// 开头的地址').waitFor();
    await admin.getByRole('button', { name: '改用 https://shop.example.com' }).click();
    await origin.fill('http://www.example.com');
    await admin.getByTestId(CHANNELS_IDS.originAdd).click();
    await admin.getByText('请使用 https:// 开头的地址').waitFor();
    await origin.fill('https://WWW.Example.com:8443');
    await admin.getByTestId(CHANNELS_IDS.originAdd).click();
    const list = admin.getByTestId(CHANNELS_IDS.originList);
    await expect.poll(() => list.textContent()).toContain('https://www.example.com:8443');
    expect(await list.textContent()).toContain('https://shop.example.com');

    await list.scrollIntoViewIfNeeded();
    await screenshot(admin, 'channels-webchat-form-zh-CN');
    const created = await saveAndCapture(admin, 'POST');
    expect(created.settings).toMatchObject({
      kind: 'webchat',
      allowedOrigins: ['https://shop.example.com', 'https://www.example.com:8443'],
    });
    await admin.getByText('渠道 官网在线客服 已创建').waitFor({ timeout: 10_000 });

    const [web] = (await channels()).filter((c) => c.kind === 'webchat');
    const snippet = admin.getByTestId(CHANNELS_IDS.snippet);
    await snippet.waitFor();
    expect(await snippet.inputValue()).toBe(
      `<script src="${env.kefu.baseUrl}/widget.js" data-key="${web!.publicKey}" async></script>`,
    );
    await admin.getByTestId(CHANNELS_IDS.snippetCopy).click();
    await admin.getByText('已复制').waitFor();
    const copied = await admin.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`data-key="${web!.publicKey}"`);
    expect(await admin.getByTestId(CHANNELS_IDS.h5Link).getAttribute('href')).toBe(
      `${env.kefu.baseUrl}/chat/${web!.publicKey}`,
    );
    await settled(admin);
    await screenshot(admin, 'channels-webchat-zh-CN');
    await closeDrawer(admin);
  }, 60_000);

  it('creates an SMS channel on the HTTP provider and shows the webhook URL to give the provider', async () => {
    await newChannel(admin, 'sms');
    await admin.getByTestId(CHANNELS_IDS.formName).fill('客服短信');
    await chooseQueue(admin);
    await admin.getByTestId(CHANNELS_IDS.smsNumber).fill('106900001234');
    await admin.getByTestId(CHANNELS_IDS.smsProvider).click();
    await admin.locator('.ant-select-item-option').filter({ hasText: 'HTTP 接口' }).click();
    await admin.getByTestId(CHANNELS_IDS.smsSendUrl).fill('https://sms.example.com/v1/send');
    await admin.getByLabel('Bearer 令牌').check();
    await admin.getByLabel('令牌', { exact: true }).fill('provider-token-1');
    await admin.getByRole('button', { name: '添加对照' }).click();
    await admin.getByLabel('服务商的值').fill('DELIVRD');

    // The secret is required: saving without it names the field.
    await admin.getByTestId(CHANNELS_IDS.formSubmit).click();
    await admin.getByText('至少 16 个字符', { exact: true }).waitFor();
    await admin
      .locator('.ant-form-item', { has: admin.getByTestId(CHANNELS_IDS.smsWebhookSecret) })
      .getByRole('button', { name: /生\s*成/ })
      .click();
    const secret = await admin.getByTestId(CHANNELS_IDS.smsWebhookSecret).inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9]{40}$/);

    const created = await saveAndCapture(admin, 'POST');
    expect(created.settings).toMatchObject({
      kind: 'sms',
      provider: 'http',
      webhookSecret: secret,
      http: {
        sendUrl: 'https://sms.example.com/v1/send',
        auth: { kind: 'bearer', token: 'provider-token-1' },
        report: { statusMap: { DELIVRD: 'delivered' } },
      },
    });
    await admin.getByText('渠道 客服短信 已创建').waitFor({ timeout: 10_000 });
    const sms = (await channels()).find((c) => c.kind === 'sms')!;
    const webhook = admin.getByTestId(CHANNELS_IDS.smsWebhookUrl);
    await webhook.waitFor();
    expect(await webhook.inputValue()).toBe(`${env.kefu.baseUrl}/api/v1/channels/sms/${sms.publicKey}/webhook`);
    // Saved secrets are never shown again.
    expect(await admin.getByTestId(CHANNELS_IDS.smsWebhookSecret).inputValue()).toBe('');
    await webhook.scrollIntoViewIfNeeded();
    await settled(admin);
    await screenshot(admin, 'channels-sms-zh-CN');
    await closeDrawer(admin);
  }, 60_000);

  it('creates a WeChat account with a generated token and key, and edits it without retyping them', async () => {
    await newChannel(admin, 'wechat');
    await admin.getByTestId(CHANNELS_IDS.formName).fill('服务号');
    await chooseQueue(admin);
    await admin.locator('#settings_appId').fill('wx0123456789abcdef');
    await admin.locator('#settings_appSecret').fill('app-secret-1');
    const token = admin.locator('#settings_token');
    const aesKey = admin.locator('#settings_encodingAesKey');
    await admin
      .locator('.ant-form-item', { has: token })
      .getByRole('button', { name: /生\s*成/ })
      .click();
    await admin
      .locator('.ant-form-item', { has: aesKey })
      .getByRole('button', { name: /生\s*成/ })
      .click();
    expect(await token.inputValue()).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(await aesKey.inputValue()).toMatch(/^[A-Za-z0-9]{43}$/);
    await admin.getByText('保存后令牌和密钥不再显示').waitFor();
    await aesKey.scrollIntoViewIfNeeded();
    await screenshot(admin, 'channels-wechat-secrets-zh-CN');
    await saveAndCapture(admin, 'POST');
    await admin.getByText('渠道 服务号 已创建').waitFor({ timeout: 10_000 });
    const wechat = (await channels()).find((c) => c.kind === 'wechat')!;
    const serverUrl = admin.getByTestId(CHANNELS_IDS.wechatServerUrl);
    expect(await serverUrl.inputValue()).toBe(`${env.kefu.baseUrl}/api/v1/channels/wechat/${wechat.publicKey}`);
    expect(await token.inputValue()).toBe('');
    await settled(admin);
    await screenshot(admin, 'channels-wechat-zh-CN');
    await closeDrawer(admin);

    await admin
      .getByTestId(CHANNELS_IDS.table)
      .getByRole('row', { name: /服务号/ })
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    await admin.locator('#settings_originalId').fill('gh_0123456789ab');
    const sent = await saveAndCapture(admin, 'PATCH');
    expect(sent.settings).toMatchObject({ appSecret: '********', token: '********', encodingAesKey: '********' });
    await admin.getByText('渠道 服务号 已保存').waitFor({ timeout: 10_000 });
    expect((await channels()).find((c) => c.kind === 'wechat')?.settings).toMatchObject({
      originalId: 'gh_0123456789ab',
      token: '********',
      encodingAesKey: '********',
    });
  }, 60_000);

  it('creates a mailbox and tests its connection', async () => {
    await newChannel(admin, 'email');
    await admin.getByTestId(CHANNELS_IDS.formName).fill('客服邮箱');
    await chooseQueue(admin);
    await admin.locator('#settings_address').fill('service@example.com');
    await admin.locator('#settings_imap_host').fill('127.0.0.1');
    await admin.locator('#settings_imap_user').fill('service');
    await admin.locator('#settings_imap_password').fill('mail-pass-1');
    await admin.locator('#settings_smtp_host').fill('127.0.0.1');
    await saveAndCapture(admin, 'POST');
    await admin.getByText('渠道 客服邮箱 已创建').waitFor({ timeout: 10_000 });
    await admin.getByTestId(CHANNELS_IDS.emailTest).click();
    // A result either way: what the server says about each side, or that it cannot test yet.
    await expect
      .poll(() => admin.getByTestId(CHANNELS_IDS.emailTestResult).locator('.ant-alert').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await settled(admin);
    await screenshot(admin, 'channels-email-zh-CN');
    await admin.locator('#settings_smtp_host').scrollIntoViewIfNeeded();
    await screenshot(admin, 'channels-email-servers-zh-CN');
    await closeDrawer(admin);
    expect(env.pageErrors).toEqual([]);
  }, 60_000);

  it('edits both channels without retyping a secret: the stored ones are sent back unchanged', async () => {
    const table = admin.getByTestId(CHANNELS_IDS.table);
    await table
      .getByRole('row', { name: /客服短信/ })
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    await admin.getByTestId(CHANNELS_IDS.formName).fill('客服短信（主号）');
    const sms = await saveAndCapture(admin, 'PATCH');
    expect(sms).toMatchObject({
      name: '客服短信（主号）',
      settings: { webhookSecret: '********', http: { auth: { kind: 'bearer', token: '********' } } },
    });
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('客服短信（主号）');
    const stored = (await channels()).find((c) => c.kind === 'sms')!;
    expect(stored.settings).toMatchObject({ webhookSecret: '********', http: { auth: { token: '********' } } });

    await table
      .getByRole('row', { name: /官网在线客服/ })
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    await admin.getByLabel('窗口标题').fill('在线咨询');
    const web = await saveAndCapture(admin, 'PATCH');
    expect(web.settings).toMatchObject({
      title: '在线咨询',
      allowedOrigins: ['https://shop.example.com', 'https://www.example.com:8443'],
    });
    await expect
      .poll(async () => (await channels()).find((c) => c.kind === 'webchat')?.settings.title)
      .toBe('在线咨询');

    // The same screens in English.
    await admin.getByTestId(APP_IDS.langSwitch).click();
    await admin.getByText('Web chat').first().waitFor();
    await screenshot(admin, 'channels-list-en-US');
    await table
      .getByRole('row', { name: /官网在线客服/ })
      .getByRole('button', { name: /Edit/ })
      .click();
    await admin.getByText('Website snippet').waitFor();
    await settled(admin);
    await screenshot(admin, 'channels-webchat-en-US');
    await closeDrawer(admin);
    await table
      .getByRole('row', { name: /客服短信/ })
      .getByRole('button', { name: /Edit/ })
      .click();
    await admin.getByText('Webhook URL (enter it at the provider)').waitFor();
    await settled(admin);
    await screenshot(admin, 'channels-sms-en-US');
    await closeDrawer(admin);
    await admin.getByTestId(APP_IDS.langSwitch).click();
    expect(env.pageErrors).toEqual([]);
  }, 60_000);
});

describe('快捷回复', () => {
  it('an administrator keeps a global reply with a variable; it is listed under 全局', async () => {
    await admin.getByTestId(APP_IDS.navCannedReplies).click();
    await admin.waitForURL((url) => url.pathname === '/canned-replies');
    await admin.getByText('还没有快捷回复').waitFor({ timeout: 10_000 });
    await admin.getByTestId(CHANNELS_IDS.cannedCreate).click();
    await admin.locator('.ant-modal').getByRole('combobox').first().click();
    await admin.locator('.ant-select-item-option').filter({ hasText: '全局' }).click();
    await admin.getByTestId(CHANNELS_IDS.cannedShortcut).fill('hello');
    await admin.getByLabel('标题').fill('问候');
    await admin.getByLabel('内容').fill('{{customer.name}}您好，我是{{agent.name}}，很高兴为您服务。');
    await settled(admin);
    await screenshot(admin, 'canned-reply-dialog-zh-CN');
    await admin.getByTestId(CHANNELS_IDS.cannedSubmit).click();
    await admin.getByText('快捷回复已创建').waitFor({ timeout: 10_000 });
    const section = admin.locator('section', { has: admin.getByRole('heading', { name: '全局' }) });
    await expect.poll(() => section.textContent()).toContain('/hello');
    await screenshot(admin, 'canned-replies-zh-CN');
    await admin.getByTestId(APP_IDS.langSwitch).click();
    await admin.getByRole('heading', { name: 'Global' }).waitFor();
    await screenshot(admin, 'canned-replies-en-US');
    await admin.getByTestId(APP_IDS.langSwitch).click();
  }, 60_000);
});

describe('在线会话监控', () => {
  /** A visitor on the web chat starts a conversation through the widget's HTTP API. */
  async function visitorSays(text: string, name: string): Promise<void> {
    const key = (await channels()).find((c) => c.kind === 'webchat')!.publicKey;
    const base = env.kefu.baseUrl;
    const session = await fetch(`${base}/api/v1/chat/widgets/${key}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(session.status).toBe(200);
    const { token } = (await session.json()) as { token: string };
    const sent = await fetch(`${base}/api/v1/chat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-visitor-token': token },
      body: JSON.stringify({ clientId: `c-${name}`, text, profile: { name, phone: '13900001111' } }),
    });
    expect(sent.status).toBeLessThan(300);
  }

  it('shows a visitor’s waiting chat to a supervisor, who reads it and whispers to the agent', async () => {
    await visitorSays('你好，我想咨询宽带套餐', '李雷');
    const page = await env.signedIn(supervisor);
    await page.getByTestId(APP_IDS.navLiveConversations).click();
    await page.waitForURL((url) => url.pathname === '/live-conversations');
    const table = page.getByTestId(CHANNELS_IDS.liveTable);
    await expect.poll(() => table.textContent(), { timeout: 10_000 }).toContain('李雷');
    expect(await table.textContent()).toContain('排队中');
    expect(await table.textContent()).toContain('你好，我想咨询宽带套餐');

    // A new conversation appears without a reload (the realtime event, else the poll).
    await visitorSays('请问营业厅几点关门？', '韩梅梅');
    await expect.poll(() => table.textContent(), { timeout: 12_000 }).toContain('韩梅梅');
    await screenshot(page, 'live-conversations-zh-CN');

    await table.getByRole('button', { name: '查看会话 李雷' }).click();
    const transcript = page.getByTestId(CHANNELS_IDS.transcript);
    await expect.poll(() => transcript.textContent(), { timeout: 10_000 }).toContain('你好，我想咨询宽带套餐');
    await page.getByTestId(CHANNELS_IDS.whisperInput).fill('先确认客户的地址');
    await page.getByTestId(CHANNELS_IDS.whisperInput).press('Control+Enter');
    await page.getByText('已发送给客服').waitFor();
    await expect.poll(() => transcript.textContent(), { timeout: 10_000 }).toContain('先确认客户的地址');
    expect(await transcript.locator('.msg-whisper').textContent()).toContain('仅客服可见');
    await settled(page);
    await screenshot(page, 'live-transcript-zh-CN');

    await page.keyboard.press('Escape');
    await page.locator('.ant-drawer-content-wrapper').waitFor({ state: 'hidden' });
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await page.getByTestId(APP_IDS.langSwitch).click();
    await page.getByRole('heading', { name: 'Live conversations' }).waitFor();
    await screenshot(page, 'live-conversations-en-US');
    await table.getByRole('button', { name: 'Read the conversation with 李雷' }).click();
    await transcript.getByText('Only the agent sees this').waitFor();
    await settled(page);
    await screenshot(page, 'live-transcript-en-US');
    expect(env.pageErrors).toEqual([]);
  }, 90_000);
});
