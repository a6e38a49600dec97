import { Badge, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../../../contracts/conversations';
import { useNow } from '../../../ui/use-now';
import { ChannelIcon } from './channel-icon';
import { CHAT_IDS } from './testids';
import { relativeTime } from './time';

function When({ iso, now }: { iso: string; now: number }) {
  const { t, i18n } = useTranslation();
  const r = relativeTime(iso, now, i18n.language);
  const text =
    r.kind === 'now'
      ? t('desktopChat.now')
      : r.kind === 'minutes'
        ? t('desktopChat.minutesAgo', { count: r.minutes })
        : r.kind === 'today'
          ? r.time
          : r.kind === 'yesterday'
            ? t('desktopChat.yesterday', { time: r.time })
            : r.date;
  return (
    <time dateTime={iso} className="chat-item-time">
      {text}
    </time>
  );
}

/** Who the customer is, as far as the agent may see: a name, else the (masked) number or address. */
export function customerLabel(c: Conversation): string {
  return c.customerName || c.customerPhone || c.customerEmail || c.address;
}

/**
 * The agent's conversations, newest activity first: channel, customer, the last message, when, and
 * how many of the customer's messages are unread. Arrow keys move between them (a listbox).
 */
export function ConversationList({
  items,
  selectedId,
  onSelect,
  unreadOf,
}: {
  items: readonly Conversation[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
  /** The count to show (the open conversation's is zero while the agent looks at it). */
  unreadOf: (c: Conversation) => number;
}) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  if (items.length === 0)
    return (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desktopChat.empty')} className="chat-list-empty" />
    );
  const move = (from: number, step: number) => {
    const next = items[(from + step + items.length) % items.length];
    if (!next) return;
    onSelect(next.id);
    document.getElementById(`chat-item-${next.id}`)?.focus();
  };
  return (
    <div className="chat-list" role="listbox" aria-label={t('desktopChat.title')} data-testid={CHAT_IDS.list}>
      {items.map((c, i) => {
        const unread = unreadOf(c);
        const selected = c.id === selectedId;
        const preview = c.lastMessage === '[attachment]' ? t('desktopChat.attachment') : c.lastMessage;
        return (
          <div
            key={c.id}
            id={`chat-item-${c.id}`}
            role="option"
            aria-selected={selected}
            tabIndex={selected || (!selectedId && i === 0) ? 0 : -1}
            className={`chat-item${selected ? ' chat-item-selected' : ''}${c.status === 'ended' ? ' chat-item-ended' : ''}`}
            data-testid={CHAT_IDS.item(c.id)}
            data-selected={selected}
            data-unread={unread}
            onClick={() => onSelect(c.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                move(i, e.key === 'ArrowDown' ? 1 : -1);
              } else if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                onSelect(c.id);
              }
            }}
          >
            <div className="chat-item-icon">
              <ChannelIcon channel={c.channel} />
            </div>
            <div className="chat-item-body">
              <div className="chat-item-line">
                <Typography.Text strong ellipsis className="chat-item-name">
                  {customerLabel(c)}
                </Typography.Text>
                {c.lastMessageAt ? <When iso={c.lastMessageAt} now={now} /> : null}
              </div>
              <div className="chat-item-line">
                <Typography.Text type="secondary" ellipsis className="chat-item-preview">
                  {c.status === 'ended' ? t('desktopChat.status.ended') : (preview ?? c.subject ?? '')}
                </Typography.Text>
                {unread > 0 ? (
                  <Badge
                    count={unread}
                    overflowCount={99}
                    size="small"
                    title={t('desktopChat.unread', { count: unread })}
                    data-testid={CHAT_IDS.itemUnread}
                  />
                ) : null}
              </div>
            </div>
          </div>
        );
      })}
    </div>
  );
}
