import { PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import {
  App,
  Button,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DrawResult,
  SAMPLE_REASONS,
  type SamplingPlan,
  type SamplingPlanInput,
} from '../../../../contracts/quality';
import { CHANNELS } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { useQueues } from '../../app/lookups';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { QueryError } from '../../ui/query-error';
import { useInvalidateQuality } from './api';
import { useNames } from './names';
import { createPlan, drawPlan, updatePlan, usePlans } from './settings-api';
import { QUALITY_IDS } from './testids';

const DEFAULTS: SamplingPlanInput = {
  name: '',
  enabled: true,
  frequency: 'daily',
  queueIds: [],
  channels: [],
  randomPercent: 5,
  newHireDays: 90,
  newHireFactor: 2,
  lowScoreBelow: 80,
  lowScoreFactor: 2,
  complaints: true,
  longCallPercentile: 90,
  lowCsatMax: 2,
  transfers: false,
  repeatCallerHours: 72,
  newHirePerAgent: null,
  maxTargetedPerAgent: 5,
  evaluatorIds: [],
  dueDays: 3,
};

function num(
  name: keyof SamplingPlanInput,
  label: string,
  min: number,
  max: number,
  extra?: { step?: number; nullable?: boolean },
) {
  return (
    <Col xs={12} md={8} key={name}>
      <Form.Item name={name} label={label} rules={extra?.nullable ? [] : [{ required: true }]}>
        <InputNumber min={min} max={max} step={extra?.step} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
}

/** A sampling plan's form: what share of each agent's contacts, which targeted rules, who evaluates. */
function PlanDialog({ plan, onClose }: { plan?: SamplingPlan; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queues = useQueues();
  const names = useNames();
  const invalidate = useInvalidateQuality();
  const [form] = Form.useForm<SamplingPlanInput>();
  const save = useFormSubmit(
    form,
    (v: SamplingPlanInput) => {
      const body = { ...DEFAULTS, ...v, name: v.name.trim() };
      return plan ? updatePlan(plan.id, body) : createPlan(body);
    },
    {
      fieldsByCode: { 'QUALITY.PLAN_NAME_TAKEN': 'name', 'QUALITY.NO_EVALUATORS': 'evaluatorIds' },
      onSuccess: () => {
        void invalidate();
        void message.success(t('qualityAdmin.plans.saved'));
        onClose();
      },
    },
  );
  const p = (k: string) => t(`qualityAdmin.plans.field.${k}`);
  return (
    <FormModal<SamplingPlanInput>
      title={plan ? t('qualityAdmin.plans.edit', { name: plan.name }) : t('qualityAdmin.plans.create')}
      onClose={onClose}
      form={form}
      initialValues={plan ?? DEFAULTS}
      onFinish={save.submit}
      pending={save.pending}
      submitLabel={t('common.save')}
      submitTestId={QUALITY_IDS.planSubmit}
      formError={save.formError}
      width={820}
    >
      <Row gutter={12}>
        <Col xs={24} md={10}>
          <Form.Item name="name" label={p('name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col xs={16} md={9}>
          <Form.Item name="frequency" label={p('frequency')}>
            <Select
              options={(['daily', 'weekly'] as const).map((f) => ({
                value: f,
                label: t(`qualityAdmin.plans.frequency.${f}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={8} md={5}>
          <Form.Item name="enabled" label={p('enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="queueIds" label={p('queues')} extra={t('qualityAdmin.plans.allIfEmpty')}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="channels" label={p('channels')} extra={t('qualityAdmin.plans.allIfEmpty')}>
            <Select mode="multiple" options={CHANNELS.map((c) => ({ value: c, label: t(`acd.channel.${c}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="evaluatorIds" label={p('evaluators')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={names.userOptions} />
          </Form.Item>
        </Col>
        {num('randomPercent', p('randomPercent'), 0, 100, { step: 0.5 })}
        {num('dueDays', p('dueDays'), 1, 60)}
        {num('maxTargetedPerAgent', p('maxTargetedPerAgent'), 0, 100)}
        {num('newHireDays', p('newHireDays'), 1, 365, { nullable: true })}
        {num('newHireFactor', p('newHireFactor'), 1, 10, { step: 0.5 })}
        {num('newHirePerAgent', p('newHirePerAgent'), 1, 50, { nullable: true })}
        {num('lowScoreBelow', p('lowScoreBelow'), 0, 100, { nullable: true })}
        {num('lowScoreFactor', p('lowScoreFactor'), 1, 10, { step: 0.5 })}
        {num('longCallPercentile', p('longCallPercentile'), 50, 99, { nullable: true })}
        {num('lowCsatMax', p('lowCsatMax'), 1, 4, { nullable: true })}
        {num('repeatCallerHours', p('repeatCallerHours'), 1, 720, { nullable: true })}
        <Col xs={12} md={4}>
          <Form.Item name="complaints" label={p('complaints')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item name="transfers" label={p('transfers')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}

/** What a draw made: how many contacts, why each was chosen, and how the work went to evaluators. */
function DrawResultView({ result }: { result: DrawResult }) {
  const { t } = useTranslation();
  const names = useNames();
  return (
    <div data-testid={QUALITY_IDS.drawResult}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('qualityAdmin.plans.draw.period')}>
          {result.periodStart} – {result.periodEnd}
        </Descriptions.Item>
        <Descriptions.Item label={t('qualityAdmin.plans.draw.picked')}>
          {t('qualityAdmin.plans.draw.pickedOf', { picked: result.picked, candidates: result.candidates })}
          {result.existing ? <Tag style={{ marginLeft: 8 }}>{t('qualityAdmin.plans.draw.existing')}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('qualityAdmin.plans.draw.byReason')}>
          <Space size={[4, 4]} wrap>
            {SAMPLE_REASONS.filter((r) => result.byReason[r]).map((r) => (
              <Tag key={r}>
                {t(`quality.reason.${r}`)} {result.byReason[r]}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('qualityAdmin.plans.draw.byEvaluator')}>
          <Space size={[4, 4]} wrap>
            {Object.entries(result.byEvaluator).map(([id, n]) => (
              <Tag key={id}>
                {names.user(id)} {n}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

/** 抽样计划: the plans with their last period drawn; 立即抽样 draws the last complete period now. */
export function PlansSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateQuality();
  const plans = usePlans();
  const [dialog, setDialog] = useState<{ plan?: SamplingPlan } | null>(null);
  const [result, setResult] = useState<DrawResult>();
  const draw = useMutation({
    mutationFn: (id: string) => drawPlan(id),
    onSuccess: (r) => {
      void invalidate();
      setResult(r);
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const columns: TableColumnsType<SamplingPlan> = [
    {
      key: 'name',
      title: t('qualityAdmin.plans.field.name'),
      render: (_v, p) => (
        <Space size={4}>
          {p.name}
          {p.enabled ? null : <Tag>{t('qualityAdmin.plans.disabled')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'frequency',
      title: t('qualityAdmin.plans.field.frequency'),
      render: (_v, p) => t(`qualityAdmin.plans.frequency.${p.frequency}`),
    },
    { key: 'random', title: t('qualityAdmin.plans.field.randomPercent'), render: (_v, p) => `${p.randomPercent}%` },
    { key: 'evaluators', title: t('qualityAdmin.plans.field.evaluators'), render: (_v, p) => p.evaluatorIds.length },
    { key: 'last', title: t('qualityAdmin.plans.lastDrawn'), render: (_v, p) => p.lastDrawnPeriod ?? t('common.none') },
    {
      key: 'updatedAt',
      title: t('qualityAdmin.scorecards.updatedAt'),
      render: (_v, p) => <DateTime value={p.updatedAt} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, p) => (
        <Space size={4}>
          <Button size="small" onClick={() => setDialog({ plan: p })}>
            {t('common.edit')}
          </Button>
          <Button
            size="small"
            type="primary"
            loading={draw.isPending && draw.variables === p.id}
            onClick={() => draw.mutate(p.id)}
            data-testid={QUALITY_IDS.draw(p.id)}
          >
            {t('qualityAdmin.plans.drawNow')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setDialog({})}
        style={{ marginBottom: 12 }}
        data-testid={QUALITY_IDS.planCreate}
      >
        {t('qualityAdmin.plans.create')}
      </Button>
      {plans.isError ? <QueryError message={errorMessage(plans.error)} onRetry={() => void plans.refetch()} /> : null}
      <Table<SamplingPlan>
        rowKey="id"
        data-testid={QUALITY_IDS.plans}
        columns={columns}
        dataSource={plans.data}
        loading={plans.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={false}
        locale={{
          emptyText: plans.isLoading || plans.isError ? ' ' : <Empty description={t('qualityAdmin.plans.empty')} />,
        }}
      />
      {dialog ? <PlanDialog plan={dialog.plan} onClose={() => setDialog(null)} /> : null}
      <Modal
        open={result !== undefined}
        title={t('qualityAdmin.plans.draw.title')}
        onCancel={() => setResult(undefined)}
        footer={null}
        destroyOnHidden
      >
        {result ? <DrawResultView result={result} /> : null}
      </Modal>
    </>
  );
}
