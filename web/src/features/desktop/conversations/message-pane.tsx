import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationDetail, ConversationMessage } from '../../../../../contracts/conversations';
import { addMessage, loadOlder } from './api';
import type { CannedValues } from './canned';
import { ChannelIcon } from './channel-icon';
import { Composer } from './composer';
import { MessageBubble } from './message-bubble';
import { CHAT_IDS } from './testids';

/** How close to an edge counts as "at" it: new messages follow the bottom, older ones load at the top. */
const EDGE_PX = 48;

/**
 * The thread of one conversation: older messages load when the agent scrolls to the top (the view
 * stays where it was), new ones follow at the bottom while the agent is there. Below it the
 * composer, or once the conversation ended a line saying so.
 */
export function MessagePane({
  detail,
  typing,
  values,
  endedNote,
}: {
  detail: ConversationDetail;
  typing: boolean;
  values: CannedValues;
  /** Shown instead of the composer once the conversation has ended. */
  endedNote: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const restore = useRef<{ height: number; top: number } | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const messages = detail.messages;
  const lastSeq = messages[messages.length - 1]?.seq;

  const older = useCallback(async () => {
    const el = scroller.current;
    if (loading || !detail.more || !el) return;
    setLoading(true);
    restore.current = { height: el.scrollHeight, top: el.scrollTop };
    try {
      await loadOlder(queryClient, detail.id);
    } catch {
      restore.current = undefined;
    } finally {
      setLoading(false);
    }
  }, [loading, detail.more, detail.id, queryClient]);

  // After older messages came in, keep the same message under the agent's eyes; after a new one, follow it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the thread grows (or the typing line shows), reading the DOM
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (restore.current) {
      el.scrollTop = el.scrollHeight - restore.current.height + restore.current.top;
      restore.current = undefined;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages.length, lastSeq, typing]);
  // A newly opened conversation starts at its latest message.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when another conversation opens
  useLayoutEffect(() => {
    atBottom.current = true;
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [detail.id]);

  // The thread's box shrinks (the composer grows, an ending replaces it) and its content grows (an
  // image loads): the bottom stays in view for an agent who was there.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const follow = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    follow.observe(el);
    if (content.current) follow.observe(content.current);
    return () => follow.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE_PX;
    if (el.scrollTop < EDGE_PX && detail.more) void older();
  };

  const onSent = (m: ConversationMessage) => {
    atBottom.current = true;
    addMessage(queryClient, detail.id, m);
  };

  const who = detail.customerName || detail.customerPhone || detail.customerEmail || detail.address;
  const ended = detail.status === 'ended';

  return (
    <div className="chat-pane" data-testid={CHAT_IDS.pane} data-conversation-id={detail.id} data-status={detail.status}>
      <Flex className="chat-pane-head" align="center" gap={8}>
        <ChannelIcon channel={detail.channel} />
        <Typography.Text strong ellipsis>
          {who}
        </Typography.Text>
        {detail.subject ? (
          <Typography.Text type="secondary" ellipsis>
            {detail.subject}
          </Typography.Text>
        ) : null}
        <Tag className="chat-pane-status" color={ended ? 'default' : detail.status === 'active' ? 'blue' : 'orange'}>
          {t(`desktopChat.status.${detail.status}`)}
        </Tag>
      </Flex>
      <div className="chat-scroll" ref={scroller} onScroll={onScroll}>
        <div ref={content} aria-live="polite" aria-relevant="additions">
          {detail.more ? (
            <Flex justify="center">
              <Button
                size="small"
                type="link"
                loading={loading}
                onClick={() => void older()}
                data-testid={CHAT_IDS.loadOlder}
              >
                {t('desktopChat.loadOlder')}
              </Button>
            </Flex>
          ) : messages.length > 0 ? (
            <div className="chat-row chat-row-system">
              <span className="chat-system muted">{t('desktopChat.noOlder')}</span>
            </div>
          ) : null}
          {messages.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
          {messages.map((m) => (
            <MessageBubble key={m.id} message={m} />
          ))}
          {typing && !ended ? (
            <div className="chat-typing" data-testid={CHAT_IDS.typing}>
              <Spin size="small" /> {t('desktopChat.typing')}
            </div>
          ) : null}
        </div>
      </div>
      {ended ? (
        <div className="chat-pane-foot">
          <Alert type="info" showIcon title={endedNote} />
        </div>
      ) : (
        <Composer key={detail.id} conversation={detail} values={values} onSent={onSent} />
      )}
    </div>
  );
}
