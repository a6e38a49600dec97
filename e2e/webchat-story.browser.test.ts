import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Conversation, ConversationDetail } from '../contracts/conversations';
import { APP_IDS } from '../web/src/app/testids';
import { CHAT_IDS } from '../web/src/features/desktop/conversations/testids';
import { DESKTOP_IDS } from '../web/src/features/desktop/testids';
import { LAUNCHER_IDS, WIDGET_IDS } from '../web/widget/testids';
import { browserFixture, byTestId, screenshot, settled } from './fixtures/browser';
import { png } from './fixtures/png';

/**
 * The web chat from both ends (issue 16, "Proof"): a visitor on a company's site (another origin,
 * listed in the channel's allowed origins) starts a chat in the widget and waits with a queue
 * position; an agent on the real desktop goes ready and accepts the offer; they write to each other
 * with typing shown on both sides and send a picture each way; the visitor's network drops while
 * they send two messages, which arrive exactly once when it is back; the agent ends the chat and
 * completes the wrap-up, and the visitor gives it 5 stars. The story runs in zh-CN, then its key
 * frames again in en-US (both browsers in English). Screenshots `webchat-story-*` in e2e/artifacts/.
 */
const env = browserFixture({ name: 'kefu-story-', adminPassword: 'Story-admin-1' });

type Lang = 'zh-CN' | 'en-US';

type Story = {
  lang: Lang;
  /** The host site's page carrying the snippet of this story's channel. */
  path: string;
  /** How the visitor sends their photo: pasted into the input, or picked with the picture button. */
  photoBy: 'paste' | 'button';
  queue: string;
  channel: { name: string; title: string; questionTypes: string[] };
  agent: { username: string; password: string; displayName: string };
  visitor: { name: string; phone: string; questionType: string; question: string };
  says: {
    agentHello: string;
    customerDetail: string;
    agentPicture: string;
    offline: [string, string];
  };
  /** What the two screens show, in the story's language. */
  ui: {
    position: string;
    offerTitle: string;
    noMatch: string;
    joined: string;
    agentTyping: string;
    customerTyping: string;
    imageAlt: (name: string) => string;
    endedOnDesktop: string;
    endedInWidget: string;
    confirm: RegExp;
    resolved: string;
    requestType: string;
    wrapUpNotes: string;
  };
};

const STORIES: Record<Lang, Story> = {
  'zh-CN': {
    lang: 'zh-CN',
    path: '/',
    photoBy: 'paste',
    queue: 'web-zh',
    channel: { name: '官网在线客服', title: '宽带在线客服', questionTypes: ['账单查询', '故障报修', '套餐办理'] },
    agent: { username: 'story-zh', password: 'Story-agent-1', displayName: '李娜' },
    visitor: {
      name: '张三',
      phone: '138 1234 5678',
      questionType: '故障报修',
      question: '家里宽带从早上开始断网，光猫红灯一直闪。',
    },
    says: {
      agentHello: '张三您好，我是李娜，正在为您查看线路。',
      customerDetail: '光猫型号是 HG8245，我拍了张照片',
      agentPicture: '这是您家的线路示意图，红色一段正在抢修。',
      offline: ['断网时发送的第一条：大概多久能修好？', '断网时发送的第二条：我下午三点前在家'],
    },
    ui: {
      position: '您当前排在第 1 位',
      offerTitle: '新的网页在线咨询',
      noMatch: '客户资料中没有匹配的客户',
      joined: '客服 李娜 已接入',
      agentTyping: '客服正在输入…',
      customerTyping: '客户正在输入…',
      imageAlt: (name) => `图片：${name}`,
      endedOnDesktop: '已由客服结束',
      endedInWidget: '客服已结束会话',
      confirm: /^(确\s?定)$/,
      resolved: '已解决',
      requestType: '故障',
      wrapUpNotes: '光缆抢修中，预计下午两点前恢复',
    },
  },
  'en-US': {
    lang: 'en-US',
    path: '/en',
    photoBy: 'button',
    queue: 'web-en',
    channel: { name: 'Website chat', title: 'Fibre support', questionTypes: ['Billing', 'Fault', 'Plans'] },
    agent: { username: 'story-en', password: 'Story-agent-2', displayName: 'Emma Li' },
    visitor: {
      name: 'John Smith',
      phone: '+44 20 7946 0018',
      questionType: 'Fault',
      question: 'My broadband has been down since this morning; the router light blinks red.',
    },
    says: {
      agentHello: 'Hello John, this is Emma. Let me check your line.',
      customerDetail: 'The router is an HG8245, here is a photo',
      agentPicture: 'Here is your line; the red part is being repaired.',
      offline: ['Sent offline, first: how long will it take?', 'Sent offline, second: I am home until 3 pm'],
    },
    ui: {
      position: 'You are number 1 in the queue',
      offerTitle: 'New web chat',
      noMatch: 'No matching customer in the customer records',
      joined: 'Emma Li has joined the chat',
      agentTyping: 'The agent is typing…',
      customerTyping: 'The customer is typing…',
      imageAlt: (name) => `Image: ${name}`,
      endedOnDesktop: 'Ended by the agent',
      endedInWidget: 'The agent ended the chat',
      confirm: /^OK$/,
      resolved: 'Resolved',
      requestType: 'Fault',
      wrapUpNotes: 'Fibre cut being repaired, back before 2 pm',
    },
  },
};

