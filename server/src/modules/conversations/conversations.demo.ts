import { ChannelSettings } from '../../../../contracts/conversations';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import type { IdGenerator } from '../../platform/ids';
import type { DemoContext } from '../../platform/module';
import type { CannedService } from './canned.service';
import type { ChannelsService } from './channels.service';
import type { ConversationsRepo } from './conversations.repo';

const WEBCHAT = '官网在线客服';

const CANNED = [
  { shortcut: 'hi', title: '问候', text: '您好，{{customer.name}}，我是客服{{agent.name}}，很高兴为您服务。' },
  { shortcut: 'wait', title: '请稍等', text: '好的，请您稍等，我马上为您查询。' },
  { shortcut: 'order', title: '工单已建', text: '已为您登记工单 {{ticket.number}}，处理进展会短信通知您。' },
  { shortcut: 'bye', title: '结束语', text: '感谢您的耐心，如有其他问题欢迎随时咨询，祝您生活愉快！' },
];

type Line = { from: 'in' | 'out'; text: string; afterSeconds: number };
const HISTORY: Array<{
  kind: 'webchat' | 'email' | 'sms';
  address: string;
  name: string;
  subject?: string;
  lines: Line[];
  csat?: number;
}> = [
  {
    kind: 'webchat',
    address: 'v_demo_visitor_1',
    name: '陈女士',
    lines: [
      { from: 'in', text: '你好，我想问一下宽带套餐怎么升级？', afterSeconds: 0 },
      { from: 'out', text: '您好，陈女士，我是客服，很高兴为您服务。请问您的宽带账号是多少？', afterSeconds: 20 },
      { from: 'in', text: '账号是 0755-12345678', afterSeconds: 60 },
      { from: 'out', text: '已查到，您可以升级到 500M 套餐，每月 129 元，下个账期生效。', afterSeconds: 90 },
      { from: 'in', text: '好的，帮我办理吧，谢谢', afterSeconds: 120 },
    ],
    csat: 5,
  },
  {
    kind: 'email',
    address: 'liu.customer@example.com',
    name: '刘先生',
    subject: '发票重开申请',
    lines: [
      { from: 'in', text: '您好，上月的发票抬头写错了，麻烦重开一张，抬头：深圳某某科技有限公司。', afterSeconds: 0 },
      {
        from: 'out',
        text: '刘先生您好，已为您提交重开申请，新发票将在 3 个工作日内发送到本邮箱。',
        afterSeconds: 3_600,
      },
    ],
  },
  {
    kind: 'sms',
    address: '13800138000',
    name: '周先生',
    lines: [
      { from: 'in', text: '停机了怎么办', afterSeconds: 0 },
      { from: 'out', text: '您好，您的号码因欠费停机，缴费 50 元后 30 分钟内自动复机。', afterSeconds: 300 },
    ],
  },
];

/**
 * The demo's digital channels (docs/demo.md): a web chat widget on the 人工服务 queue (its snippet
 * and H5 page work at once), a mailbox and an SMS number without servers (replies fail visibly
 * until an administrator sets them up), shared canned replies, and three finished conversations
 * — a chat, an e-mail and an SMS served by agent01 — so the transcripts and the supervisor's view
 * have data. Nothing is routed: no demo conversation waits for an agent.
 */
export async function seedDemoConversations(
  deps: {
    db: Database;
    repo: ConversationsRepo;
    clock: Clock;
    ids: IdGenerator;
    channels: ChannelsService;
    canned: CannedService;
  },
  demo: DemoContext,
): Promise<number> {
  const { db, repo, clock, ids } = deps;
  const existing = await deps.channels.list();
  if (existing.some((c) => c.name === WEBCHAT)) return 0;
  let created = 0;
  const settings = [
    {
      name: WEBCHAT,
      settings: {
        kind: 'webchat',
        questionTypes: ['套餐咨询', '账单查询', '故障报修', '投诉建议'],
        greeting: '您好，欢迎咨询，请问有什么可以帮您？',
      },
    },
    {
      name: '客服邮箱',
      settings: {
        kind: 'email',
        address: 'service@demo.kefu.local',
        displayName: '客服中心',
        autoReply: '您的邮件已收到，编号 {{number}}，我们会在 1 个工作日内回复。',
      },
    },
    { name: '短信 10690000', settings: { kind: 'sms', number: '10690000', provider: 'log' } },
  ];
  const byKind = new Map<string, string>();
  for (const c of settings) {
    const ch = await deps.channels.create(
      { name: c.name, queue: 'general', enabled: true, settings: ChannelSettings.parse(c.settings) },
      demo.actor,
    );
    byKind.set(ch.kind, ch.id);
    created++;
  }
  for (const r of CANNED) {
    await deps.canned.create(
      { scope: 'global', shortcut: r.shortcut, title: r.title, text: r.text },
      {
        userId: demo.actor.userId ?? '',
        username: 'demo',
        displayName: 'demo',
        roles: ['admin'],
        teamId: null,
        permissions: new Set(['channels.manage'] as const),
        sessionId: '',
        sessionExpiresAt: new Date(0),
      },
      demo.actor,
    );
    created++;
  }
  const agent = demo.users.get('agent01');
  const day = clock.now().getTime() - 86_400_000;
  for (const [i, h] of HISTORY.entries()) {
    const channelId = byKind.get(h.kind);
    if (!channelId) continue;
    const start = day + i * 7_200_000;
    const convId = ids.next();
    const last = h.lines.at(-1)!;
    const ended = new Date(start + (last.afterSeconds + 120) * 1000);
    await db.transaction(async (tx) => {
      await repo.insertIfNone(tx, {
        id: convId,
        channelId,
        kind: h.kind,
        status: 'ended',
        address: h.address,
        customerName: h.name,
        customerPhone: h.kind === 'sms' ? h.address : null,
        customerEmail: h.kind === 'email' ? h.address : null,
        subject: h.subject ?? null,
        agentId: agent ?? null,
        lastSeq: h.lines.length + 1,
        agentReadSeq: h.lines.length + 1,
        lastMessageAt: new Date(start + last.afterSeconds * 1000),
        lastInboundAt: new Date(
          start + ([...h.lines].reverse().find((l) => l.from === 'in')?.afterSeconds ?? 0) * 1000,
        ),
        lastMessage: last.text,
        csat: h.csat ?? null,
        createdAt: new Date(start),
        endedAt: ended,
        updatedAt: ended,
      });
      for (const [j, l] of h.lines.entries()) {
        await repo.insertMessage(tx, {
          id: ids.next(),
          conversationId: convId,
          seq: j + 1,
          kind: l.from,
          text: l.text,
          subject: h.kind === 'email' ? (l.from === 'in' ? h.subject : `Re: ${h.subject}`) : null,
          attachments: [],
          authorId: l.from === 'out' ? (agent ?? null) : null,
          authorName: l.from === 'out' ? '客服' : null,
          state: l.from === 'in' ? 'received' : 'delivered',
          createdAt: new Date(start + l.afterSeconds * 1000),
        });
      }
      await repo.insertMessage(tx, {
        id: ids.next(),
        conversationId: convId,
        seq: h.lines.length + 1,
        kind: 'system',
        text: 'ended:agent',
        attachments: [],
        state: 'sent',
        createdAt: ended,
      });
    });
    created++;
  }
  return created;
}
