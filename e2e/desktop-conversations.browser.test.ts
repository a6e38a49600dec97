import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFailed } from 'vitest';
import WebSocket from 'ws';
import type { VisitorMessage, VisitorSession, VisitorSocketOut } from '../contracts/conversations';
import { CHAT_IDS } from '../web/src/features/desktop/conversations/testids';
import { DESKTOP_IDS } from '../web/src/features/desktop/testids';
import { browserFixture, byTestId, screenshot, settled } from './fixtures/browser';
import { apiLogin } from './kefu-process';

/**
 * The agent desktop's conversations: a queue, an agent taking chats and a web chat channel set up
 * over the API; two customers played by the visitor API and its WebSocket (as the widget uses
 * them). The agent accepts both chats on the desktop, answers with a canned reply, writes an
 * internal note, sees the customer type (and the line fade by itself), sees the other customer's
 * message arrive with the unread badge, ends the first conversation and completes its wrap-up, and
 * the second one opens by itself. Pictures both ways, the end and the wrap-up with a real widget on
 * the other side, in zh-CN and en-US, are e2e/webchat-story.browser.test.ts.
 */
const ADMIN_PASSWORD = 'Chat-admin-1';
const AGENT = { username: 'chat01', password: 'Chat-agent-1', displayName: '李娜' };

const env = browserFixture({ name: 'kefu-chat-', adminPassword: ADMIN_PASSWORD });

