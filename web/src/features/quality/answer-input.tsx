import { Checkbox, Flex, InputNumber, Radio } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ItemAnswer, ScorecardItem } from '../../../../contracts/quality';

/** An answer as a person reads it: 达标 / 未达标 / 不适用, a scale step or points. */
export function answerText(t: TFunction, item: ScorecardItem | undefined, a: ItemAnswer | null | undefined): string {
  if (a === null || a === undefined) return t('common.none');
  if (a === 'pass' || a === 'fail' || a === 'na') return t(`quality.answer.${a}`);
  if (item?.answerType === 'scale') return t('quality.answer.scale', { value: a, max: item.scaleMax });
  return t('quality.answer.points', { count: a });
}

type Ids = { answer: (key: string, value: string | number) => string; points: (key: string) => string };

/**
 * One item's answer, as its scorecard says: pass / fail (and N/A where allowed), a scale of
 * 1..scaleMax, or points 0..weight. Each choice carries a test id on its visible label.
 */
export function AnswerInput({
  item,
  value,
  onChange,
  disabled,
  ids,
}: {
  item: ScorecardItem;
  value: ItemAnswer | undefined;
  onChange: (next: ItemAnswer) => void;
  disabled?: boolean;
  ids: Ids;
}) {
  const { t } = useTranslation();
  const na = item.allowNa ? (
    <Radio.Button value="na">
      <span data-testid={ids.answer(item.key, 'na')}>{t('quality.answer.na')}</span>
    </Radio.Button>
  ) : null;

  if (item.answerType === 'points') {
    return (
      <Flex gap={12} align="center" wrap>
        <InputNumber
          min={0}
          max={item.weight}
          precision={0}
          value={typeof value === 'number' ? value : null}
          disabled={disabled || value === 'na'}
          onChange={(v) => {
            if (typeof v === 'number') onChange(v);
          }}
          suffix={t('quality.answer.ofPoints', { count: item.weight })}
          aria-label={item.label}
          data-testid={ids.points(item.key)}
          style={{ width: 160 }}
        />
        {item.allowNa ? (
          <Checkbox
            checked={value === 'na'}
            disabled={disabled}
            onChange={(e) => onChange(e.target.checked ? 'na' : 0)}
            data-testid={ids.answer(item.key, 'na')}
          >
            {t('quality.answer.na')}
          </Checkbox>
        ) : null}
      </Flex>
    );
  }

  const choices =
    item.answerType === 'scale'
      ? Array.from({ length: item.scaleMax }, (_, i) => i + 1).map((n) => ({
          value: n as ItemAnswer,
          label: String(n),
        }))
      : (['pass', 'fail'] as const).map((v) => ({ value: v as ItemAnswer, label: t(`quality.answer.${v}`) }));

  return (
    <Radio.Group
      value={value}
      onChange={(e) => onChange(e.target.value as ItemAnswer)}
      disabled={disabled}
      optionType="button"
      aria-label={item.label}
    >
      {choices.map((c) => (
        <Radio.Button key={String(c.value)} value={c.value}>
          <span data-testid={ids.answer(item.key, c.value)}>{c.label}</span>
        </Radio.Button>
      ))}
      {na}
    </Radio.Group>
  );
}
