import { BellOutlined, SoundOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Spin, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, ConversationDetail } from '../../../../../contracts/conversations';
import type { Contact, Queue } from '../../../../../contracts/routing';
import { useErrorMessage } from '../../../app/errors';
import { useRealtime } from '../../../app/realtime';
import { useSession } from '../../../app/session';
import { QueryError } from '../../../ui/query-error';
import { WrapUpPanel } from '../wrap-up-panel';
import { beep, notify, useAlertSettings, useDocumentVisible, useUnreadTitle } from './alerts';
import {
  addMessage,
  conversationKeys,
  markRead,
  resync,
  useConversationDetail,
  useMyConversations,
  useTicket,
} from './api';
import type { CannedValues } from './canned';
import { ConversationList, customerLabel } from './conversation-list';
import { ConversationPanel } from './conversation-panel';
import { MessagePane } from './message-pane';
import {
  type ConversationUpdatedEvent,
  lastInboundSeq,
  type MessageCreatedEvent,
  type MessageStateChangedEvent,
  messageOfEvent,
  missedBefore,
  previewOf,
  type TypingEvent,
  withState,
} from './messages';
import { CHAT_IDS } from './testids';

/** How long "the customer is typing" stays after their last keystroke signal. */
const TYPING_SHOWN_MS = 3_000;

type Page = { items: Conversation[]; total: number; page: number; pageSize: number };

const WRAP_UP_STATES: readonly Contact['state'][] = ['wrap_up', 'transferred'];

/**
 * The desktop's digital channels: the agent's conversations (web chat, e-mail, SMS, WeChat) in a
 * list, the selected one's thread with the composer, and the customer beside it. Live through the
 * realtime socket: messages append, delivery marks move, a new conversation appears once accepted
 * and one transferred away leaves; a customer's message the agent is not looking at rings and
 * notifies. An ended conversation stays open here while its contact's wrap-up runs beside it.
 */
