import { Checkbox, Col, Divider, Form, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type CreateQueueBody,
  OVERFLOW_ACTIONS,
  QUEUE_DEFAULTS,
  type Queue,
  type QueueThresholds,
  type RelaxationStep,
  type SkillRequirement,
  STRATEGIES,
  type Strategy,
} from '../../../../contracts/routing';
import { useCalendars } from '../../app/lookups';
import { FormModal } from '../../ui/form-modal';
import { createQueue, updateQueue, useQueues, useSkills } from './api';
import { KeyField, keyedOptions, NameField, RowList } from './form-fields';
import { ROUTING_IDS } from './testids';
import { useConfigSave } from './use-config-save';

type Values = {
  key: string;
  name: string;
  strategy: Strategy;
  skills: SkillRequirement[];
  relaxation: RelaxationStep[];
  serviceLevelPercent: number;
  serviceLevelSeconds: number;
  wrapUpSeconds: number;
  preferredAgentSeconds: number;
  vipPriorityBoost: number;
  offerTimeoutSeconds: number;
  maxWaitSeconds: number | null;
  maxLength: number | null;
  overflowAction: (typeof OVERFLOW_ACTIONS)[number];
  overflowQueue: string | null;
  calendarId?: string | null;
  thresholds: QueueThresholds;
};

function valuesOf(queue: Queue | undefined): Values {
  const q = queue ?? { ...QUEUE_DEFAULTS, key: '', name: '' };
  return {
    key: q.key,
    name: q.name,
    strategy: q.strategy,
    skills: [...q.skills],
    relaxation: q.relaxation.map((r) => ({ ...r })),
    serviceLevelPercent: q.serviceLevelPercent,
    serviceLevelSeconds: q.serviceLevelSeconds,
    wrapUpSeconds: q.wrapUpSeconds,
    preferredAgentSeconds: q.preferredAgentSeconds,
    vipPriorityBoost: q.vipPriorityBoost,
    offerTimeoutSeconds: q.offerTimeoutSeconds,
    maxWaitSeconds: q.maxWaitSeconds,
    maxLength: q.maxLength,
    overflowAction: q.overflowAction,
    overflowQueue: q.overflowQueue,
    calendarId: q.calendarId ?? null,
    thresholds: { ...q.thresholds },
  };
}

/** The settings an admin edits; key only on create. Empty limits mean "no limit". */
function bodyOf(v: Values): Omit<CreateQueueBody, 'key'> {
  return {
    name: v.name.trim(),
    strategy: v.strategy,
    skills: v.skills ?? [],
    relaxation: (v.relaxation ?? []).map((r) => ({
      afterSeconds: r.afterSeconds,
      ...(r.maxLevel ? { maxLevel: r.maxLevel } : {}),
      ...(r.anySkill ? { anySkill: true } : {}),
      ...(r.overflowQueues?.length ? { overflowQueues: r.overflowQueues } : {}),
    })),
    serviceLevelPercent: v.serviceLevelPercent,
    serviceLevelSeconds: v.serviceLevelSeconds,
    wrapUpSeconds: v.wrapUpSeconds,
    preferredAgentSeconds: v.preferredAgentSeconds,
    vipPriorityBoost: v.vipPriorityBoost,
    offerTimeoutSeconds: v.offerTimeoutSeconds,
    maxWaitSeconds: v.maxWaitSeconds ?? null,
    maxLength: v.maxLength ?? null,
    overflowAction: v.overflowAction,
    overflowQueue: v.overflowAction === 'queue' ? (v.overflowQueue ?? null) : null,
    calendarId: v.calendarId ?? null,
    thresholds: v.thresholds,
  };
}

const seconds = (max: number) => <InputNumber min={0} max={max} precision={0} style={{ width: '100%' }} />;

