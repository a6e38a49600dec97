import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { type PromptRef, SAY_KINDS } from '../../../../contracts/ivr';
import type { PromptLanguage } from '../../../../contracts/prompts';
import { PromptSelect as Picker, PromptPlayButton as PlayButton } from '../../ui/prompt-select';
import { IVR_IDS } from './testids';

/** The shared prompt picker (ui/prompt-select) with the designer's test ids. */
export function PromptSelect(props: Omit<Parameters<typeof Picker>[0], 'testId'>) {
  return <Picker {...props} testId={IVR_IDS.promptSelect} />;
}

export function PromptPlayButton(props: Omit<Parameters<typeof PlayButton>[0], 'testId'>) {
  return <PlayButton {...props} testId={IVR_IDS.promptPlay} />;
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
