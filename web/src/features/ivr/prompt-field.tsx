import { DeleteOutlined, PauseCircleOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Space, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PromptRef, SAY_KINDS } from '../../../../contracts/ivr';
import type { PromptLanguage } from '../../../../contracts/prompts';
import { type LibraryPrompt, promptAudioUrl, usePromptLibrary } from './api';
import { IVR_IDS } from './testids';

type Option = { value: string; label: string; search: string; description?: string };

/** The library's prompts of one folder as options: the description in the UI language, else the key. */
function usePromptOptions(folder: PromptLanguage): { options: Option[]; loading: boolean; failed: boolean } {
  const { i18n } = useTranslation();
  const library = usePromptLibrary();
  const ui = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const options = (library.data ?? [])
    .filter((p: LibraryPrompt) => p.language === folder)
    .map((p: LibraryPrompt) => {
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
export function PromptPlayButton({ folder, promptKey }: { folder: PromptLanguage; promptKey: string | undefined }) {
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
    <Tooltip title={playing ? t('ivr.fields.stop') : t('ivr.fields.play')}>
      <Button
        icon={playing ? <PauseCircleOutlined /> : <PlayCircleOutlined />}
        onClick={toggle}
        disabled={!promptKey}
        aria-label={playing ? t('ivr.fields.stop') : t('ivr.fields.play')}
        data-testid={IVR_IDS.promptPlay}
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
}: {
  folder: PromptLanguage;
  value?: string;
  onChange?: (key: string | undefined) => void;
  allowClear?: boolean;
}) {
  const { t } = useTranslation();
  const { options, loading, failed } = usePromptOptions(folder);
  // Without the library (it needs telephony.manage), the key is typed.
  if (failed)
    return (
      <Input
        value={value}
        onChange={(e) => onChange?.(e.target.value.trim() || undefined)}
        placeholder={t('ivr.fields.pickPrompt')}
        allowClear={allowClear}
        autoComplete="off"
        data-testid={IVR_IDS.promptSelect}
      />
    );
  // A key the library does not list (typed in the JSON) stays visible as itself.
  const all =
    value && !options.some((o) => o.value === value) ? [{ value, label: value, search: value }, ...options] : options;
  return (
    <Select<string, Option>
      showSearch={{ filterOption: (input, o) => !!o?.search.includes(input.trim().toLowerCase()) }}
      value={value}
      onChange={(v) => onChange?.(v)}
      allowClear={allowClear}
      loading={loading}
      placeholder={t('ivr.fields.pickPrompt')}
      options={all}
      optionRender={(o) => (
        <Flex justify="space-between" gap={8}>
          <span>{o.data.label}</span>
          {o.data.description ? <Typography.Text type="secondary">{o.data.value}</Typography.Text> : null}
        </Flex>
      )}
      style={{ flex: 1, minWidth: 0 }}
      popupMatchSelectWidth={false}
      data-testid={IVR_IDS.promptSelect}
    />
  );
}

/** A node's prompts (a form control): library prompts with a play button, and numbers read out. */
export function PromptListField({
  folder,
  value = [],
  onChange,
}: {
  folder: PromptLanguage;
  value?: PromptRef[];
  onChange?: (value: PromptRef[]) => void;
}) {
  const { t } = useTranslation();
  const set = (i: number, ref: PromptRef) => onChange?.(value.map((r, j) => (j === i ? ref : r)));
  const remove = (i: number) => onChange?.(value.filter((_, j) => j !== i));
  return (
    <Flex vertical gap={6}>
      {value.map((ref, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: prompts are a list the admin orders; the index is its identity
        <Space.Compact key={i} style={{ width: '100%' }}>
          {'prompt' in ref ? (
            <>
              <PromptSelect folder={folder} value={ref.prompt} onChange={(k) => set(i, { prompt: k ?? '' })} />
              <PromptPlayButton folder={folder} promptKey={ref.prompt} />
            </>
          ) : (
            <>
              <Select
                value={ref.say}
                onChange={(say) => set(i, { ...ref, say })}
                options={SAY_KINDS.map((k) => ({ value: k, label: t(`ivr.fields.sayKinds.${k}`) }))}
                style={{ width: 130 }}
              />
              <Input
                value={ref.value}
                onChange={(e) => set(i, { ...ref, value: e.target.value })}
                placeholder={t('ivr.fields.sayValue', { example: '{{caller}}' })}
              />
            </>
          )}
          <Button icon={<DeleteOutlined />} onClick={() => remove(i)} aria-label={t('ivr.fields.remove')} />
        </Space.Compact>
      ))}
      <Space size={4}>
        <Button size="small" icon={<PlusOutlined />} onClick={() => onChange?.([...value, { prompt: '' }])}>
          {t('ivr.fields.addPrompt')}
        </Button>
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => onChange?.([...value, { say: 'digits', value: '{{caller}}' }])}
        >
          {t('ivr.fields.addSay')}
        </Button>
      </Space>
    </Flex>
  );
}
