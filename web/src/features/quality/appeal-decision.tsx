import { App, Flex, Form, Input, Radio, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answers, Appeal, EvaluationDetail, ItemAnswer } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { QueryError } from '../../ui/query-error';
import { AnswerInput, answerText } from './answer-input';
import { decideAppeal, useEvaluation } from './api';
import { itemErrors, itemsOf } from './score';
import { ItemWeight } from './scorecard-form';
import { QUALITY_IDS } from './testids';

type Values = { outcome: 'upheld' | 'changed'; note: string };

/**
 * A reviewer's decision on an appeal: 维持 (the score stands) or 改判 (new answers for the disputed
 * items — every item when the agent named none); the note says why. Both scores stay in the history.
 */
export function AppealDecisionDialog({
  appeal,
  onClose,
  onDone,
}: {
  appeal: Pick<Appeal, 'id' | 'evaluationId' | 'items' | 'reason'>;
  onClose: () => void;
  onDone?: (detail: EvaluationDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const detail = useEvaluation(appeal.evaluationId);
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const [changes, setChanges] = useState<Answers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [unchanged, setUnchanged] = useState(false);

  const save = useFormSubmit(
    form,
    (v: Values) => {
      const answers = Object.fromEntries(
        Object.entries(changes).filter(([k, a]) => detail.data?.answers[k] !== a),
      ) as Answers;
      if (v.outcome === 'changed' && Object.keys(answers).length === 0) {
        setUnchanged(true);
        return Promise.reject(new Error('unchanged'));
      }
      return decideAppeal(appeal.id, {
        outcome: v.outcome,
        note: v.note.trim(),
        ...(v.outcome === 'changed' ? { answers } : {}),
      });
    },
    {
      onSuccess: (d) => {
        void message.success(t('quality.decision.done'));
        onDone?.(d);
        onClose();
      },
      onError: (e) => setErrors(itemErrors(e)),
    },
  );

  const items = detail.data ? itemsOf(detail.data.scorecard.content) : [];
  const disputed = appeal.items.length > 0 ? items.filter((i) => appeal.items.includes(i.key)) : items;
  const current = detail.data?.answers ?? {};

  return (
    <FormModal<Values>
      title={t('quality.decision.title')}
      onClose={onClose}
      form={form}
      initialValues={{ outcome: 'upheld', note: '' }}
      onFinish={save.submit}
      pending={save.pending}
      submitLabel={t('quality.decision.submit')}
      submitTestId={QUALITY_IDS.decisionSubmit}
      // A refusal of our own ("change something first") is said below the items, not as a failure.
      formError={unchanged ? undefined : save.formError}
      width={640}
    >
      <Typography.Paragraph>
        {t('quality.appeal.reason')}: {appeal.reason}
      </Typography.Paragraph>
      <Form.Item name="outcome" label={t('quality.decision.outcome')}>
        <Radio.Group onChange={() => setUnchanged(false)}>
          <Radio value="upheld">
            <span data-testid={QUALITY_IDS.decisionOutcome('upheld')}>{t('quality.decision.upheld')}</span>
          </Radio>
          <Radio value="changed">
            <span data-testid={QUALITY_IDS.decisionOutcome('changed')}>{t('quality.decision.changed')}</span>
          </Radio>
        </Radio.Group>
      </Form.Item>
      {outcome === 'changed' ? (
        detail.isError ? (
          <QueryError message={errorMessage(detail.error)} onRetry={() => void detail.refetch()} />
        ) : detail.isLoading ? (
          <Skeleton active />
        ) : (
          <Flex vertical gap={12} style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary">{t('quality.decision.changeHint')}</Typography.Text>
            {disputed.map((item) => (
              <div key={item.key}>
                <Flex justify="space-between" gap={8} wrap>
                  <Typography.Text strong>{item.label}</Typography.Text>
                  <ItemWeight item={item} />
                </Flex>
                <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
                  {t('quality.decision.was', { answer: answerText(t, item, current[item.key]) })}
                </Typography.Text>
                <AnswerInput
                  item={item}
                  value={changes[item.key] ?? current[item.key]}
                  onChange={(v: ItemAnswer) => {
                    setUnchanged(false);
                    setChanges((c) => ({ ...c, [item.key]: v }));
                  }}
                  ids={{ answer: QUALITY_IDS.decisionAnswer, points: QUALITY_IDS.decisionPoints }}
                />
                {errors[item.key] ? (
                  <Typography.Text type="danger" style={{ display: 'block' }}>
                    {errors[item.key]}
                  </Typography.Text>
                ) : null}
              </div>
            ))}
            {unchanged ? (
              <Typography.Text type="danger" role="alert">
                {t('quality.decision.unchanged')}
              </Typography.Text>
            ) : null}
          </Flex>
        )
      ) : null}
      <Form.Item
        name="note"
        label={t('quality.decision.note')}
        rules={[{ required: true, whitespace: true, message: t('quality.decision.noteRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid={QUALITY_IDS.decisionNote} />
      </Form.Item>
    </FormModal>
  );
}
