import { BoldOutlined, LinkOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Popover, Tooltip } from 'antd';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Props = {
  value?: string;
  onChange?: (html: string) => void;
  id?: string;
  testId?: string;
  disabled?: boolean;
  'aria-label'?: string;
};

/**
 * A small rich-text editor: a contentEditable area and a toolbar (bold, heading, lists, link) through
 * document.execCommand. The server sanitises whatever it produces to its small set of tags.
 * Ctrl/⌘+B works inside the text; the toolbar buttons are ordinary buttons reached with Tab.
 */
export function BodyEditor({ value = '', onChange, id, testId, disabled = false, 'aria-label': ariaLabel }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // What this editor last reported: a value from outside (a reset, a loaded version) is written in.
  const emitted = useRef<string | null>(null);
  const saved = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [url, setUrl] = useState('https://');

  useEffect(() => {
    // New paragraphs as <p>, not the browser's default <div>.
    document.execCommand('defaultParagraphSeparator', false, 'p');
  }, []);

  useEffect(() => {
    if (ref.current && value !== emitted.current) {
      ref.current.innerHTML = value;
      emitted.current = value;
    }
  }, [value]);

  const emit = () => {
    const html = ref.current?.innerHTML ?? '';
    if (html === emitted.current) return;
    emitted.current = html;
    onChange?.(html);
  };
  const run = (command: string, arg?: string) => {
    ref.current?.focus();
    document.execCommand(command, false, arg);
    emit();
  };
  const heading = () => {
    const current = document.queryCommandValue('formatBlock').toLowerCase();
    run('formatBlock', current === 'h3' ? 'p' : 'h3');
  };
  const saveSelection = () => {
    const selection = window.getSelection();
    const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    saved.current = range && ref.current?.contains(range.commonAncestorContainer) ? range.cloneRange() : null;
  };
  const insertLink = () => {
    const href = url.trim();
    setLinkOpen(false);
    if (!/^(https?:\/\/|mailto:)\S+$/i.test(href)) return;
    ref.current?.focus();
    const selection = window.getSelection();
    if (saved.current && selection) {
      selection.removeAllRanges();
      selection.addRange(saved.current);
    }
    if (selection && !selection.isCollapsed) document.execCommand('createLink', false, href);
    else
      document.execCommand(
        'insertHTML',
        false,
        `<a href="${href.replace(/"/g, '&quot;')}">${href.replace(/</g, '&lt;')}</a>`,
      );
    emit();
  };
  const keepSelection = { onMouseDown: (e: { preventDefault: () => void }) => e.preventDefault() };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
      e.preventDefault();
      saveSelection();
      setLinkOpen(true);
    }
  };

  return (
    <div style={{ border: '1px solid var(--ant-color-border, #d9d9d9)', borderRadius: 8 }}>
      <Flex
        gap={4}
        role="toolbar"
        aria-label={t('knowledge.editor.toolbar')}
        style={{ padding: 4, borderBottom: '1px solid var(--ant-color-border-secondary, #f0f0f0)' }}
      >
        <Tooltip title={t('knowledge.editor.bold')}>
          <Button
            type="text"
            icon={<BoldOutlined />}
            aria-label={t('knowledge.editor.bold')}
            {...keepSelection}
            onClick={() => run('bold')}
          />
        </Tooltip>
        <Tooltip title={t('knowledge.editor.heading')}>
          <Button type="text" aria-label={t('knowledge.editor.heading')} {...keepSelection} onClick={heading}>
            <strong>H</strong>
          </Button>
        </Tooltip>
        <Tooltip title={t('knowledge.editor.bullets')}>
          <Button
            type="text"
            icon={<UnorderedListOutlined />}
            aria-label={t('knowledge.editor.bullets')}
            {...keepSelection}
            onClick={() => run('insertUnorderedList')}
          />
        </Tooltip>
        <Tooltip title={t('knowledge.editor.numbers')}>
          <Button
            type="text"
            icon={<OrderedListOutlined />}
            aria-label={t('knowledge.editor.numbers')}
            {...keepSelection}
            onClick={() => run('insertOrderedList')}
          />
        </Tooltip>
        <Popover
          open={linkOpen}
          onOpenChange={setLinkOpen}
          trigger="click"
          content={
            <Flex gap={8}>
              <Input
                autoFocus
                style={{ width: 280 }}
                value={url}
                aria-label={t('knowledge.editor.linkUrl')}
                onChange={(e) => setUrl(e.target.value)}
                onPressEnter={(e) => {
                  e.preventDefault();
                  insertLink();
                }}
              />
              <Button type="primary" onClick={insertLink}>
                {t('knowledge.editor.linkInsert')}
              </Button>
            </Flex>
          }
        >
          <Tooltip title={t('knowledge.editor.link')}>
            <Button
              type="text"
              icon={<LinkOutlined />}
              aria-label={t('knowledge.editor.link')}
              onMouseDown={(e) => {
                e.preventDefault();
                saveSelection();
              }}
            />
          </Tooltip>
        </Popover>
      </Flex>
      {/* biome-ignore lint/a11y/useSemanticElements: rich text needs a contentEditable element; a textarea holds plain text only. */}
      <div
        ref={ref}
        id={id}
        role="textbox"
        tabIndex={0}
        aria-multiline="true"
        aria-label={ariaLabel}
        contentEditable={!disabled}
        aria-disabled={disabled}
        suppressContentEditableWarning
        className="knowledge-article-body"
        data-testid={testId}
        onInput={emit}
        onBlur={emit}
        onKeyDown={onKeyDown}
        style={{ minHeight: 220, padding: '8px 12px', outline: 'none', lineHeight: 1.75, overflowWrap: 'anywhere' }}
      />
    </div>
  );
}
