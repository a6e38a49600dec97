import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Flex, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ShiftTemplate, ShiftTemplateBody } from '../../../../contracts/wfm-schedules';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { hoursOf, minuteText, parseMinute } from './schedule-times';
import { useSaveShiftTemplate } from './schedules-api';
import { SCHEDULE_IDS } from './schedules-testids';

/** The form's values: as the body, but start windows as HH:mm (the body's paths still name the fields). */
type Values = Omit<ShiftTemplateBody, 'startWindows'> & {
  startWindows: { earliest: string; latest: string; step: number }[];
};

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
/** Shift lengths offered: 1 to 16 hours in half hours (as minutes). */
const LENGTHS = Array.from({ length: 31 }, (_, i) => 60 + i * 30);

const newValues = (lunch: string): Values => ({
  name: '',
  startWindows: [{ earliest: '08:00', latest: '10:00', step: 30 }],
  lengthsMinutes: [540],
  breaks: [{ name: lunch, kind: 'lunch', minutes: 60, paid: false, earliestAfterStart: 180, latestAfterStart: 300 }],
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  partTime: false,
  costPerPaidHour: 1,
  active: true,
});

function valuesOf(template: ShiftTemplate): Values {
  return {
    name: template.name,
    startWindows: template.startWindows.map((w) => ({
      earliest: minuteText(w.earliest),
      latest: minuteText(w.latest),
      step: w.step,
    })),
    lengthsMinutes: template.lengthsMinutes,
    breaks: template.breaks,
    weekdays: template.weekdays,
    partTime: template.partTime,
    costPerPaidHour: template.costPerPaidHour,
    active: template.active,
  };
}