export function ConversationsArea({
  contacts,
  queues,
  wrapUpUntil,
  onWrapUpShown,
}: {
  /** The agent's contacts as the desktop holds them (offers, in hand, wrapping up). */
  contacts: readonly Contact[];
  queues: readonly Queue[] | undefined;
  wrapUpUntil: string | null;
  /** The contact whose wrap-up this area shows (the desktop then does not show it twice). */
  onWrapUpShown: (contactId: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const session = useSession();
  const queryClient = useQueryClient();
  const me = session.me?.user;
  const userId = me?.id;
  const list = useMyConversations(!!userId);
  const [selectedId, setSelectedId] = useState<string>();
  const detail = useConversationDetail(selectedId);
  const visible = useDocumentVisible();
  const alerts = useAlertSettings();
  const [typing, setTyping] = useState<Record<string, number>>({});
  const latest = useRef({ selectedId, visible, muted: alerts.muted });
  latest.current = { selectedId, visible, muted: alerts.muted };
  const readSent = useRef(new Map<string, number>());

  const shown = detail.data && detail.data.id === selectedId ? detail.data : undefined;
  const contactOf = (id: string | null | undefined) => (id ? contacts.find((x) => x.id === id) : undefined);
  // An ended conversation stays in the list while its contact is still the agent's (wrap-up); so
  // does one the list no longer has while its ending is on its way (the list may be read first).
  const items = useMemo(() => {
    const server = list.data?.items ?? [];
    const held = shown?.contactId ? contacts.some((x) => x.id === shown.contactId) : false;
    if (shown && held && shown.agentId === userId && !server.some((c) => c.id === shown.id)) {
      const { messages: _m, more: _more, ...header } = shown;
      return [...server, header];
    }
    return server;
  }, [list.data, shown, contacts, userId]);

  // Something is always open when there is something to open: the first conversation, a new one.
  useEffect(() => {
    if (!list.data) return;
    if (selectedId && items.some((c) => c.id === selectedId)) return;
    setSelectedId(items[0]?.id);
  }, [list.data, items, selectedId]);

  const wrapUpContact = shown?.status === 'ended' ? contactOf(shown.contactId) : undefined;
  const wrapping = wrapUpContact && WRAP_UP_STATES.includes(wrapUpContact.state) ? wrapUpContact : undefined;
  useEffect(() => {
    onWrapUpShown(wrapping?.id);
  }, [wrapping?.id, onWrapUpShown]);
  useEffect(() => () => onWrapUpShown(undefined), [onWrapUpShown]);

  const unreadOf = (c: Conversation) => (c.id === selectedId && visible ? 0 : c.unread);
  const unreadTotal = items.reduce((n, c) => n + unreadOf(c), 0);
  useUnreadTitle(unreadTotal, i18n.language);

  // The customer's messages the agent has in front of them are read.
  useEffect(() => {
    if (!shown || !visible || shown.status !== 'active' || shown.agentId !== userId) return;
    const upTo = lastInboundSeq(shown.messages);
    if (upTo === 0 || (readSent.current.get(shown.id) ?? 0) >= upTo) return;
    readSent.current.set(shown.id, upTo);
    queryClient.setQueryData<Page>(conversationKeys.mine, (p) =>
      p ? { ...p, items: p.items.map((c) => (c.id === shown.id ? { ...c, unread: 0 } : c)) } : p,
    );
    void markRead(shown.id, upTo).catch(() => readSent.current.delete(shown.id));
  }, [shown, visible, userId, queryClient]);

  // "Typing…" fades out on its own.
  useEffect(() => {
    const times = Object.values(typing);
    if (times.length === 0) return;
    const next = Math.min(...times) - Date.now();
    const timer = setTimeout(
      () => setTyping((all) => Object.fromEntries(Object.entries(all).filter(([, until]) => until > Date.now()))),
      Math.max(0, next),
    );
    return () => clearTimeout(timer);
  }, [typing]);

  useRealtime((msg) => {
    if (!userId || msg.type !== 'event' || !msg.name.startsWith('conversations.')) return;
    if (msg.name === 'conversations.message.created') {
      const e = msg.payload as MessageCreatedEvent;
      if (e.agentId !== userId) return;
      const m = messageOfEvent(e);
      let known = false;
      queryClient.setQueryData<Page>(conversationKeys.mine, (p) =>
        p
          ? {
              ...p,
              items: p.items.map((c) => {
                if (c.id !== e.conversationId) return c;
                known = true;
                const shownInList = m.kind === 'in' || m.kind === 'out';
                return {
                  ...c,
                  unread: e.unread,
                  ...(shownInList
                    ? { lastMessage: previewOf(m.text, m.attachments.length), lastMessageAt: m.createdAt }
                    : {}),
                };
              }),
            }
          : p,
      );
      if (!known) void queryClient.invalidateQueries({ queryKey: conversationKeys.mine });
      const held = queryClient.getQueryData<ConversationDetail>(conversationKeys.detail(e.conversationId));
      if (held) {
        const missed = missedBefore(held.messages, m.seq);
        if (!missed) addMessage(queryClient, e.conversationId, m);
        // A skipped seq, an e-mail's HTML, WeChat's window moving: read what the event does not carry.
        if (missed || (m.kind === 'in' && (e.channel === 'email' || e.channel === 'wechat'))) {
          const after = missed ? (held.messages[held.messages.length - 1]?.seq ?? 0) : m.seq - 1;
          void resync(queryClient, e.conversationId, after).catch(() => undefined);
        }
      }
      if (m.kind === 'in') {
        setTyping(({ [e.conversationId]: _gone, ...rest }) => rest);
        const { selectedId: open, visible: seen, muted } = latest.current;
        if (!seen || open !== e.conversationId) {
          if (!muted) beep();
          const conv = queryClient
            .getQueryData<Page>(conversationKeys.mine)
            ?.items.find((c) => c.id === e.conversationId);
          notify(
            t('desktopChat.alerts.newMessage', { name: conv ? customerLabel(conv) : t('desktopChat.customer') }),
            m.text || t('desktopChat.attachment'),
            e.conversationId,
            () => setSelectedId(e.conversationId),
          );
        }
      }
      return;
    }
    if (msg.name === 'conversations.message.state_changed') {
      const e = msg.payload as MessageStateChangedEvent;
      if (e.agentId !== userId) return;
      queryClient.setQueryData<ConversationDetail>(conversationKeys.detail(e.conversationId), (d) =>
        d ? { ...d, messages: withState(d.messages, e.messageIds, e.state, e.error) } : d,
      );
      return;
    }
    if (msg.name === 'conversations.conversation.updated') {
      const e = msg.payload as ConversationUpdatedEvent;
      // Supervisors hear every conversation's changes; the desktop follows the agent's own.
      if (e.agentId !== userId && e.previousAgentId !== userId) return;
      const held = queryClient.getQueryData<ConversationDetail>(conversationKeys.detail(e.conversationId));
      if (e.agentId !== userId) {
        queryClient.setQueryData<Page>(conversationKeys.mine, (p) =>
          p ? { ...p, items: p.items.filter((c) => c.id !== e.conversationId) } : p,
        );
        if (latest.current.selectedId === e.conversationId && held?.status !== 'ended') {
          void message.info(t('desktopChat.transferredAway'));
          setSelectedId(undefined);
        }
      }
      void queryClient.invalidateQueries({ queryKey: conversationKeys.mine });
      // A read only moves the counter; the thread is read again when the conversation itself changed.
      const changed =
        held && (held.status !== e.status || held.agentId !== e.agentId || held.contactId !== e.contactId);
      if (changed) void queryClient.invalidateQueries({ queryKey: conversationKeys.detail(e.conversationId) });
      else if (held)
        queryClient.setQueryData<ConversationDetail>(conversationKeys.detail(e.conversationId), (d) =>
          d ? { ...d, unread: e.unread } : d,
        );
      return;
    }
    if (msg.name === 'conversations.typing') {
      const e = msg.payload as TypingEvent;
      if (e.from !== 'customer' || e.agentId !== userId) return;
      setTyping((all) => ({ ...all, [e.conversationId]: Date.now() + TYPING_SHOWN_MS }));
    }
  });

  const ticket = useTicket(shown?.ticketId, session.can('tickets.view'));
  const values: CannedValues = {
    'customer.name': shown?.customerName,
    'agent.name': me?.displayName,
    'ticket.number': ticket.data?.number,
    'conversation.id': shown?.id,
  };

  return (
    <Card
      className="chat-area"
      data-testid={CHAT_IDS.area}
      title={
        <Flex gap={8} align="baseline">
          {t('desktopChat.title')}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('desktopChat.inHand', { count: list.data?.items.length ?? 0 })}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Flex gap={4}>
          {alerts.permission === 'default' ? (
            <Button
              size="small"
              icon={<BellOutlined />}
              onClick={() => void alerts.ask()}
              data-testid={CHAT_IDS.notify}
            >
              {t('desktopChat.alerts.enable')}
            </Button>
          ) : alerts.permission === 'denied' ? (
            <Typography.Text type="secondary">{t('desktopChat.alerts.denied')}</Typography.Text>
          ) : null}
          <Tooltip title={alerts.muted ? t('desktopChat.alerts.soundOff') : t('desktopChat.alerts.soundOn')}>
            <Button
              size="small"
              type={alerts.muted ? 'default' : 'text'}
              icon={<SoundOutlined style={alerts.muted ? { opacity: 0.4 } : undefined} />}
              aria-pressed={!alerts.muted}
              aria-label={t('desktopChat.alerts.sound')}
              onClick={() => alerts.setMuted(!alerts.muted)}
              data-testid={CHAT_IDS.sound}
            />
          </Tooltip>
        </Flex>
      }
      styles={{ body: { padding: 0 } }}
    >
      {list.error ? <QueryError message={errorMessage(list.error)} onRetry={() => void list.refetch()} /> : null}
      <div className="chat-layout">
        <div className="chat-layout-list">
          {list.isLoading ? (
            <Flex justify="center" style={{ padding: 24 }}>
              <Spin />
            </Flex>
          ) : (
            <ConversationList items={items} selectedId={selectedId} onSelect={setSelectedId} unreadOf={unreadOf} />
          )}
        </div>
        <div className="chat-layout-pane">
          {shown ? (
            <MessagePane
              detail={shown}
              typing={(typing[shown.id] ?? 0) > Date.now()}
              values={values}
              endedNote={wrapping ? t('desktopChat.wrapUpHint') : t('desktopChat.composer.ended')}
            />
          ) : detail.isLoading ? (
            <Flex justify="center" style={{ padding: 48 }}>
              <Spin />
            </Flex>
          ) : detail.error ? (
            <QueryError message={errorMessage(detail.error)} onRetry={() => void detail.refetch()} />
          ) : (
            <Empty className="chat-pick" description={t('desktopChat.pick')} />
          )}
        </div>
        <div className="chat-layout-side">
          {/* Beside the thread, so the agent can read it again while writing the notes. */}
          {wrapping ? <WrapUpPanel contact={wrapping} queues={queues} wrapUpUntil={wrapUpUntil} /> : null}
          {shown ? (
            <ConversationPanel
              detail={shown}
              contact={contactOf(shown.contactId)}
              queues={queues}
              ticketNumber={ticket.data?.number}
            />
          ) : null}
        </div>
      </div>
    </Card>
  );
}
