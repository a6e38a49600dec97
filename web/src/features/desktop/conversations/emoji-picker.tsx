import { SmileOutlined } from '@ant-design/icons';
import { Button, Popover } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAT_IDS } from './testids';

/** The emoji agents reach for in service chats: greetings, thanks, apologies, OK. Fixed on purpose. */
const EMOJI = [
  '😀',
  '😁',
  '😂',
  '🙂',
  '😊',
  '😉',
  '😍',
  '😘',
  '😎',
  '🤔',
  '😅',
  '😢',
  '😭',
  '😤',
  '😡',
  '😱',
  '👍',
  '👎',
  '👌',
  '🙏',
  '👏',
  '🤝',
  '💪',
  '✌️',
  '👋',
  '🎉',
  '🎁',
  '❤️',
  '💔',
  '⭐',
  '🔥',
  '✅',
  '❌',
  '⚠️',
  '📞',
  '📧',
  '📦',
  '🚚',
  '⏰',
  '💰',
];

export function EmojiPicker({ onPick, disabled }: { onPick: (emoji: string) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="topLeft"
      content={
        <div className="chat-emoji-grid" role="listbox" aria-label={t('desktopChat.composer.emoji')}>
          {EMOJI.map((e) => (
            <button
              key={e}
              type="button"
              role="option"
              aria-selected={false}
              className="chat-emoji"
              onClick={() => {
                onPick(e);
                setOpen(false);
              }}
            >
              {e}
            </button>
          ))}
        </div>
      }
    >
      <Button
        type="text"
        icon={<SmileOutlined />}
        disabled={disabled}
        aria-label={t('desktopChat.composer.emoji')}
        data-testid={CHAT_IDS.emoji}
      />
    </Popover>
  );
}
