import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Flex, Form, Input, InputNumber, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type CreateForecastBody, FORECAST_METHODS, type Forecast } from '../../../../contracts/wfm';
import { useCalendars, useQueues } from '../../app/lookups';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormModal } from '../../ui/form-modal';
import { useCreateForecast } from './api';
import { factorOfPercent } from './forecast-chart';
import { WFM_IDS } from './testids';

type Values = {
  name: string;
  queueIds: string[];
  startDate: Dayjs;
  days: number;
  intervalMinutes: 15 | 30;
  historyWeeks: number;
  method: CreateForecastBody['method'];
  calendarId?: string;
  specialDays?: { date?: Dayjs; percent?: number; name?: string }[];
};

const DATE = 'YYYY-MM-DD';

/** 新建预测: which queues, from when, for how long, from how much history and by which method. */
export function ForecastForm({
  defaultStart,
  centerTz,
  onClose,
  onCreated,
}: {
  defaultStart: string;
  centerTz: string;
  onClose: () => void;
  onCreated: (forecast: Forecast) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queues = useQueues();
  const calendars = useCalendars();
  const create = useCreateForecast();
  const submit = useFormSubmit(
    form,
    (v: Values) =>
      create.mutateAsync({
        name: v.name,
        queueIds: v.queueIds,
        startDate: v.startDate.format(DATE),
        days: v.days,
        intervalMinutes: v.intervalMinutes,
        historyWeeks: v.historyWeeks,
        method: v.method,
        calendarId: v.calendarId ?? null,
        specialDays: (v.specialDays ?? [])
          .filter((d) => d.date)
          .map((d) => ({
            date: (d.date as Dayjs).format(DATE),
            uplift: factorOfPercent(d.percent ?? 0),
            name: d.name ?? '',
          })),
      }),
    {
      onSuccess: (forecast) => {
        void message.success(t('wfm.form.created', { name: forecast.name }));
        onCreated(forecast);
      },
    },
  );
  const required = (field: string) => [{ required: true, message: t('wfm.form.required', { field }) }];

  return (
    <FormModal<Values>
      title={t('wfm.form.title')}
      onClose={onClose}
      form={form}
      width={640}
      initialValues={{
        startDate: dayjs(defaultStart),
        days: 7,
        intervalMinutes: 30,
        historyWeeks: 12,
        method: 'auto',
        specialDays: [],
      }}
      onFinish={submit.submit}
      pending={submit.pending}
      submitLabel={t('wfm.form.submit')}
      submitTestId={WFM_IDS.forecastSubmit}
      formError={submit.formError}
    >
      <Form.Item name="name" label={t('wfm.form.name')} rules={required(t('wfm.form.name'))}>
        <Input placeholder={t('wfm.form.namePlaceholder')} maxLength={100} data-testid={WFM_IDS.forecastName} />
      </Form.Item>
      <Form.Item name="queueIds" label={t('wfm.form.queues')} rules={required(t('wfm.form.queues'))}>
        <Select
          mode="multiple"
          loading={queues.isLoading}
          optionFilterProp="label"
          options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
          data-testid={WFM_IDS.forecastQueues}
        />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item
          name="startDate"
          label={t('wfm.form.startDate')}
          extra={t('wfm.form.startDateHelp', { tz: centerTz })}
          rules={required(t('wfm.form.startDate'))}
        >
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="days" label={t('wfm.form.days')} rules={required(t('wfm.form.days'))}>
          <InputNumber min={1} max={42} precision={0} />
        </Form.Item>
        <Form.Item name="intervalMinutes" label={t('wfm.form.interval')}>
          <Radio.Group
            optionType="button"
            options={[15, 30].map((m) => ({ value: m, label: t('wfm.form.intervalValue', { minutes: m }) }))}
          />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item
          name="historyWeeks"
          label={t('wfm.form.historyWeeks')}
          extra={t('wfm.form.historyWeeksHelp')}
          rules={required(t('wfm.form.historyWeeks'))}
          style={{ flex: 1 }}
        >
          <InputNumber min={1} max={104} precision={0} data-testid={WFM_IDS.forecastHistoryWeeks} />
        </Form.Item>
        <Form.Item name="method" label={t('wfm.form.method')} extra={t('wfm.form.methodHelp')} style={{ flex: 2 }}>
          <Select
            options={(['auto', ...FORECAST_METHODS] as const).map((m) => ({ value: m, label: t(`wfm.method.${m}`) }))}
          />
        </Form.Item>
      </Flex>
      <Form.Item name="calendarId" label={t('wfm.form.calendar')} extra={t('wfm.form.calendarHelp')}>
        <Select
          allowClear
          loading={calendars.isLoading}
          options={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Form.Item>
      <Form.Item label={t('wfm.form.specialDays')} extra={t('wfm.form.specialDaysHelp')}>
        <Form.List name="specialDays">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8}>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item name={[field.name, 'date']} noStyle rules={required(t('wfm.form.specialDate'))}>
                    <DatePicker placeholder={t('wfm.form.specialDate')} aria-label={t('wfm.form.specialDate')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'percent']} noStyle>
                    <InputNumber
                      min={-100}
                      max={900}
                      suffix="%"
                      placeholder="+20"
                      aria-label={t('wfm.form.uplift')}
                      style={{ width: 130 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} noStyle>
                    <Input
                      placeholder={t('wfm.form.specialName')}
                      aria-label={t('wfm.form.specialName')}
                      maxLength={100}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('wfm.adjust.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ percent: 20 })}>
                {t('wfm.form.addSpecialDay')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
    </FormModal>
  );
}
