import { App, Checkbox, Flex, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AgentRulesBody, ShiftTemplate, WfmAgent } from '../../../../contracts/wfm-schedules';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { renameFieldPaths } from './field-paths';
import { hoursOf, minutesOf, minuteText, parseMinute } from './schedule-times';
import { useSaveAgentRules } from './schedules-api';
import { SCHEDULE_IDS } from './schedules-testids';

/** One weekday's availability on the form: all day (nothing sent), off, or a window in HH:mm. */
type DayValue = { mode: 'all' | 'off' | 'window'; from?: string; to?: string };

type Values = {
  templateIds: string[];
  availability: Record<string, DayValue>;
  minHours: number;
  maxHours: number;
  maxWorkDays?: number | null;
  minConsecutiveDaysOff?: number | null;
  preferredDaysOff: number[];
  preferredStartEarliest?: string;
  preferredStartLatest?: string;
};

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** The body's paths that are other names on this form (hours in the form, minutes in the body). */
const FIELD_OF_PATH: Record<string, string> = { minWeeklyMinutes: 'minHours', maxWeeklyMinutes: 'maxHours' };
/** availability.3.to → the form's availability.3.to (same path); availability.3 → its mode. */
const fieldOfPath = (path: string) => FIELD_OF_PATH[path] ?? (/^availability\.\d$/.test(path) ? `${path}.mode` : path);

function availabilityValues(saved: NonNullable<WfmAgent['rules']>['availability'] | undefined) {
  return Object.fromEntries(
    WEEKDAYS.map((d): [string, DayValue] => {
      const a = saved?.[String(d)];
      if (a === undefined) return [String(d), { mode: 'all' }];
      if (a === 'off') return [String(d), { mode: 'off' }];
      return [String(d), { mode: 'window', from: minuteText(a.from), to: minuteText(a.to) }];
    }),
  );
}

/** The body's availability: weekdays available all day are left out. */
function availabilityBody(values: Record<string, DayValue> | undefined): AgentRulesBody['availability'] {
  const out: Record<string, 'off' | { from: number; to: number }> = {};
  for (const d of WEEKDAYS) {
    const v = values?.[String(d)];
    if (v?.mode === 'off') out[String(d)] = 'off';
    else if (v?.mode === 'window')
      out[String(d)] = { from: parseMinute(v.from ?? '') ?? 0, to: parseMinute(v.to ?? '') ?? 0 };
  }
  return out as AgentRulesBody['availability'];
}

function valuesOf(agent: WfmAgent): Values {
  const r = agent.rules;
  if (!r)
    return {
      templateIds: [],
      availability: availabilityValues(undefined),
      minHours: 32,
      maxHours: 40,
      preferredDaysOff: [],
    };
  return {
    templateIds: r.templateIds,
    availability: availabilityValues(r.availability),
    minHours: hoursOf(r.minWeeklyMinutes),
    maxHours: hoursOf(r.maxWeeklyMinutes),
    maxWorkDays: r.maxWorkDays,
    minConsecutiveDaysOff: r.minConsecutiveDaysOff,
    preferredDaysOff: r.preferredDaysOff,
    preferredStartEarliest: r.preferredStartEarliest === null ? undefined : minuteText(r.preferredStartEarliest),
    preferredStartLatest: r.preferredStartLatest === null ? undefined : minuteText(r.preferredStartLatest),
  };
}

const optionalMinute = (text: string | undefined) => (text?.trim() ? parseMinute(text) : null);

