import { MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { addDays } from '../../../../contracts/local-dates';
import type { Forecast } from '../../../../contracts/wfm';
import { useFormSubmit } from '../../app/use-form-submit';
import { FormError } from '../../ui/form-error';
import { useAdjustForecast } from './api';
import { dayLabel, intervalTime } from './dates';
import { factorOfPercent, percentOfFactor } from './forecast-chart';
import { WFM_IDS } from './testids';

/** '' stands for every queue of the forecast (a Select cannot hold null). */
const ALL = '';

type Row = {
  date?: string;
  queueId: string;
  fromInterval?: number;
  toInterval?: number;
  percent?: number;
  note?: string;
};
type Values = { adjustments: Row[]; note?: string };

/**
 * The planner's adjustments of a forecast, as a list edited whole: saving sends the list as the
 * next version (the server replaces, it does not append), so the current ones are the starting point.
 */
export function AdjustmentsEditor({ forecast, onSaved }: { forecast: Forecast; onSaved: (next: Forecast) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const adjust = useAdjustForecast(forecast.id);
  const submit = useFormSubmit(
    form,
    (v: Values) =>
      adjust.mutateAsync({
        note: v.note ?? '',
        adjustments: v.adjustments.map((a) => ({
          date: a.date ?? '',
          queueId: a.queueId === ALL ? null : a.queueId,
          ...(a.fromInterval === undefined ? {} : { fromInterval: a.fromInterval }),
          ...(a.toInterval === undefined ? {} : { toInterval: a.toInterval }),
          factor: factorOfPercent(a.percent ?? 0),
          note: a.note ?? '',
        })),
      }),
    {
      onSuccess: (next) => {
        void message.success(t('wfm.adjust.saved', { version: next.version }));
        onSaved(next);
      },
    },
  );

  const dates = Array.from({ length: forecast.days }, (_, i) => addDays(forecast.startDate, i));
  const perDay = Math.round(1440 / forecast.intervalMinutes);
  const intervals = Array.from({ length: perDay }, (_, i) => ({
    value: i,
    label: intervalTime(i, forecast.intervalMinutes),
  }));
  const queues = [
    { value: ALL, label: t('wfm.adjust.allQueues') },
    ...forecast.queues.map((q) => ({ value: q.queueId, label: q.queueName })),
  ];

  return (
    <Card title={t('wfm.adjust.title')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('wfm.adjust.help')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit.submit}
        initialValues={{
          note: '',
          adjustments: forecast.adjustments.map((a) => ({
            date: a.date,
            queueId: a.queueId ?? ALL,
            fromInterval: a.fromInterval,
            toInterval: a.toInterval,
            percent: percentOfFactor(a.factor),
            note: a.note,
          })),
        }}
      >
        <FormError message={submit.formError} />
        <Form.List name="adjustments">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8} style={{ marginBottom: 16 }}>
              {fields.length === 0 ? <Typography.Text type="secondary">{t('wfm.adjust.empty')}</Typography.Text> : null}
              {fields.map((field) => (
                <Flex key={field.key} gap={8} wrap align="flex-start">
                  <Form.Item
                    name={[field.name, 'date']}
                    label={t('wfm.adjust.date')}
                    rules={[{ required: true, message: t('wfm.form.required', { field: t('wfm.adjust.date') }) }]}
                  >
                    <Select
                      style={{ width: 170 }}
                      options={dates.map((d) => ({ value: d, label: dayLabel(d, i18n.language) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'queueId']} label={t('wfm.adjust.queue')}>
                    <Select style={{ width: 160 }} options={queues} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'fromInterval']} label={t('wfm.adjust.from')}>
                    <Select
                      allowClear
                      placeholder={t('wfm.adjust.wholeDay')}
                      style={{ width: 120 }}
                      options={intervals}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'toInterval']} label={t('wfm.adjust.to')}>
                    <Select
                      allowClear
                      placeholder={t('wfm.adjust.wholeDay')}
                      style={{ width: 120 }}
                      options={intervals}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'percent']}
                    label={t('wfm.adjust.percent')}
                    rules={[{ required: true, message: t('wfm.form.required', { field: t('wfm.adjust.percent') }) }]}
                  >
                    <InputNumber<number>
                      min={-100}
                      max={900}
                      suffix="%"
                      style={{ width: 120 }}
                      formatter={(v) => (v !== undefined && v !== null && Number(v) > 0 ? `+${v}` : String(v ?? ''))}
                      parser={(v) => Number((v ?? '').replace(/[+%\s]/g, ''))}
                      data-testid={WFM_IDS.adjustPercent(field.name)}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'note']}
                    label={t('wfm.adjust.note')}
                    style={{ flex: 1, minWidth: 160 }}
                  >
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item label=" ">
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t('wfm.adjust.remove')}
                      onClick={() => remove(field.name)}
                    />
                  </Form.Item>
                </Flex>
              ))}
              <div>
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ date: forecast.startDate, queueId: ALL, percent: 20 })}
                  data-testid={WFM_IDS.adjustAdd}
                >
                  {t('wfm.adjust.add')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>
        <Flex gap={8} align="flex-end" wrap>
          <Form.Item
            name="note"
            label={t('wfm.adjust.versionNote')}
            style={{ flex: 1, minWidth: 240, marginBottom: 0 }}
          >
            <Input maxLength={200} data-testid={WFM_IDS.adjustNote} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={submit.pending}
            data-testid={WFM_IDS.adjustSave}
          >
            {t('wfm.adjust.save')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
