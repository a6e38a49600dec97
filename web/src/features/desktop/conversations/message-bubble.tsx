import { ClockCircleOutlined, ExclamationCircleOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Image, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ConversationMessage, MessageAttachment } from '../../../../../contracts/conversations';
import { downloadFile } from '../../../app/api-client';
import { useErrorMessage } from '../../../app/errors';
import { useDateTimeFormat } from '../../../ui/date-time';
import { filePath, useFileUrl } from './api';
import { EmailBody, QuotedText } from './email-body';
import { CHAT_IDS } from './testids';
import { clockTime } from './time';

/** ✓ sent, ✓✓ delivered, ✓✓ in blue read; a clock while queued, a red mark when it failed. */
function DeliveryMark({ message: m }: { message: ConversationMessage }) {
  const { t } = useTranslation();
  if (m.kind !== 'out') return null;
  const label = t(`desktopChat.state.${m.state === 'received' ? 'sent' : m.state}`);
  const mark =
    m.state === 'queued' ? (
      <ClockCircleOutlined />
    ) : m.state === 'failed' ? (
      <ExclamationCircleOutlined style={{ color: '#ff4d4f' }} />
    ) : m.state === 'sent' ? (
      '✓'
    ) : (
      '✓✓'
    );
  return (
    <Tooltip title={m.state === 'failed' && m.error ? `${label}: ${m.error}` : label}>
      <span className={`chat-mark chat-mark-${m.state}`} role="img" aria-label={label}>
        {mark}
      </span>
    </Tooltip>
  );
}

function InlineImage({ conversationId, file }: { conversationId: string; file: MessageAttachment }) {
  const { t } = useTranslation();
  const url = useFileUrl(conversationId, file.id);
  if (!url) return <div className="chat-image-placeholder" aria-busy="true" />;
  return <Image src={url} alt={t('desktopChat.image', { name: file.name })} className="chat-image" />;
}

function FileLink({ conversationId, file }: { conversationId: string; file: MessageAttachment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  return (
    <Button
      size="small"
      icon={<PaperClipOutlined />}
      className="chat-file"
      aria-label={t('desktopChat.download', { name: file.name })}
      onClick={() =>
        void downloadFile(filePath(conversationId, file.id), undefined, file.name).catch((err: unknown) => {
          void message.error(errorMessage(err));
        })
      }
    >
      {file.name} <span className="muted">({formatSize(file.size)})</span>
    </Button>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const SYSTEM_KEYS = new Set(['ended:agent', 'ended:customer', 'ended:system']);

/** One line of the pane: the customer on the left, the agent on the right, notes and whispers marked. */
export function MessageBubble({ message: m }: { message: ConversationMessage }) {
  const { t } = useTranslation();
  const format = useDateTimeFormat();
  const common = {
    'data-testid': CHAT_IDS.message,
    'data-kind': m.kind,
    'data-seq': m.seq,
    'data-state': m.state,
  };
  if (m.kind === 'system') {
    const text = SYSTEM_KEYS.has(m.text) ? t(`desktopChat.system.${m.text.replace(':', '_')}`) : m.text;
    return (
      <div className="chat-row chat-row-system" {...common}>
        <span className="chat-system">
          {text} · {clockTime(m.createdAt)}
        </span>
      </div>
    );
  }
  const mine = m.kind !== 'in';
  return (
    <div className={`chat-row ${mine ? 'chat-row-mine' : 'chat-row-theirs'}`} {...common}>
      <div className={`chat-bubble chat-bubble-${m.kind}`}>
        {m.kind === 'note' ? <Tag color="gold">{t('desktopChat.note')}</Tag> : null}
        {m.kind === 'whisper' ? <Tag color="purple">{t('desktopChat.whisper')}</Tag> : null}
        {m.subject && m.kind === 'in' ? (
          <div className="chat-subject">{t('desktopChat.emailSubject', { subject: m.subject })}</div>
        ) : null}
        {m.html ? (
          <EmailBody html={m.html} quoted={m.quoted} />
        ) : (
          <>
            {m.text ? <div className="chat-text">{m.text}</div> : null}
            {m.quoted ? <QuotedText quoted={m.quoted} /> : null}
          </>
        )}
        {m.attachments.length > 0 ? (
          <div className="chat-attachments">
            {m.attachments.map((a) =>
              a.image ? (
                <InlineImage key={a.id} conversationId={m.conversationId} file={a} />
              ) : (
                <FileLink key={a.id} conversationId={m.conversationId} file={a} />
              ),
            )}
          </div>
        ) : null}
        <div className="chat-meta">
          {mine && m.authorName ? <span>{m.authorName}</span> : null}
          <time dateTime={m.createdAt} title={format(m.createdAt)}>
            {clockTime(m.createdAt)}
          </time>
          <DeliveryMark message={m} />
        </div>
      </div>
    </div>
  );
}
