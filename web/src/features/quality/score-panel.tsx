import { Flex, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScoreBreakdown } from '../../../../contracts/quality';
import { scoreSteps } from './score';
import { QUALITY_IDS } from './testids';

/**
 * The score with how it came about, in numbers (docs/quality.md): base = 100 × earned ÷ possible,
 * plus the bonus capped at 100, minus deductions; a failed fatal item makes it 0.
 */
export function ScoreFormula({ breakdown }: { breakdown: ScoreBreakdown }) {
  const { t } = useTranslation();
  const s = scoreSteps(breakdown);
  if (s.fatal) {
    return (
      <Typography.Text type="danger" data-testid={QUALITY_IDS.formula}>
        {t('quality.score.fatal')}
      </Typography.Text>
    );
  }
  return (
    <Flex vertical gap={2} data-testid={QUALITY_IDS.formula} style={{ fontVariantNumeric: 'tabular-nums' }}>
      <Typography.Text>
        {s.allNa
          ? t('quality.score.baseAllNa')
          : t('quality.score.base', { earned: s.earned, possible: s.possible, base: s.base })}
      </Typography.Text>
      <Typography.Text>
        {t(s.cut ? 'quality.score.bonusCapped' : 'quality.score.bonus', {
          base: s.base,
          bonus: s.bonus,
          capped: s.capped,
        })}
      </Typography.Text>
      <Typography.Text>
        {t('quality.score.deductions', { capped: s.capped, deductions: s.deductions, score: s.score })}
      </Typography.Text>
    </Flex>
  );
}

export function ScorePanel({
  breakdown,
  extra,
}: {
  breakdown: ScoreBreakdown | null;
  /** The auto-save state, under the score. */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={24} align="center" wrap>
      <div data-testid={QUALITY_IDS.score}>
        <Statistic
          title={t('quality.score.title')}
          value={breakdown ? breakdown.score : '—'}
          styles={{ content: { color: breakdown?.fatal ? '#cf1322' : undefined } }}
        />
      </div>
      <Flex vertical gap={4} style={{ flex: 1, minWidth: 220 }}>
        {breakdown ? (
          <ScoreFormula breakdown={breakdown} />
        ) : (
          <Typography.Text type="secondary">{t('quality.score.none')}</Typography.Text>
        )}
        {extra}
      </Flex>
    </Flex>
  );
}
