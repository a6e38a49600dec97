import { PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Drawer, Empty, Flex, Input, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationDetail, ConversationMessage } from '../../../../contracts/conversations';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { conversationFileUrl, conversationKeys, useConversation, whisper } from './api';
import { customerLabel } from './customer-label';
import { KindIcon } from './kind-icon';
import { CHANNELS_IDS } from './testids';

/** The words of a system line ('ended:agent' …); an unknown code is shown as it is. */
function useSystemText() {
  const { t } = useTranslation();
  return (code: string) => t(`liveChats.system.${code.replace(/[:.]/g, '_')}`, { defaultValue: code });
}

function Attachments({ m }: { m: ConversationMessage }) {
  const { t } = useTranslation();
  if (m.attachments.length === 0) return null;
  return (
    <Flex wrap gap={8} className="msg-attachments">
      {m.attachments.map((a) => {
        const url = conversationFileUrl(m.conversationId, a.id);
        return a.image ? (
          <a key={a.id} href={url} target="_blank" rel="noopener noreferrer">
            <img src={url} alt={a.name} className="msg-image" />
          </a>
        ) : (
          <a
            key={a.id}
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`${t('liveChats.attachment')} ${a.name}`}
          >
            <PaperClipOutlined /> {a.name}
          </a>
        );
      })}
    </Flex>
  );
}

function Message({ m, customer }: { m: ConversationMessage; customer: string }) {
  const { t } = useTranslation();
  const systemText = useSystemText();
  if (m.kind === 'system') {
    return (
      <li className="msg msg-system">
        <Typography.Text type="secondary">
          {systemText(m.text)} · <DateTime value={m.createdAt} style="time" />
        </Typography.Text>
      </li>
    );
  }
  const who =
    m.kind === 'in'
      ? customer
      : m.kind === 'note'
        ? `${t('liveChats.from.note')} · ${m.authorName ?? ''}`
        : m.kind === 'whisper'
          ? `${t('liveChats.from.whisper')} · ${m.authorName ?? ''}`
          : (m.authorName ?? t('liveChats.from.agent'));
  return (
    <li className={`msg msg-${m.kind}`}>
      <div className="msg-head">
        <span>{who}</span>
        {m.kind === 'whisper' ? <Tag color="purple">{t('liveChats.whisperOnly')}</Tag> : null}
        <Typography.Text type="secondary">
          <DateTime value={m.createdAt} style="time" />
        </Typography.Text>
      </div>
      {m.subject ? <div className="msg-subject">{m.subject}</div> : null}
      {m.text ? <div className="msg-text">{m.text}</div> : null}
      <Attachments m={m} />
    </li>
  );
}

function WhisperBox({ c }: { c: ConversationDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const send = useMutation({
    mutationFn: () => whisper(c.id, text.trim()),
    onSuccess: () => {
      setText('');
      void message.success(t('liveChats.whisperSent'));
      void queryClient.invalidateQueries({ queryKey: conversationKeys.one(c.id) });
    },
    onError: (err) => void message.error(errorMessage(err)),
  });
  if (c.status === 'ended') return <Alert type="info" showIcon title={t('liveChats.whisperEnded')} />;
  const ready = text.trim().length > 0 && !send.isPending;
  return (
    <div className="whisper-box">
      <label htmlFor="live-whisper">
        <Typography.Text strong>{t('liveChats.whisper')}</Typography.Text>
      </label>
      {c.status === 'waiting' ? (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('liveChats.whisperWaiting')}
        </Typography.Paragraph>
      ) : null}
      <Input.TextArea
        id="live-whisper"
        value={text}
        maxLength={20_000}
        autoSize={{ minRows: 2, maxRows: 5 }}
        placeholder={t('liveChats.whisperPlaceholder')}
        data-testid={CHANNELS_IDS.whisperInput}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && ready) {
            e.preventDefault();
            send.mutate();
          }
        }}
      />
      <Flex justify="flex-end">
        <Button
          type="primary"
          icon={<SendOutlined />}
          disabled={!ready}
          loading={send.isPending}
          onClick={() => send.mutate()}
          data-testid={CHANNELS_IDS.whisperSend}
        >
          {t('liveChats.whisperSend')}
        </Button>
      </Flex>
    </div>
  );
}

/** One conversation, read-only, kept current while open; supervisors with control may whisper. */
export function TranscriptDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { can } = useSession();
  const conversation = useConversation(id);
  const c = conversation.data;
  const list = useRef<HTMLOListElement>(null);
  const last = c?.messages.at(-1)?.seq;
  const customer = c ? customerLabel(c, t('liveChats.anonymous')) : '';

  // Follow the conversation as it grows, like a chat window.
  useEffect(() => {
    if (last !== undefined) list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [last]);

  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={640}
      destroyOnHidden
      title={
        c ? (
          <Flex gap={8} align="center">
            <KindIcon kind={c.channel} />
            <span>{customer}</span>
            <Tag color={c.status === 'waiting' ? 'orange' : c.status === 'active' ? 'green' : 'default'}>
              {t(`liveChats.status.${c.status}`)}
            </Tag>
          </Flex>
        ) : (
          t('liveChats.transcript')
        )
      }
      footer={c && can('supervisor.control') ? <WhisperBox c={c} /> : undefined}
    >
      <div data-testid={CHANNELS_IDS.transcript}>
        {conversation.isLoading ? <Spin /> : null}
        {conversation.isError ? (
          <QueryError message={errorMessage(conversation.error)} onRetry={() => void conversation.refetch()} />
        ) : null}
        {c ? (
          <>
            <Descriptions
              size="small"
              column={2}
              style={{ marginBottom: 16 }}
              items={[
                {
                  key: 'channel',
                  label: t('liveChats.col.channel'),
                  children: `${t(`channels.kind.${c.channel}`)} · ${c.channelName}`,
                },
                { key: 'agent', label: t('liveChats.col.agent'), children: c.agentName ?? t('liveChats.noAgent') },
                { key: 'started', label: t('liveChats.startedAt'), children: <DateTime value={c.createdAt} /> },
                ...(c.customerPhone
                  ? [{ key: 'phone', label: t('channels.webchat.preChatField.phone'), children: c.customerPhone }]
                  : []),
                ...(c.customerEmail
                  ? [{ key: 'email', label: t('channels.webchat.preChatField.email'), children: c.customerEmail }]
                  : []),
                ...(c.questionType
                  ? [{ key: 'qt', label: t('liveChats.questionType'), children: c.questionType }]
                  : []),
                ...(c.subject ? [{ key: 'subject', label: t('liveChats.subject'), children: c.subject }] : []),
              ]}
            />
            {c.more ? <Alert type="info" showIcon title={t('liveChats.more')} style={{ marginBottom: 12 }} /> : null}
            {c.messages.length === 0 ? (
              <Empty description={t('liveChats.noMessages')} />
            ) : (
              <ol className="transcript" ref={list} aria-label={t('liveChats.transcript')} aria-live="polite">
                {c.messages.map((m) => (
                  <Message key={m.id} m={m} customer={customer} />
                ))}
              </ol>
            )}
          </>
        ) : null}
      </div>
    </Drawer>
  );
}