/** Create or edit a queue: routing strategy, skills, relaxation, service level, limits and wallboard thresholds. */
export function QueueFormDialog({ queue, onClose }: { queue?: Queue; onClose: () => void }) {
  const { t } = useTranslation();
  const skills = useSkills();
  const queues = useQueues();
  const calendars = useCalendars();
  const [form] = Form.useForm<Values>();
  const overflowAction = Form.useWatch('overflowAction', form);
  const save = useConfigSave(
    form,
    (values: Values) =>
      queue ? updateQueue(queue.id, bodyOf(values)) : createQueue({ key: values.key.trim(), ...bodyOf(values) }),
    {
      keyField: 'key',
      savedMessage: (saved) =>
        t(queue ? 'routingAdmin.queueUpdated' : 'routingAdmin.queueCreated', { name: saved.name }),
      onClose,
    },
  );
  const skillOptions = keyedOptions(skills.data);
  const queueOptions = keyedOptions(queues.data?.filter((q) => q.id !== queue?.id));

  return (
    <FormModal
      title={t(queue ? 'routingAdmin.editQueue' : 'routingAdmin.createQueue')}
      width={760}
      onClose={onClose}
      form={form}
      initialValues={valuesOf(queue)}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(queue ? 'common.save' : 'common.create')}
      submitTestId={ROUTING_IDS.queueFormSubmit}
    >
      <Row gutter={16}>
        <Col span={12}>
          <KeyField label={t('routingAdmin.key')} editing={Boolean(queue)} />
        </Col>
        <Col span={12}>
          <NameField editing={Boolean(queue)} />
        </Col>
      </Row>
      <Form.Item name="strategy" label={t('routingAdmin.strategy')}>
        <Select options={STRATEGIES.map((s) => ({ value: s, label: t(`acd.strategy.${s}`) }))} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="vipPriorityBoost"
            label={t('routingAdmin.vipPriorityBoost')}
            extra={t('routingAdmin.vipPriorityBoostHelp')}
            rules={[{ required: true }]}
          >
            <InputNumber
              min={0}
              max={100}
              precision={0}
              style={{ width: '100%' }}
              data-testid={ROUTING_IDS.queueFormVipBoost}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="preferredAgentSeconds"
            label={t('routingAdmin.preferredAgentSeconds')}
            extra={t('routingAdmin.preferredAgentSecondsHelp')}
            rules={[{ required: true }]}
          >
            {seconds(3_600)}
          </Form.Item>
        </Col>
      </Row>

      <RowList
        name="skills"
        title={t('routingAdmin.skillsRequired')}
        addLabel={t('routingAdmin.addSkill')}
        newRow={{ minLevel: 1 }}
      >
        {(field) => (
          <>
            <Form.Item
              name={[field.name, 'skill']}
              rules={[{ required: true, message: t('routingAdmin.skillRequired') }]}
            >
              <Select style={{ width: 220 }} options={skillOptions} />
            </Form.Item>
            <Form.Item name={[field.name, 'minLevel']} label={t('routingAdmin.minLevel')} rules={[{ required: true }]}>
              <InputNumber min={1} max={5} precision={0} />
            </Form.Item>
          </>
        )}
      </RowList>

      <RowList
        name="relaxation"
        title={t('routingAdmin.relaxation')}
        addLabel={t('routingAdmin.addStep')}
        newRow={{ afterSeconds: 30 }}
      >
        {(field) => (
          <>
            <Form.Item
              name={[field.name, 'afterSeconds']}
              label={t('routingAdmin.afterSeconds')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={86_400} precision={0} />
            </Form.Item>
            <Form.Item name={[field.name, 'maxLevel']} label={t('routingAdmin.relaxToLevel')}>
              <InputNumber min={1} max={5} precision={0} />
            </Form.Item>
            <Form.Item name={[field.name, 'anySkill']} valuePropName="checked">
              <Checkbox>{t('routingAdmin.anySkill')}</Checkbox>
            </Form.Item>
            <Form.Item name={[field.name, 'overflowQueues']} label={t('routingAdmin.overflowQueues')}>
              <Select mode="multiple" style={{ minWidth: 180 }} options={queueOptions} />
            </Form.Item>
          </>
        )}
      </RowList>

      <Divider titlePlacement="start">{t('routingAdmin.service')}</Divider>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="serviceLevelPercent" label={t('routingAdmin.slPercent')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="serviceLevelSeconds" label={t('routingAdmin.slSeconds')} rules={[{ required: true }]}>
            {seconds(3_600)}
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="wrapUpSeconds" label={t('routingAdmin.wrapUpSeconds')} rules={[{ required: true }]}>
            {seconds(3_600)}
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="offerTimeoutSeconds"
            label={t('routingAdmin.offerTimeoutSeconds')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={600} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="maxWaitSeconds" label={t('routingAdmin.maxWaitSeconds')} extra={t('routingAdmin.noLimit')}>
            <InputNumber min={1} max={86_400} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="maxLength" label={t('routingAdmin.maxLength')} extra={t('routingAdmin.noLimit')}>
            <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="overflowAction" label={t('routingAdmin.overflowAction')}>
            <Select options={OVERFLOW_ACTIONS.map((a) => ({ value: a, label: t(`acd.overflowAction.${a}`) }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="overflowQueue"
            label={t('routingAdmin.overflowQueue')}
            rules={
              overflowAction === 'queue' ? [{ required: true, message: t('routingAdmin.overflowQueueRequired') }] : []
            }
          >
            <Select allowClear disabled={overflowAction !== 'queue'} options={queueOptions} />
          </Form.Item>
        </Col>
      </Row>

      <Form.Item name="calendarId" label={t('routingAdmin.calendar')} extra={t('routingAdmin.calendarHelp')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          loading={calendars.isLoading}
          options={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Form.Item>

      <Divider titlePlacement="start">{t('routingAdmin.thresholds')}</Divider>
      <Row gutter={16}>
        {(
          [
            ['waitingAmber', 100_000],
            ['waitingRed', 100_000],
            ['longestWaitAmberSeconds', 86_400],
            ['longestWaitRedSeconds', 86_400],
            ['serviceLevelAmber', 100],
            ['serviceLevelRed', 100],
          ] as const
        ).map(([name, max]) => (
          <Col span={12} key={name}>
            <Form.Item name={['thresholds', name]} label={t(`routingAdmin.th.${name}`)} rules={[{ required: true }]}>
              <InputNumber min={0} max={max} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </FormModal>
  );
}
