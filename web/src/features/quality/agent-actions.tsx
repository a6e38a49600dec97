import { useMutation } from '@tanstack/react-query';
import { App, Button, Checkbox, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationDetail } from '../../../../contracts/quality';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { acknowledgeEvaluation, appealEvaluation } from './api';
import { agentChoices } from './choices';
import { itemsOf } from './score';
import { QUALITY_IDS } from './testids';

type AppealValues = { reason: string; items: string[] };

function AppealDialog({
  detail,
  onClose,
  onDone,
}: {
  detail: EvaluationDetail;
  onClose: () => void;
  onDone: (d: EvaluationDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AppealValues>();
  const save = useFormSubmit(
    form,
    (v: AppealValues) => appealEvaluation(detail.id, { reason: v.reason.trim(), items: v.items }),
    {
      onSuccess: (d) => {
        void message.success(t('quality.appeal.sent'));
        onDone(d);
        onClose();
      },
    },
  );
  return (
    <FormModal<AppealValues>
      title={t('quality.appeal.title')}
      onClose={onClose}
      form={form}
      initialValues={{ reason: '', items: detail.breakdown?.failedItems ?? [] }}
      onFinish={save.submit}
      pending={save.pending}
      submitLabel={t('quality.appeal.submit')}
      submitTestId={QUALITY_IDS.appealSubmit}
      formError={save.formError}
    >
      {detail.appealUntil ? (
        <Typography.Paragraph type="secondary">
          {t('quality.appeal.until')} <DateTime value={detail.appealUntil} />
        </Typography.Paragraph>
      ) : null}
      <Form.Item
        name="reason"
        label={t('quality.appeal.reason')}
        rules={[{ required: true, whitespace: true, message: t('quality.appeal.reasonRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} data-testid={QUALITY_IDS.appealReason} />
      </Form.Item>
      <Form.Item name="items" label={t('quality.appeal.items')}>
        <Checkbox.Group data-testid={QUALITY_IDS.appealItems}>
          <Flex vertical gap={4}>
            {itemsOf(detail.scorecard.content).map((i) => (
              <Checkbox key={i.key} value={i.key}>
                {i.label}
              </Checkbox>
            ))}
          </Flex>
        </Checkbox.Group>
      </Form.Item>
    </FormModal>
  );
}

/** The agent's buttons on their own evaluation: 确认 and 申诉 (within the appeal window). */
export function AgentActions({
  detail,
  userId,
  onChange,
}: {
  detail: EvaluationDetail;
  userId: string | undefined;
  onChange: (d: EvaluationDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const [appealing, setAppealing] = useState(false);
  const choices = agentChoices(detail, userId, new Date());
  const acknowledge = useMutation({
    mutationFn: () => acknowledgeEvaluation(detail.id),
    onSuccess: (d) => {
      void message.success(t('quality.agent.acknowledged'));
      onChange(d);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  if (!choices.acknowledge && !choices.appeal) return null;
  return (
    <>
      {choices.acknowledge ? (
        <Button
          type="primary"
          loading={acknowledge.isPending}
          onClick={() => acknowledge.mutate()}
          data-testid={QUALITY_IDS.acknowledge}
        >
          {t('quality.agent.acknowledge')}
        </Button>
      ) : null}
      {choices.appeal ? (
        <Button danger onClick={() => setAppealing(true)} data-testid={QUALITY_IDS.appeal}>
          {t('quality.agent.appeal')}
        </Button>
      ) : null}
      {appealing ? <AppealDialog detail={detail} onClose={() => setAppealing(false)} onDone={onChange} /> : null}
    </>
  );
}
