import { Button, Card, Flex, InputNumber, Slider, Typography } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WFM_IDS } from './testids';

export type WhatIf = { volume: number; aht: number };

const MIN = -50;
const MAX = 100;
const marks = { [-50]: '−50%', 0: '0', 100: '+100%' };

/**
 * 假设分析: volume and handle time changed by a percent. The slider asks the server when it is let
 * go (not on every pixel); the number beside it when typed.
 */
export function WhatIfPanel({
  value,
  onChange,
  style,
}: {
  value: WhatIf;
  onChange: (next: WhatIf) => void;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);

  const row = (key: keyof WhatIf, label: string, testId: string) => (
    <div>
      <Typography.Text>{label}</Typography.Text>
      <Flex gap={12} align="center">
        <Slider
          style={{ flex: 1, marginInline: 16 }}
          min={MIN}
          max={MAX}
          step={5}
          marks={marks}
          value={draft[key]}
          tooltip={{ formatter: (v) => `${(v ?? 0) > 0 ? '+' : ''}${v}%` }}
          onChange={(v: number) => setDraft({ ...draft, [key]: v })}
          onChangeComplete={(v: number) => onChange({ ...value, [key]: v })}
          aria-label={label}
        />
        <InputNumber
          min={MIN}
          max={MAX}
          step={5}
          suffix="%"
          style={{ width: 96 }}
          value={draft[key]}
          onChange={(v) => {
            if (typeof v === 'number') onChange({ ...value, [key]: v });
          }}
          aria-label={label}
          data-testid={testId}
        />
      </Flex>
    </div>
  );

  return (
    <Card
      title={t('wfm.requirements.whatIf')}
      style={style}
      extra={
        <Button
          size="small"
          disabled={value.volume === 0 && value.aht === 0}
          onClick={() => onChange({ volume: 0, aht: 0 })}
        >
          {t('wfm.requirements.reset')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('wfm.requirements.whatIfHelp')}</Typography.Paragraph>
      <Flex vertical gap={16}>
        {row('volume', t('wfm.requirements.volume'), WFM_IDS.reqVolume)}
        {row('aht', t('wfm.requirements.aht'), WFM_IDS.reqAht)}
      </Flex>
    </Card>
  );
}