/** 排班规则: the templates an agent may work, contracted weekly hours, days-off pattern and preferences. */
export function AgentRulesForm({
  agent,
  templates,
  onClose,
}: {
  agent: WfmAgent;
  templates: ShiftTemplate[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveAgentRules(agent.userId);
  const submit = useFormSubmit(
    form,
    (v: Values) =>
      save
        .mutateAsync({
          templateIds: v.templateIds,
          minWeeklyMinutes: minutesOf(v.minHours),
          maxWeeklyMinutes: minutesOf(v.maxHours),
          availability: availabilityBody(v.availability),
          maxWorkDays: v.maxWorkDays ?? null,
          minConsecutiveDaysOff: v.minConsecutiveDaysOff ?? null,
          preferredDaysOff: v.preferredDaysOff ?? [],
          preferredStartEarliest: optionalMinute(v.preferredStartEarliest),
          preferredStartLatest: optionalMinute(v.preferredStartLatest),
        })
        .catch((error: unknown) => {
          throw renameFieldPaths(error, fieldOfPath);
        }),
    {
      onSuccess: () => {
        void message.success(t('wfm.setup.rulesSaved', { name: agent.displayName }));
        onClose();
      },
    },
  );
  const time = [
    {
      validator: (_: unknown, value: string | undefined) =>
        !value?.trim() || parseMinute(value) !== null
          ? Promise.resolve()
          : Promise.reject(new Error(t('wfm.setup.timeInvalid'))),
    },
  ];

  return (
    <FormModal<Values>
      title={t('wfm.setup.rulesTitle', { name: agent.displayName })}
      onClose={onClose}
      form={form}
      width={640}
      initialValues={valuesOf(agent)}
      onFinish={submit.submit}
      pending={submit.pending}
      submitLabel={t('common.save')}
      submitTestId={SCHEDULE_IDS.agentSubmit}
      formError={submit.formError}
    >
      <Form.Item
        name="templateIds"
        label={t('wfm.setup.agentTemplates')}
        extra={t('wfm.setup.agentTemplatesHelp')}
        rules={[{ required: true, message: t('wfm.setup.agentTemplatesRequired') }]}
      >
        <Select
          mode="multiple"
          optionFilterProp="label"
          data-testid={SCHEDULE_IDS.agentTemplates}
          options={templates.map((tpl) => ({
            value: tpl.id,
            label: tpl.active ? tpl.name : `${tpl.name} (${t('wfm.setup.inactive')})`,
          }))}
        />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item name="minHours" label={t('wfm.setup.minHours')} rules={[{ required: true }]}>
          <InputNumber min={0} max={80} step={0.5} data-testid={SCHEDULE_IDS.agentMinHours} />
        </Form.Item>
        <Form.Item
          name="maxHours"
          label={t('wfm.setup.maxHours')}
          dependencies={['minHours']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value: number | undefined) =>
                value === undefined || value === null || value >= (getFieldValue('minHours') ?? 0)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('wfm.setup.maxBelowMin'))),
            }),
          ]}
        >
          <InputNumber min={0} max={80} step={0.5} data-testid={SCHEDULE_IDS.agentMaxHours} />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="maxWorkDays" label={t('wfm.setup.maxWorkDays')} extra={t('wfm.setup.patternHelp')}>
          <InputNumber min={1} max={7} precision={0} />
        </Form.Item>
        <Form.Item name="minConsecutiveDaysOff" label={t('wfm.setup.minDaysOff')}>
          <InputNumber min={0} max={6} precision={0} />
        </Form.Item>
      </Flex>
      <Form.Item label={t('wfm.setup.availability')} extra={t('wfm.setup.availabilityHelp')}>
        <Flex vertical gap={4} data-testid={SCHEDULE_IDS.agentAvailability}>
          {WEEKDAYS.map((d) => (
            <AvailabilityDay key={d} day={d} time={time} />
          ))}
        </Flex>
      </Form.Item>
      <Form.Item name="preferredDaysOff" label={t('wfm.setup.preferredDaysOff')}>
        <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`wfm.weekday.${d}`) }))} />
      </Form.Item>
      <Form.Item label={t('wfm.setup.preferredStart')} extra={t('wfm.setup.preferredStartHelp')}>
        <Flex gap={8} align="baseline">
          <Form.Item name="preferredStartEarliest" rules={time} style={{ marginBottom: 0 }}>
            <Input placeholder="08:00" style={{ width: 100 }} aria-label={t('wfm.setup.earliest')} />
          </Form.Item>
          –
          <Form.Item name="preferredStartLatest" rules={time} style={{ marginBottom: 0 }}>
            <Input placeholder="10:00" style={{ width: 100 }} aria-label={t('wfm.setup.latest')} />
          </Form.Item>
        </Flex>
      </Form.Item>
    </FormModal>
  );
}

/** One weekday's row of the availability editor: 全天 / 不可排 / a window from–to. */
function AvailabilityDay({ day, time }: { day: number; time: object[] }) {
  const { t } = useTranslation();
  const name = ['availability', String(day)];
  const mode = Form.useWatch([...name, 'mode']) as DayValue['mode'] | undefined;
  return (
    <Flex gap={8} align="baseline" wrap>
      <span style={{ width: 48 }}>{t(`wfm.weekday.${day}`)}</span>
      <Form.Item name={[...name, 'mode']} style={{ marginBottom: 0 }}>
        <Select
          style={{ width: 140 }}
          aria-label={t('wfm.setup.availabilityOf', { day: t(`wfm.weekday.${day}`) })}
          data-testid={SCHEDULE_IDS.agentAvailabilityMode(day)}
          options={(['all', 'off', 'window'] as const).map((m) => ({
            value: m,
            label: t(`wfm.setup.availabilityMode.${m}`),
          }))}
        />
      </Form.Item>
      {mode === 'window' ? (
        <>
          <Form.Item
            name={[...name, 'from']}
            rules={[{ required: true, message: t('wfm.setup.timeInvalid') }, ...time]}
            style={{ marginBottom: 0 }}
          >
            <Input placeholder="09:00" style={{ width: 90 }} aria-label={t('wfm.setup.earliest')} />
          </Form.Item>
          –
          <Form.Item
            name={[...name, 'to']}
            dependencies={[[...name, 'from']]}
            rules={[
              { required: true, message: t('wfm.setup.timeInvalid') },
              ...time,
              ({ getFieldValue }) => ({
                validator: (_: unknown, value: string | undefined) => {
                  const from = parseMinute(getFieldValue([...name, 'from']) ?? '');
                  const to = parseMinute(value ?? '');
                  return from === null || to === null || to > from
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('wfm.setup.availabilityOrder')));
                },
              }),
            ]}
            style={{ marginBottom: 0 }}
          >
            <Input placeholder="18:00" style={{ width: 90 }} aria-label={t('wfm.setup.latest')} />
          </Form.Item>
        </>
      ) : null}
    </Flex>
  );
}