/** A customer on the web chat, as the widget talks to Kefu: a signed session and the visitor socket. */
class Visitor {
  readonly received: VisitorSocketOut[] = [];
  private waiters: Array<() => void> = [];
  private constructor(
    readonly token: string,
    private readonly socket: WebSocket,
  ) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as VisitorSocketOut);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async open(baseUrl: string, key: string): Promise<Visitor> {
    const r = await fetch(`${baseUrl}/api/v1/chat/widgets/${key}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    if (!r.ok) throw new Error(`session: ${r.status} ${await r.text()}`);
    const session = (await r.json()) as VisitorSession;
    const socket = new WebSocket(
      `${baseUrl.replace('http', 'ws')}/api/v1/chat/socket?token=${encodeURIComponent(session.token)}`,
    );
    const v = new Visitor(session.token, socket);
    await v.next((m) => m.t === 'hello');
    return v;
  }

  /** Resolves with the first message (received so far or later) that `match` accepts. */
  next<T extends VisitorSocketOut>(match: (m: VisitorSocketOut) => boolean, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`visitor: no matching message in ${JSON.stringify(this.received)}`)),
        timeoutMs,
      );
      const check = () => {
        const hit = this.received.find(match);
        if (hit) {
          clearTimeout(timer);
          resolve(hit as T);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  send(text: string, extra: Record<string, unknown> = {}): Promise<VisitorMessage> {
    const clientId = `v-${Math.random().toString(36).slice(2)}`;
    this.socket.send(JSON.stringify({ t: 'send', clientId, text, ...extra }));
    return this.next<Extract<VisitorSocketOut, { t: 'ack' }>>((m) => m.t === 'ack' && m.clientId === clientId).then(
      (a) => a.message,
    );
  }

  typing(): void {
    this.socket.send(JSON.stringify({ t: 'typing' }));
  }

  read(upToSeq: number): void {
    this.socket.send(JSON.stringify({ t: 'read', upToSeq }));
  }

  /** The agent's messages as the visitor received them. */
  fromAgent(): VisitorMessage[] {
    return this.received.flatMap((m) => (m.t === 'message' && m.message.from === 'agent' ? [m.message] : []));
  }

  close(): void {
    this.socket.close();
  }
}

async function conversationOf(token: string): Promise<string> {
  const r = await fetch(`${env.kefu.baseUrl}/api/v1/chat/widgets/${widgetKey}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  const s = (await r.json()) as VisitorSession;
  if (!s.conversation) throw new Error('the visitor has no conversation');
  return s.conversation.id;
}

let widgetKey = '';

async function acceptOffer(desktop: Page, title: RegExp): Promise<void> {
  const offer = desktop.getByTestId(DESKTOP_IDS.offer);
  await offer.waitFor();
  expect(await offer.getAttribute('data-channel')).toBe('chat');
  await offer.getByText(title).waitFor();
  await desktop.getByTestId(DESKTOP_IDS.accept).click();
  await offer.waitFor({ state: 'detached' });
}

const pane = (desktop: Page) => desktop.getByTestId(CHAT_IDS.pane);
const lastOf = (desktop: Page, kind: string) => pane(desktop).locator(byTestId(CHAT_IDS.message, { kind })).last();

describe('desktop: chat conversations beside calls', () => {
  it('an agent takes two web chats: canned reply, note, typing, unread badge, end and wrap-up', {
    timeout: 240_000,
  }, async () => {
    // ---- set-up over the API: a queue, an agent for chats only, a web chat channel, a canned reply
    await env.api('POST', '/queues', { key: 'web', name: '网页咨询', wrapUpSeconds: 600, offerTimeoutSeconds: 120 });
    const user = await env.api<{ id: string }>('POST', '/users', { ...AGENT, roles: ['agent'] });
    await env.api('PUT', `/agents/${user.id}/routing`, {
      skills: [],
      memberships: [{ queue: 'web', priority: 1, delaySeconds: 0 }],
      capacity: { voice: 0, chat: 3 },
    });
    const channel = await env.api<{ publicKey: string }>('POST', '/channels', {
      name: '官网在线客服',
      queue: 'web',
      settings: { kind: 'webchat', questionTypes: ['订单', '发票'] },
    });
    widgetKey = channel.publicKey;
    const agentToken = await apiLogin(env.kefu.baseUrl, AGENT.username, AGENT.password);
    const canned = await fetch(`${env.kefu.baseUrl}/api/v1/canned-replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        shortcut: 'hello',
        title: '问候',
        text: '{{customer.name}}您好，我是客服{{agent.name}}，很高兴为您服务。',
      }),
    });
    expect(canned.status).toBe(201);

    // ---- the first customer writes before anyone is ready
    const zhang = await Visitor.open(env.kefu.baseUrl, widgetKey);
    await zhang.send('你好，我的订单 1001 还没有发货', {
      profile: {
        name: '张三',
        phone: '13812345678',
        questionType: '订单',
        page: 'https://shop.example.com/orders/1001',
      },
    });
    const zhangId = await conversationOf(zhang.token);

    const desktop = await env.signedIn({ username: AGENT.username, password: AGENT.password }, '/desktop');
    onTestFailed(() => screenshot(desktop, 'chat-desktop-failed').then(() => undefined));
    await desktop.getByTestId(DESKTOP_IDS.state).waitFor();
    // Chats only (no calls): going ready asks nothing about a desk phone.
    await desktop.getByTestId(DESKTOP_IDS.ready).click();

    // ---- the offer says what it is; accepted, the chat opens in the conversations area
    await desktop.getByTestId(DESKTOP_IDS.offer).waitFor();
    await settled(desktop);
    await screenshot(desktop, 'chat-desktop-offer-zh-CN', { fullPage: false });
    await acceptOffer(desktop, /新的网页在线咨询/);
    const zhangItem = desktop.getByTestId(CHAT_IDS.item(zhangId));
    await desktop.locator(byTestId(CHAT_IDS.item(zhangId), { selected: 'true' })).waitFor();
    await lastOf(desktop, 'in').getByText('你好，我的订单 1001 还没有发货').waitFor();
    const side = desktop.getByTestId(CHAT_IDS.customer);
    await side.getByText('张三', { exact: true }).waitFor();
    expect(await side.textContent()).toContain('https://shop.example.com/orders/1001');
    // No generic contact card for a chat: the conversation is worked in its area.
    expect(await desktop.getByTestId(DESKTOP_IDS.contact).count()).toBe(0);
    // Read while the agent looks at it: no badge on the open conversation.
    await expect.poll(() => zhangItem.getAttribute('data-unread')).toBe('0');

    // ---- "the customer is typing…" shows for a few seconds
    zhang.typing();
    await desktop.getByTestId(CHAT_IDS.typing).waitFor();
    await desktop.getByTestId(CHAT_IDS.typing).waitFor({ state: 'detached', timeout: 6_000 });

    // ---- a canned reply: "/" opens the list, Enter inserts it with its variables filled, Enter sends
    const composer = desktop.getByTestId(CHAT_IDS.composer);
    await composer.click();
    await composer.pressSequentially('/he');
    await desktop.getByTestId(CHAT_IDS.cannedItem('hello')).waitFor();
    await screenshot(desktop, 'chat-desktop-canned-zh-CN', { fullPage: false });
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('张三您好，我是客服李娜，很高兴为您服务。');
    await composer.press('Enter');
    const reply = lastOf(desktop, 'out');
    await reply.getByText('张三您好，我是客服李娜，很高兴为您服务。').waitFor();
    await expect.poll(() => composer.inputValue()).toBe('');
    const heard = await zhang.next<Extract<VisitorSocketOut, { t: 'message' }>>(
      (m) => m.t === 'message' && m.message.from === 'agent',
    );
    expect(heard.message.text).toBe('张三您好，我是客服李娜，很高兴为您服务。');
    // The widget showed it: ✓✓ read on the agent's side.
    zhang.read(heard.message.seq);
    await desktop.locator(byTestId(CHAT_IDS.message, { kind: 'out', state: 'read' })).waitFor();

    // ---- an internal note: marked, never sent to the customer
    await desktop.getByTestId(CHAT_IDS.mode).getByText('内部备注').click();
    await composer.fill('客户催发货，需查物流单号');
    await desktop.getByTestId(CHAT_IDS.send).click();
    await lastOf(desktop, 'note').getByText('客户催发货，需查物流单号').waitFor();
    expect(await lastOf(desktop, 'note').textContent()).toContain('内部备注');
    await desktop.getByTestId(CHAT_IDS.mode).getByText('回复').click();

    // ---- a second customer: accepted beside the first, which stays open
    const li = await Visitor.open(env.kefu.baseUrl, widgetKey);
    await li.send('请问可以开增值税发票吗？', { profile: { name: '李四', questionType: '发票' } });
    const liId = await conversationOf(li.token);
    await acceptOffer(desktop, /新的网页在线咨询/);
    const liItem = desktop.getByTestId(CHAT_IDS.item(liId));
    await liItem.waitFor();
    expect(await zhangItem.getAttribute('data-selected')).toBe('true');
    await expect.poll(() => liItem.getAttribute('data-unread')).toBe('1');

    // Her next message arrives live in the list: the badge counts it, the preview shows it, the tab says so.
    await li.send('抬头是个人');
    await expect.poll(() => liItem.getAttribute('data-unread')).toBe('2');
    await liItem.getByText('抬头是个人').waitFor();
    await liItem.getByTestId(CHAT_IDS.itemUnread).waitFor();
    await expect.poll(() => desktop.title()).toMatch(/^\(2\) /);
    // …while the open conversation's customer writes into the pane.
    await zhang.send('好的，麻烦尽快');
    await lastOf(desktop, 'in').getByText('好的，麻烦尽快').waitFor();
    await settled(desktop);
    await screenshot(desktop, 'chat-desktop-two-conversations-zh-CN');

    // ---- the first conversation ends; its wrap-up opens beside the thread
    await desktop.getByTestId(CHAT_IDS.end).click();
    await desktop.getByRole('button', { name: /确\s?定|OK/ }).click();
    await pane(desktop).getByText('已由客服结束').waitFor();
    await zhang.next((m) => m.t === 'state' && m.status === 'ended');
    const wrapUp = desktop.getByTestId(CHAT_IDS.area).getByTestId(DESKTOP_IDS.wrapUp);
    await wrapUp.waitFor();
    await wrapUp.getByText('已解决', { exact: true }).click();
    await wrapUp.getByText('咨询', { exact: true }).click();
    await desktop.getByTestId(DESKTOP_IDS.wrapUpNotes).fill('已查询物流，预计明天发货');
    await settled(desktop);
    await screenshot(desktop, 'chat-desktop-wrap-up-zh-CN');
    await desktop.getByTestId(DESKTOP_IDS.wrapUpSubmit).click();
    await zhangItem.waitFor({ state: 'detached' });
    // The other conversation opens by itself, its messages read.
    await desktop.locator(byTestId(CHAT_IDS.item(liId), { selected: 'true' })).waitFor();
    await expect.poll(() => liItem.getAttribute('data-unread')).toBe('0');
    await expect.poll(() => desktop.title()).not.toMatch(/^\(\d+\) /);
    const ended = await env.api<{ status: string; contactId: string }>('GET', `/conversations/${zhangId}?limit=1`);
    expect(ended.status).toBe('ended');
    const contact = await env.api<{ state: string; wrapUp: unknown }>('GET', `/contacts/${ended.contactId}`);
    expect(contact).toMatchObject({
      state: 'completed',
      wrapUp: { disposition: 'resolved', requestType: 'inquiry', notes: '已查询物流，预计明天发货' },
    });
    // The note never reached the customer.
    expect(zhang.fromAgent().map((m) => m.text)).toEqual(['张三您好，我是客服李娜，很高兴为您服务。']);

    zhang.close();
    li.close();
    expect(env.pageErrors).toEqual([]);
  });
});
