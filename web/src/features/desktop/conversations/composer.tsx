import { CloseOutlined, LoadingOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Segmented, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { type ClipboardEvent, type KeyboardEvent, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CannedReply,
  Conversation,
  ConversationMessage,
  MessageAttachment,
} from '../../../../../contracts/conversations';
import { smsInfo } from '../../../../../contracts/sms-segments';
import { useErrorMessage } from '../../../app/errors';
import { useDateTimeFormat } from '../../../ui/date-time';
import { useNow } from '../../../ui/use-now';
import { sendMessage, sendTyping, uploadFile, useCannedReplies } from './api';
import { type CannedValues, fillVariables, filterCanned, insertAt, replaceSlash, slashQuery } from './canned';
import { EmojiPicker } from './emoji-picker';
import { CHAT_IDS } from './testids';

/** How often the customer is told the agent is typing (the widget shows it for a few seconds). */
const TYPING_EVERY_MS = 2_000;

/** Drafts per conversation, kept while the agent switches between conversations. */
const drafts = new Map<string, string>();

/** The id that makes a send idempotent: a double click or a retry after a lost reply stores one message. */
function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; a plain-HTTP installation on the LAN still gets a random id.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

type Mode = 'out' | 'note';

export function Composer({
  conversation: c,
  values,
  onSent,
}: {
  conversation: Conversation;
  /** What canned replies' variables are filled with. */
  values: CannedValues;
  onSent: (m: ConversationMessage) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const format = useDateTimeFormat();
  const canned = useCannedReplies();
  const [text, setTextState] = useState(() => drafts.get(c.id) ?? '');
  const [caret, setCaret] = useState(text.length);
  const [mode, setMode] = useState<Mode>('out');
  const [files, setFiles] = useState<MessageAttachment[]>([]);
  const [uploading, setUploading] = useState(0);
  const [sending, setSending] = useState(false);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number>();
  const area = useRef<TextAreaRef>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const clientId = useRef<string | undefined>(undefined);
  const busy = useRef(false);
  const lastTyping = useRef(0);
  const nextCaret = useRef<number | undefined>(undefined);

  const windowClosesAt = c.replyWindowClosesAt;
  // Re-read every 30 s: the window closes while the pane stays open.
  const now = useNow(30_000);
  const windowClosed = windowClosesAt !== null && new Date(windowClosesAt).getTime() < now;
  const replyBlocked = mode === 'out' && windowClosed;

  const setText = (value: string, at?: number) => {
    setTextState(value);
    drafts.set(c.id, value);
    // A changed text is a new message: a failed send's id must not swallow it.
    clientId.current = undefined;
    if (at !== undefined) {
      nextCaret.current = at;
      setCaret(at);
    }
  };
  useLayoutEffect(() => {
    const el = area.current?.resizableTextArea?.textArea;
    if (el && nextCaret.current !== undefined) {
      el.focus();
      el.setSelectionRange(nextCaret.current, nextCaret.current);
      nextCaret.current = undefined;
    }
  });

  const slash = slashQuery(text, caret);
  const cannedOpen = slash !== undefined && slash.start !== dismissedAt;
  const matches: CannedReply[] = cannedOpen ? filterCanned(canned.data ?? [], slash.query) : [];
  const chosen = Math.min(active, Math.max(0, matches.length - 1));

  const insertCanned = (r: CannedReply) => {
    if (!slash) return;
    const next = replaceSlash(text, caret, slash, fillVariables(r.text, values));
    setText(next.text, next.caret);
    setActive(0);
  };

  const send = async () => {
    if (busy.current || uploading > 0 || replyBlocked) return;
    if (!text.trim() && files.length === 0) return;
    busy.current = true;
    setSending(true);
    clientId.current ??= newClientId();
    try {
      const sent = await sendMessage(c.id, {
        kind: mode,
        text,
        attachmentIds: files.map((f) => f.id),
        clientId: clientId.current,
      });
      onSent(sent);
      setText('');
      setFiles([]);
      drafts.delete(c.id);
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      busy.current = false;
      setSending(false);
    }
  };

  const upload = async (file: File, name: string) => {
    setUploading((n) => n + 1);
    try {
      const stored = await uploadFile(c.id, file, name);
      setFiles((list) => [...list, stored]);
      clientId.current = undefined;
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setUploading((n) => n - 1);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // An input method composing (拼音 candidates) owns Enter and the arrows until it commits.
    if (e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (cannedOpen && matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((chosen + step + matches.length) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        insertCanned(matches[chosen]!);
        return;
      }
    }
    if (cannedOpen && e.key === 'Escape') {
      e.preventDefault();
      setDismissedAt(slash.start);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      void send();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const pasted = Array.from(e.clipboardData.files);
    if (pasted.length === 0) return;
    if (!e.clipboardData.getData('text/plain')) e.preventDefault();
    for (const f of pasted) void upload(f, f.name || `pasted-${Date.now()}.${f.type.split('/')[1] ?? 'png'}`);
  };

  const onChange = (value: string, at: number) => {
    setText(value);
    setCaret(at);
    if (mode === 'out' && value && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      void sendTyping(c.id).catch(() => undefined);
    }
  };

  const sms = c.channel === 'sms' && mode === 'out' ? smsInfo(text) : undefined;
  const listId = `chat-canned-${c.id}`;

  return (
    <div className={`chat-composer${mode === 'note' ? ' chat-composer-note' : ''}`}>
      {cannedOpen ? (
        <div className="chat-canned" data-testid={CHAT_IDS.canned}>
          <div className="chat-canned-head">
            <Typography.Text strong>{t('desktopChat.composer.cannedTitle')}</Typography.Text>
            <Typography.Text type="secondary">{t('desktopChat.composer.cannedHint')}</Typography.Text>
          </div>
          <div role="listbox" id={listId} aria-label={t('desktopChat.composer.cannedTitle')}>
            {matches.length === 0 ? (
              <div className="chat-canned-empty">{t('desktopChat.composer.cannedNone')}</div>
            ) : (
              matches.map((r, i) => (
                <div
                  key={r.id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === chosen}
                  tabIndex={-1}
                  className={`chat-canned-item${i === chosen ? ' chat-canned-active' : ''}`}
                  data-testid={CHAT_IDS.cannedItem(r.shortcut)}
                  onMouseEnter={() => setActive(i)}
                  onMouseDown={(e) => {
                    // Keeps the focus (and the caret) in the textarea.
                    e.preventDefault();
                    insertCanned(r);
                  }}
                >
                  <span className="chat-canned-shortcut">/{r.shortcut}</span>
                  <span className="chat-canned-title">{r.title}</span>
                  <span className="chat-canned-text">{r.text}</span>
                </div>
              ))
            )}
          </div>
        </div>
      ) : null}
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Segmented<Mode>
          size="small"
          value={mode}
          onChange={(m) => setMode(m)}
          options={[
            { value: 'out', label: t('desktopChat.composer.reply') },
            { value: 'note', label: t('desktopChat.composer.note') },
          ]}
          data-testid={CHAT_IDS.mode}
        />
        <Flex gap={4} align="center">
          <EmojiPicker
            onPick={(emoji) => {
              const el = area.current?.resizableTextArea?.textArea;
              const from = el?.selectionStart ?? text.length;
              const to = el?.selectionEnd ?? text.length;
              const next = insertAt(text, from, to, emoji);
              setText(next.text, next.caret);
            }}
          />
          <Button
            type="text"
            icon={uploading > 0 ? <LoadingOutlined /> : <PaperClipOutlined />}
            aria-label={t('desktopChat.composer.attach')}
            onClick={() => fileInput.current?.click()}
            data-testid={CHAT_IDS.attach}
          />
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            data-testid={CHAT_IDS.fileInput}
            onChange={(e) => {
              for (const f of Array.from(e.target.files ?? [])) void upload(f, f.name);
              e.target.value = '';
            }}
          />
        </Flex>
      </Flex>
      {files.length > 0 || uploading > 0 ? (
        <Flex gap={4} wrap className="chat-pending-files">
          {files.map((f) => (
            <Tag
              key={f.id}
              icon={<PaperClipOutlined />}
              closable
              closeIcon={<CloseOutlined aria-label={t('desktopChat.composer.removeFile', { name: f.name })} />}
              onClose={() => setFiles((list) => list.filter((x) => x.id !== f.id))}
              data-testid={CHAT_IDS.pendingFile}
            >
              {f.name}
            </Tag>
          ))}
          {uploading > 0 ? <Tag icon={<LoadingOutlined />}>{t('desktopChat.composer.uploading')}</Tag> : null}
        </Flex>
      ) : null}
      <Input.TextArea
        ref={area}
        value={text}
        autoSize={{ minRows: 2, maxRows: 8 }}
        placeholder={t(mode === 'note' ? 'desktopChat.composer.notePlaceholder' : 'desktopChat.composer.placeholder')}
        aria-label={t(mode === 'note' ? 'desktopChat.composer.note' : 'desktopChat.composer.reply')}
        role="combobox"
        aria-expanded={cannedOpen}
        aria-controls={cannedOpen ? listId : undefined}
        aria-activedescendant={cannedOpen && matches.length > 0 ? `${listId}-${chosen}` : undefined}
        aria-autocomplete="list"
        onChange={(e) => onChange(e.target.value, e.target.selectionStart)}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        data-testid={CHAT_IDS.composer}
      />
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text type="secondary" className="chat-composer-info">
          {sms ? (
            <span data-testid={CHAT_IDS.smsCounter}>
              {t(`desktopChat.sms.encoding.${sms.encoding}`)} ·{' '}
              {t('desktopChat.sms.counter', {
                chars: Array.from(text).length,
                parts: sms.parts,
                left: sms.charsLeftInPart,
              })}
            </span>
          ) : null}
          {windowClosesAt && !windowClosed ? (
            <span data-testid={CHAT_IDS.wechatWindow}>
              {t('desktopChat.wechat.windowOpen', { time: format(windowClosesAt) })}
            </span>
          ) : null}
        </Typography.Text>
        <Button
          type="primary"
          icon={<SendOutlined />}
          loading={sending}
          disabled={replyBlocked || uploading > 0 || (!text.trim() && files.length === 0)}
          onClick={() => void send()}
          data-testid={CHAT_IDS.send}
        >
          {mode === 'note' ? t('desktopChat.composer.addNote') : t('desktopChat.composer.send')}
        </Button>
      </Flex>
      {windowClosed && windowClosesAt ? (
        <Typography.Text type="warning" data-testid={CHAT_IDS.wechatWindow}>
          {t('desktopChat.wechat.windowClosed', { time: format(windowClosesAt) })}
        </Typography.Text>
      ) : null}
    </div>
  );
}