/** 班次模板: when a shift may start, how long it is, its breaks, on which weekdays, and what it costs. */
export function TemplateForm({ template, onClose }: { template?: ShiftTemplate; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveShiftTemplate(template?.id);
  const submit = useFormSubmit(
    form,
    (v: Values) =>
      save.mutateAsync({
        ...v,
        name: v.name.trim(),
        startWindows: v.startWindows.map((w) => ({
          earliest: parseMinute(w.earliest) ?? 0,
          latest: parseMinute(w.latest) ?? 0,
          step: w.step,
        })),
        breaks: v.breaks ?? [],
      }),
    {
      fieldsByCode: { 'WFM.TEMPLATE_NAME_TAKEN': 'name' },
      onSuccess: (saved) => {
        void message.success(t('wfm.setup.templateSaved', { name: saved.name }));
        onClose();
      },
    },
  );
  const time = [
    { required: true, message: t('wfm.setup.timeInvalid') },
    {
      validator: (_: unknown, value: string | undefined) =>
        !value || parseMinute(value) !== null
          ? Promise.resolve()
          : Promise.reject(new Error(t('wfm.setup.timeInvalid'))),
    },
  ];
  const hours = (m: number) => t('wfm.setup.hoursValue', { hours: hoursOf(m).toLocaleString(i18n.language) });

  return (
    <FormModal<Values>
      title={template ? t('wfm.setup.editTemplate', { name: template.name }) : t('wfm.setup.newTemplate')}
      onClose={onClose}
      form={form}
      width={860}
      initialValues={template ? valuesOf(template) : newValues(t('wfm.setup.breakKind.lunch'))}
      onFinish={submit.submit}
      pending={submit.pending}
      submitLabel={t('common.save')}
      submitTestId={SCHEDULE_IDS.templateSubmit}
      formError={submit.formError}
      scrollToFirstError
    >
      <Flex gap={16} wrap>
        <Form.Item
          name="name"
          label={t('wfm.setup.templateName')}
          rules={[{ required: true, whitespace: true, message: t('wfm.setup.nameRequired') }]}
          style={{ flex: '1 1 240px' }}
        >
          <Input
            maxLength={60}
            placeholder={t('wfm.setup.templateNamePlaceholder')}
            data-testid={SCHEDULE_IDS.templateName}
          />
        </Form.Item>
        <Form.Item name="costPerPaidHour" label={t('wfm.setup.cost')} tooltip={t('wfm.setup.costHelp')}>
          <InputNumber min={0.1} max={10} step={0.1} />
        </Form.Item>
        <Form.Item name="partTime" label={t('wfm.setup.partTime')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item
          name="active"
          label={t('wfm.setup.active')}
          valuePropName="checked"
          tooltip={t('wfm.setup.activeHelp')}
        >
          <Switch />
        </Form.Item>
      </Flex>
      <Form.Item label={t('wfm.setup.startWindows')} extra={t('wfm.setup.startWindowsHelp')} required>
        <Form.List name="startWindows">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline" wrap>
                  <Form.Item name={[field.name, 'earliest']} rules={time} style={{ marginBottom: 0 }}>
                    <Input
                      prefix={t('wfm.setup.earliest')}
                      placeholder="08:00"
                      style={{ width: 170 }}
                      data-testid={SCHEDULE_IDS.windowEarliest(field.name)}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'latest']} rules={time} style={{ marginBottom: 0 }}>
                    <Input
                      prefix={t('wfm.setup.latest')}
                      placeholder="10:00"
                      style={{ width: 170 }}
                      data-testid={SCHEDULE_IDS.windowLatest(field.name)}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'step']} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
                    <InputNumber
                      min={5}
                      max={240}
                      precision={0}
                      prefix={t('wfm.setup.step')}
                      suffix={t('wfm.setup.minutes')}
                      style={{ width: 200 }}
                    />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('wfm.setup.remove')}
                      onClick={() => remove(field.name)}
                    />
                  ) : null}
                </Flex>
              ))}
              {fields.length < 6 ? (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ earliest: '', latest: '', step: 30 })}
                  style={{ alignSelf: 'flex-start' }}
                >
                  {t('wfm.setup.addWindow')}
                </Button>
              ) : null}
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item
        name="lengthsMinutes"
        label={t('wfm.setup.lengths')}
        extra={t('wfm.setup.lengthsHelp')}
        rules={[{ required: true, message: t('wfm.setup.lengthsRequired') }]}
      >
        <Select
          mode="multiple"
          maxCount={6}
          data-testid={SCHEDULE_IDS.lengths}
          options={LENGTHS.map((m) => ({ value: m, label: hours(m) }))}
        />
      </Form.Item>
      <Form.Item
        name="weekdays"
        label={t('wfm.setup.weekdays')}
        rules={[{ required: true, message: t('wfm.setup.weekdaysRequired') }]}
      >
        <Checkbox.Group options={WEEKDAYS.map((d) => ({ value: d, label: t(`wfm.weekday.${d}`) }))} />
      </Form.Item>
      <Form.Item label={t('wfm.setup.breaks')} extra={t('wfm.setup.breaksHelp')}>
        <Form.List name="breaks">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.length > 0 ? (
                <Flex gap={8}>
                  {[
                    [t('wfm.setup.breakName'), 120],
                    [t('wfm.setup.breakKindLabel'), 100],
                    [t('wfm.setup.breakMinutes'), 90],
                    [t('wfm.setup.paid'), 50],
                    [t('wfm.setup.earliestAfter'), 130],
                    [t('wfm.setup.latestAfter'), 130],
                  ].map(([label, width]) => (
                    <Typography.Text key={label} type="secondary" style={{ width, fontSize: 12 }}>
                      {label}
                    </Typography.Text>
                  ))}
                </Flex>
              ) : null}
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('wfm.setup.nameRequired') }]}
                    style={{ marginBottom: 0, width: 120 }}
                  >
                    <Input maxLength={40} aria-label={t('wfm.setup.breakName')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']} style={{ marginBottom: 0, width: 100 }}>
                    <Select
                      aria-label={t('wfm.setup.breakKindLabel')}
                      options={(['break', 'lunch'] as const).map((k) => ({
                        value: k,
                        label: t(`wfm.setup.breakKind.${k}`),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'minutes']}
                    rules={[{ required: true }]}
                    style={{ marginBottom: 0, width: 90 }}
                  >
                    <InputNumber min={5} max={120} precision={0} aria-label={t('wfm.setup.breakMinutes')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'paid']} valuePropName="checked" style={{ marginBottom: 0, width: 50 }}>
                    <Checkbox aria-label={t('wfm.setup.paid')} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'earliestAfterStart']}
                    rules={[{ required: true }]}
                    style={{ marginBottom: 0, width: 130 }}
                  >
                    <InputNumber min={0} max={960} precision={0} aria-label={t('wfm.setup.earliestAfter')} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'latestAfterStart']}
                    rules={[{ required: true }]}
                    style={{ marginBottom: 0, width: 130 }}
                  >
                    <InputNumber min={0} max={960} precision={0} aria-label={t('wfm.setup.latestAfter')} />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('wfm.setup.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              {fields.length < 6 ? (
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  data-testid={SCHEDULE_IDS.breakAdd}
                  style={{ alignSelf: 'flex-start' }}
                  onClick={() =>
                    add({
                      name: t('wfm.setup.breakKind.break'),
                      kind: 'break',
                      minutes: 15,
                      paid: true,
                      earliestAfterStart: 90,
                      latestAfterStart: 180,
                    })
                  }
                >
                  {t('wfm.setup.addBreak')}
                </Button>
              ) : null}
            </Flex>
          )}
        </Form.List>
      </Form.Item>
    </FormModal>
  );
}