/** The company's site: its own origin (another loopback port), one page per language, each with the snippet. */
async function companySite(keyOf: (lang: Lang) => string) {
  const server = http.createServer((req, res) => {
    const en = req.url === '/en';
    const key = keyOf(en ? 'en-US' : 'zh-CN');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="${en ? 'en' : 'zh-CN'}"><head><meta charset="utf-8">
<title>${en ? 'Fibre Shop' : '宽带商城'}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 16px/1.6 system-ui, sans-serif; margin: 0; color: #1f2937; background: #f5f7fa; }
  header { background: #0a7d52; color: #fff; padding: 18px 40px; font-size: 22px; font-weight: 600; }
  main { padding: 32px 40px; max-width: 720px; }
  .plan { background: #fff; border-radius: 8px; padding: 16px 20px; margin: 0 0 16px; box-shadow: 0 1px 3px #0002; }
</style></head>
<body><header>${en ? 'Fibre Shop' : '宽带商城'}</header><main>
${(en
  ? ['100 Mbit fibre · £25 a month', '1 Gbit fibre · £45 a month', 'Business lines']
  : ['百兆光纤 · 每月 59 元', '千兆光纤 · 每月 129 元', '企业专线']
)
  .map((p) => `<p class="plan">${p}</p>`)
  .join('')}
</main>
<script src="${env.kefu.baseUrl}/widget.js" data-key="${key}" async></script></body></html>`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let site: Awaited<ReturnType<typeof companySite>>;
const keys: Partial<Record<Lang, string>> = {};

beforeAll(async () => {
  site = await companySite((lang) => keys[lang] ?? '');
  // One queue, agent and channel per language: each story starts with nobody ready and nothing waiting.
  for (const s of Object.values(STORIES)) {
    await env.api('POST', '/queues', {
      key: s.queue,
      name: s.channel.name,
      wrapUpSeconds: 600,
      offerTimeoutSeconds: 120,
    });
    const user = await env.api<{ id: string }>('POST', '/users', { ...s.agent, roles: ['agent'] });
    await env.api('PUT', `/agents/${user.id}/routing`, {
      skills: [],
      memberships: [{ queue: s.queue, priority: 1, delaySeconds: 0 }],
      capacity: { voice: 0, chat: 3 },
    });
    const channel = await env.api<{ publicKey: string }>('POST', '/channels', {
      name: s.channel.name,
      queue: s.queue,
      settings: {
        kind: 'webchat',
        title: s.channel.title,
        color: '#0a7d52',
        allowedOrigins: [site.origin],
        preChat: [
          { field: 'name', required: true },
          { field: 'phone', required: false },
          { field: 'questionType', required: true },
        ],
        questionTypes: s.channel.questionTypes,
        csat: true,
      },
    });
    keys[s.lang] = channel.publicKey;
  }
}, 60_000);

afterAll(async () => {
  await site?.close();
});

/** Files as Kefu stores them, read as the admin (a supervisor's view of the conversation). */
async function fileBytes(conversationId: string, fileId: string): Promise<Buffer> {
  const r = await fetch(`${env.kefu.baseUrl}/api/v1/conversations/${conversationId}/files/${fileId}`, {
    headers: { authorization: `Bearer ${env.adminToken}` },
  });
  expect(r.status).toBe(200);
  return Buffer.from(await r.arrayBuffer());
}

/** What a browser does when a screenshot is pasted (Ctrl+V) into a text field: a `paste` carrying the file. */
async function pasteImage(chat: FrameLocator, name: string, bytes: Buffer): Promise<void> {
  await chat.getByTestId(WIDGET_IDS.input).evaluate(
    (el, { name, b64 }) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { name, b64: bytes.toString('base64') },
  );
}

const naturalWidth = (img: ReturnType<Page['locator']>) =>
  img.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0));

async function story(s: Story): Promise<void> {
  const shot = (page: Page, step: string) => screenshot(page, `webchat-story-${step}-${s.lang}`, { fullPage: false });
  const detail = (id: string) => env.api<ConversationDetail>('GET', `/conversations/${id}`);

  // ---- the visitor opens the chat on the company's site and fills the pre-chat form
  const visitor = await env.newPage(`visitor-${s.lang}`, { locale: s.lang, viewport: { width: 1280, height: 800 } });
  onTestFailed(() => shot(visitor, 'failed-visitor').then(() => undefined));
  await visitor.goto(`${site.origin}${s.path}`);
  await visitor.getByTestId(LAUNCHER_IDS.launcher).click();
  const chat = visitor.frameLocator(`[data-testid="${LAUNCHER_IDS.frame}"]`);
  const messages = chat.getByTestId(WIDGET_IDS.message);
  await chat.getByTestId(WIDGET_IDS.prechat).waitFor();
  await chat.getByTestId(WIDGET_IDS.field('name')).fill(s.visitor.name);
  await chat.getByTestId(WIDGET_IDS.field('phone')).fill(s.visitor.phone);
  await chat.getByTestId(WIDGET_IDS.field('questionType')).selectOption(s.visitor.questionType);
  await chat.getByTestId(WIDGET_IDS.field('question')).fill(s.visitor.question);
  await settled(visitor);
  await shot(visitor, '1-prechat');
  await chat.getByTestId(WIDGET_IDS.start).click();

  // ---- nobody is ready: the visitor waits, told their place in the queue
  await expect.poll(() => messages.filter({ hasText: s.visitor.question }).getAttribute('data-state')).toBe('sent');
  await expect.poll(() => chat.getByTestId(WIDGET_IDS.status).textContent()).toContain(s.ui.position);
  const waiting = (await env.api<{ items: Conversation[] }>('GET', '/conversations?scope=all')).items.filter(
    (c) => c.customerName === s.visitor.name,
  );
  expect(waiting).toHaveLength(1);
  expect(waiting[0]).toMatchObject({ status: 'waiting', questionType: s.visitor.questionType });
  const conversationId = waiting[0]!.id;
  await settled(visitor);
  await shot(visitor, '2-waiting');

  // ---- the agent signs in on the desktop, goes ready and accepts the offer
  const desktop = await env.signedIn(s.agent, '/desktop', { locale: s.lang });
  onTestFailed(() => shot(desktop, 'failed-desktop').then(() => undefined));
  if (s.lang === 'en-US') {
    await desktop.getByTestId(APP_IDS.langSwitch).click();
    await expect.poll(() => desktop.locator('html').getAttribute('lang')).toBe('en-US');
  }
  await desktop.getByTestId(DESKTOP_IDS.ready).click();
  const offer = desktop.getByTestId(DESKTOP_IDS.offer);
  await offer.getByText(s.ui.offerTitle).waitFor();
  expect(await offer.getAttribute('data-channel')).toBe('chat');
  await settled(desktop);
  await shot(desktop, '3-offer');
  await desktop.getByTestId(DESKTOP_IDS.accept).click();
  await offer.waitFor({ state: 'detached' });
  const pane = desktop.getByTestId(CHAT_IDS.pane);
  const bubbles = (kind: 'in' | 'out') => pane.locator(byTestId(CHAT_IDS.message, { kind }));
  await desktop.locator(byTestId(CHAT_IDS.item(conversationId), { selected: 'true' })).waitFor();
  await bubbles('in').filter({ hasText: s.visitor.question }).waitFor();
  await desktop.getByTestId(CHAT_IDS.customer).getByText(s.visitor.name, { exact: true }).waitFor();
  // Nobody in the customer records yet: the quick create holds what the visitor gave in the form.
  const pop = desktop.getByTestId(CHAT_IDS.customer).getByTestId(DESKTOP_IDS.customerPop);
  await pop.getByText(s.ui.noMatch).waitFor();
  expect(await pop.locator('input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([
    s.visitor.name,
    s.visitor.phone,
  ]);
  await expect.poll(() => chat.getByTestId(WIDGET_IDS.status).textContent()).toBe(s.ui.joined);

  // ---- the agent types: the visitor sees it, then the reply
  const composer = desktop.getByTestId(CHAT_IDS.composer);
  const agentTyping = chat.getByTestId(WIDGET_IDS.typing);
  await composer.click();
  const agentTyped = composer.pressSequentially(s.says.agentHello, { delay: 25 });
  await agentTyping.waitFor();
  expect(await agentTyping.textContent()).toContain(s.ui.agentTyping);
  await shot(visitor, '4-agent-typing');
  await agentTyped;
  await composer.press('Enter');
  const hello = messages.filter({ hasText: s.says.agentHello });
  await hello.waitFor();
  expect(await hello.getAttribute('data-from')).toBe('agent');
  expect(await hello.locator('.kc-author').textContent()).toBe(s.agent.displayName);
  await agentTyping.waitFor({ state: 'hidden' });
  // The widget has it on screen: ✓✓ read on the desktop.
  await pane
    .locator(byTestId(CHAT_IDS.message, { kind: 'out', state: 'read' }))
    .filter({ hasText: s.says.agentHello })
    .waitFor();

  // ---- the visitor types: the agent sees it, then the message
  const input = chat.getByTestId(WIDGET_IDS.input);
  const customerTyping = desktop.getByTestId(CHAT_IDS.typing);
  const visitorTyped = input.pressSequentially(s.says.customerDetail, { delay: 25 });
  await customerTyping.waitFor();
  expect(await customerTyping.textContent()).toContain(s.ui.customerTyping);
  await shot(desktop, '5-customer-typing');
  await visitorTyped;
  await input.press('Enter');
  await bubbles('in').filter({ hasText: s.says.customerDetail }).waitFor();
  await customerTyping.waitFor({ state: 'detached' });

  // ---- pictures both ways: the visitor pastes or picks one, the agent attaches one; each shows inline on the other side
  const photo = png(160, 100, [230, 80, 20]);
  if (s.photoBy === 'paste') await pasteImage(chat, 'image.png', photo);
  else {
    const chooser = visitor.waitForEvent('filechooser');
    await chat.getByTestId(WIDGET_IDS.attach).click();
    await (await chooser).setFiles({ name: 'router.png', mimeType: 'image/png', buffer: photo });
  }
  const pasted = messages.filter({ has: chat.locator('img') }).first();
  await expect.poll(() => pasted.getAttribute('data-state')).toBe('sent');
  const photoOnDesktop = bubbles('in').locator('img').last();
  await expect.poll(() => naturalWidth(photoOnDesktop)).toBe(160);
  const stored = (await detail(conversationId)).messages.find((m) => m.kind === 'in' && m.attachments.length > 0);
  expect(stored?.attachments).toEqual([expect.objectContaining({ contentType: 'image/png', image: true })]);
  expect((await fileBytes(conversationId, stored!.attachments[0]!.id)).equals(photo)).toBe(true);

  const lineMap = png(120, 120, [20, 90, 230]);
  const lineMapName = s.lang === 'zh-CN' ? '线路示意图.png' : 'line-map.png';
  await desktop
    .getByTestId(CHAT_IDS.fileInput)
    .setInputFiles({ name: lineMapName, mimeType: 'image/png', buffer: lineMap });
  await desktop.getByTestId(CHAT_IDS.pendingFile).getByText(lineMapName).waitFor();
  await composer.fill(s.says.agentPicture);
  await composer.press('Enter');
  await expect.poll(() => naturalWidth(bubbles('out').locator('img').last())).toBe(120);
  const picture = messages.filter({ hasText: s.says.agentPicture });
  await expect.poll(() => naturalWidth(picture.locator('img'))).toBe(120);
  expect(await picture.locator('img').getAttribute('alt')).toBe(s.ui.imageAlt(lineMapName));
  // The picture grew the list after it arrived: the visitor still sees all of it.
  await expect
    .poll(() => chat.locator('.kc-scroll').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight))
    .toBeLessThan(2);
  await settled(desktop);
  await shot(desktop, '6-pictures-desktop');
  await settled(visitor);
  await shot(visitor, '6-pictures-widget');

  // ---- the visitor's network drops; they write twice meanwhile; it comes back
  const context = visitor.context();
  await context.setOffline(true);
  await chat.getByTestId(WIDGET_IDS.banner).waitFor();
  for (const text of s.says.offline) {
    await input.fill(text);
    await chat.getByTestId(WIDGET_IDS.send).click();
    await chat
      .locator(byTestId(WIDGET_IDS.message, { state: 'sending' }))
      .filter({ hasText: text })
      .waitFor();
  }
  await settled(visitor);
  await shot(visitor, '7-offline');
  await context.setOffline(false);
  for (const text of s.says.offline) {
    await expect.poll(() => messages.filter({ hasText: text }).getAttribute('data-state')).toBe('sent');
  }
  await chat.getByTestId(WIDGET_IDS.banner).waitFor({ state: 'hidden' });
  for (const text of s.says.offline) await bubbles('in').filter({ hasText: text }).waitFor();
  // Stored once each, in the order written; every acknowledgement is in, so nothing more can arrive.
  const texts = (await detail(conversationId)).messages.map((m) => m.text);
  for (const text of s.says.offline) expect(texts.filter((t) => t === text)).toHaveLength(1);
  expect(texts.indexOf(s.says.offline[0])).toBeLessThan(texts.indexOf(s.says.offline[1]));
  for (const text of s.says.offline) {
    expect(await bubbles('in').filter({ hasText: text }).count()).toBe(1);
    expect(await messages.filter({ hasText: text }).count()).toBe(1);
  }
  await settled(desktop);
  await shot(desktop, '8-back-online');

  // ---- the agent ends the chat; the visitor is asked for a rating while the agent wraps up
  await desktop.getByTestId(CHAT_IDS.end).click();
  const confirm = desktop.getByRole('button', { name: s.ui.confirm });
  await confirm.waitFor();
  // A click while the confirmation still zooms in can be lost: wait for it to stand still.
  await settled(desktop);
  await confirm.click();
  await pane.getByText(s.ui.endedOnDesktop).waitFor();
  await chat.getByTestId(WIDGET_IDS.ended).waitFor();
  await chat.getByText(s.ui.endedInWidget).waitFor();
  await chat.getByTestId(WIDGET_IDS.star(5)).waitFor();

  const wrapUp = desktop.getByTestId(CHAT_IDS.area).getByTestId(DESKTOP_IDS.wrapUp);
  await wrapUp.getByText(s.ui.resolved, { exact: true }).click();
  await wrapUp.getByText(s.ui.requestType, { exact: true }).click();
  await desktop.getByTestId(DESKTOP_IDS.wrapUpNotes).fill(s.ui.wrapUpNotes);
  await settled(desktop);
  await shot(desktop, '9-wrap-up');
  await desktop.getByTestId(DESKTOP_IDS.wrapUpSubmit).click();
  await desktop.getByTestId(CHAT_IDS.item(conversationId)).waitFor({ state: 'detached' });
  const ended = await detail(conversationId);
  expect(ended.status).toBe('ended');
  const contact = await env.api<{ state: string; wrapUp: unknown }>('GET', `/contacts/${ended.contactId}`);
  expect(contact).toMatchObject({
    state: 'completed',
    wrapUp: { disposition: 'resolved', requestType: 'fault', notes: s.ui.wrapUpNotes },
  });

  await chat.getByTestId(WIDGET_IDS.star(5)).click();
  expect(await chat.getByTestId(WIDGET_IDS.star(5)).getAttribute('aria-checked')).toBe('true');
  await settled(visitor);
  await shot(visitor, '10-csat');
  await chat.getByTestId(WIDGET_IDS.csatSubmit).click();
  await chat.getByTestId(WIDGET_IDS.csatThanks).waitFor();
  await expect.poll(async () => (await detail(conversationId)).csat).toBe(5);
  await settled(visitor);
  await shot(visitor, '11-rated');

  // ---- after a reload the visitor's thread still shows each message once (the server's copy)
  await visitor.reload();
  await visitor.getByTestId(LAUNCHER_IDS.launcher).click();
  await messages.filter({ hasText: s.says.offline[1] }).waitFor();
  for (const text of [s.visitor.question, ...s.says.offline]) {
    expect(await messages.filter({ hasText: text }).count()).toBe(1);
  }
  expect(env.pageErrors).toEqual([]);
}

describe('a web chat from both ends: the visitor on a company site, the agent on the desktop', () => {
  it('zh-CN: queue, accept, typing, pictures, a network drop, end, wrap-up and 5 stars', { timeout: 120_000 }, () =>
    story(STORIES['zh-CN']),
  );

  it('en-US: the same story with both browsers in English', { timeout: 120_000 }, () => story(STORIES['en-US']));
});
