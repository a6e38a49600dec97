import { PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Prompt, PromptLanguage } from '../../../contracts/prompts';
import { promptAudioUrl, usePromptLibrary } from '../app/lookups';

/**
 * The prompt pickers of the IVR designer and the wallboard's 应急公告: a prompt of the library picked
 * by its description, and a play button. Test ids come from the feature that places them.
 */

type Option = { value: string; label: string; search: string; description?: string };
/** One folder of the library, or several for a key that plays in the caller's language. */
type Folders = PromptLanguage | readonly PromptLanguage[];

/**
 * The library's prompts of a folder (or several: the first folder's prompt of a key wins) as options:
 * the description in the UI language, else the key.
 */
function usePromptOptions(folder: Folders): { options: Option[]; loading: boolean; failed: boolean } {
  const { i18n } = useTranslation();
  const library = usePromptLibrary();
  const ui = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const folders: readonly PromptLanguage[] = typeof folder === 'string' ? [folder] : folder;
  const byKey = new Map<string, Prompt>();
  for (const f of folders) {
    for (const p of library.data ?? []) if (p.language === f && !byKey.has(p.key)) byKey.set(p.key, p);
  }
  const options = [...byKey.values()].map((p) => {
    const description = p.description?.[ui];
    return {
      value: p.key,
      label: description || p.key,
      description,
      search: [p.key, p.description?.['zh-CN'], p.description?.['en-US'], p.text].join(' ').toLowerCase(),
    };
  });
  return { options, loading: library.isLoading, failed: library.isError };
}

/** Plays a prompt of the library in the browser (a second click stops it). */
export function PromptPlayButton({
  folder,
  promptKey,
  testId,
}: {
  folder: PromptLanguage;
  promptKey: string | undefined;
  testId?: string;
}) {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement>(undefined);
  const [playing, setPlaying] = useState(false);
  useEffect(() => () => audio.current?.pause(), []);
  const toggle = () => {
    if (playing) {
      audio.current?.pause();
      setPlaying(false);
      return;
    }
    if (!promptKey) return;
    audio.current?.pause();
    const a = new Audio(promptAudioUrl(folder, promptKey));
    audio.current = a;
    a.onended = () => setPlaying(false);
    a.onerror = () => setPlaying(false);
    setPlaying(true);
    void a.play().catch(() => setPlaying(false));
  };
  return (
    <Tooltip title={playing ? t('prompt.stop') : t('prompt.play')}>
      <Button
        icon={playing ? <PauseCircleOutlined /> : <PlayCircleOutlined />}
        onClick={toggle}
        disabled={!promptKey}
        aria-label={playing ? t('prompt.stop') : t('prompt.play')}
        data-testid={testId}
      />
    </Tooltip>
  );
}

/** One prompt picked from a folder of the library, searchable by key, description or text. */
export function PromptSelect({
  folder,
  value,
  onChange,
  allowClear,
  testId,
  id,
}: {
  folder: Folders;
  value?: string;
  onChange?: (key: string | undefined) => void;
  allowClear?: boolean;
  testId?: string;
  /** Set by a Form.Item, so its label points at the control. */
  id?: string;
}) {
  const { t } = useTranslation();
  const { options, loading, failed } = usePromptOptions(folder);
  // Without the library (it needs telephony.manage), the key is typed.
  if (failed)
    return (
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value.trim() || undefined)}
        placeholder={t('prompt.pick')}
        allowClear={allowClear}
        autoComplete="off"
        data-testid={testId}
      />
    );
  // A key the library does not list (typed in the JSON) stays visible as itself.
  const all =
    value && !options.some((o) => o.value === value) ? [{ value, label: value, search: value }, ...options] : options;
  return (
    <Select<string, Option>
      id={id}
      showSearch={{ filterOption: (input, o) => !!o?.search.includes(input.trim().toLowerCase()) }}
      value={value}
      onChange={(v) => onChange?.(v)}
      allowClear={allowClear}
      loading={loading}
      placeholder={t('prompt.pick')}
      options={all}
      optionRender={(o) => (
        <Flex justify="space-between" gap={8}>
          <span>{o.data.label}</span>
          {o.data.description ? <Typography.Text type="secondary">{o.data.value}</Typography.Text> : null}
        </Flex>
      )}
      style={{ flex: 1, minWidth: 0 }}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
