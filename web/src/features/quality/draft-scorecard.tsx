import { CheckCircleOutlined, LoadingOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Affix, App, Button, Card, Flex, Input, Typography } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationDetail } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useDateTimeFormat } from '../../ui/date-time';
import { FormError } from '../../ui/form-error';
import { submitEvaluation } from './api';
import { itemErrors, itemsOf } from './score';
import { ScorePanel } from './score-panel';
import { ScorecardForm } from './scorecard-form';
import { QUALITY_IDS } from './testids';
import { type SaveState, useEvaluationDraft } from './use-evaluation-draft';

function SaveStateText({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const format = useDateTimeFormat();
  let text: ReactNode = t('quality.draft.autoSave');
  if (state.kind === 'saving')
    text = (
      <>
        <LoadingOutlined /> {t('quality.draft.saving')}
      </>
    );
  else if (state.kind === 'saved')
    text = (
      <>
        <CheckCircleOutlined style={{ color: '#52c41a' }} />{' '}
        {t('quality.draft.saved', { time: format(state.at, 'time') })}
      </>
    );
  else if (state.kind === 'failed')
    text = (
      <Typography.Text type="danger">
        <WarningOutlined /> {t('quality.draft.saveFailed', { reason: errorMessage(state.error) })}
      </Typography.Text>
    );
  return (
    <Typography.Text type="secondary" data-testid={QUALITY_IDS.saveState} aria-live="polite">
      {text}
    </Typography.Text>
  );
}

/**
 * The evaluator's draft: items answered (the automatic checks' pre-fills marked until confirmed),
 * the live score and its formula from the last auto-save, the summary, and 提交 — which saves what
 * is pending first and shows the server's refusals on the items they name.
 */
export function DraftScorecard({
  detail,
  onSubmitted,
}: {
  detail: EvaluationDetail;
  onSubmitted: (d: EvaluationDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const draft = useEvaluationDraft(detail);
  const [confirmed, setConfirmed] = useState<ReadonlySet<string>>(new Set());
  const unconfirmed = useMemo(
    () =>
      new Set(
        Object.entries(detail.autoSuggestions)
          .filter(([k, v]) => !confirmed.has(k) && draft.answers[k] === v)
          .map(([k]) => k),
      ),
    [detail.autoSuggestions, confirmed, draft.answers],
  );
  const total = itemsOf(detail.scorecard.content).length;
  const answered = itemsOf(detail.scorecard.content).filter((i) => draft.answers[i.key] !== undefined).length;

  const submit = useMutation({
    mutationFn: async () => {
      await draft.flush();
      return submitEvaluation(detail.id);
    },
    onSuccess: (d) => {
      void message.success(t('quality.draft.submitted', { score: d.score }));
      onSubmitted(d);
    },
    onError: (e) => draft.setErrors(itemErrors(e)),
  });
  const placed = Object.keys(itemErrors(submit.error)).length > 0;

  return (
    <Flex vertical gap={12}>
      <Affix offsetTop={8}>
        <Card size="small">
          <ScorePanel breakdown={draft.breakdown} extra={<SaveStateText state={draft.state} />} />
        </Card>
      </Affix>
      <ScorecardForm
        content={detail.scorecard.content}
        answers={draft.answers}
        onAnswer={(key, value) => {
          setConfirmed((c) => new Set(c).add(key));
          draft.setAnswer(key, value);
        }}
        unconfirmed={unconfirmed}
        onConfirm={(key) => setConfirmed((c) => new Set(c).add(key))}
        errors={draft.errors}
      />
      <Card size="small" title={t('quality.evaluation.summary')}>
        <Input.TextArea
          value={draft.summary}
          onChange={(e) => draft.setSummary(e.target.value)}
          autoSize={{ minRows: 3, maxRows: 10 }}
          maxLength={4000}
          placeholder={t('quality.draft.summaryPlaceholder')}
          aria-label={t('quality.evaluation.summary')}
          data-testid={QUALITY_IDS.summary}
        />
      </Card>
      <FormError
        message={
          submit.isError
            ? placed
              ? t('quality.draft.fixItems', { count: Object.keys(draft.errors).length })
              : errorMessage(submit.error)
            : undefined
        }
      />
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text type="secondary">
          {t('quality.draft.progress', { answered, total })}
          {unconfirmed.size > 0 ? ` · ${t('quality.draft.unconfirmed', { count: unconfirmed.size })}` : ''}
        </Typography.Text>
        <Button
          type="primary"
          size="large"
          loading={submit.isPending}
          onClick={() => submit.mutate()}
          data-testid={QUALITY_IDS.submit}
        >
          {t('quality.draft.submit')}
        </Button>
      </Flex>
    </Flex>
  );
}
