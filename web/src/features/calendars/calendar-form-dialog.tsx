import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Divider, Form, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Calendar,
  type CalendarBody,
  type CalendarDay,
  rangeMinutes,
  type WeeklyHours,
} from '../../../../contracts/calendars';
import { useErrorMessage } from '../../app/errors';
import { useFormSubmit } from '../../app/use-form-submit';
import { DateTime } from '../../ui/date-time';
import { FormModal } from '../../ui/form-modal';
import { checkCalendar, createCalendar, importNational, replaceCalendar, useInvalidateCalendars } from './api';
import { CALENDARS_IDS } from './testids';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Tokyo',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'UTC',
];

type Values = {
  name: string;
  timeZone: string;
  description?: string;
  weekly: Record<(typeof WEEKDAYS)[number], string[] | undefined>;
  makeUpHours?: string[];
  days?: Array<{ date: string; kind: CalendarDay['kind']; name: string; hours?: string[] | null }>;
};

function bodyOf(v: Values): CalendarBody {
  const weekly: WeeklyHours = {};
  for (const d of WEEKDAYS) if (v.weekly?.[d]?.length) weekly[d] = v.weekly[d];
  return {
    name: v.name.trim(),
    timeZone: v.timeZone,
    description: v.description?.trim() ?? '',
    weekly,
    makeUpHours: v.makeUpHours?.length ? v.makeUpHours : null,
    days: (v.days ?? []).map((d) => ({
      date: d.date,
      kind: d.kind,
      name: d.name.trim(),
      ...(d.hours?.length ? { hours: d.hours } : {}),
    })),
  };
}

/** A tags input of 'HH:MM-HH:MM' ranges, checked as the server checks them. */
function RangesItem({ name, label, help }: { name: (string | number)[]; label: string; help?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      help={help}
      rules={[
        {
          validator: (_rule, value: string[] | undefined) =>
            (value ?? []).every((r) => rangeMinutes(r))
              ? Promise.resolve()
              : Promise.reject(new Error(t('calendars.form.badRange'))),
        },
      ]}
    >
      <Select
        mode="tags"
        tokenSeparators={[',', ' ', '，']}
        open={false}
        placeholder={t('calendars.form.rangesPlaceholder')}
      />
    </Form.Item>
  );
}

/** Checks the saved calendar at a local time typed by the admin. */
function CheckBox({ calendarId }: { calendarId: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [at, setAt] = useState('');
  const [result, setResult] = useState<{ open: boolean; nextOpen: string | null } | string>();
  const run = async () => {
    try {
      setResult(await checkCalendar(calendarId, new Date(at || Date.now()).toISOString()));
    } catch (err) {
      setResult(errorMessage(err));
    }
  };
  return (
    <Space wrap>
      <Typography.Text>{t('calendars.check.at')}</Typography.Text>
      <Input
        type="datetime-local"
        value={at}
        onChange={(e) => setAt(e.target.value)}
        data-testid={CALENDARS_IDS.checkAt}
      />
      <Button onClick={() => void run()} data-testid={CALENDARS_IDS.checkRun}>
        {t('calendars.check.run')}
      </Button>
      <span data-testid={CALENDARS_IDS.checkResult}>
        {typeof result === 'string' ? <Typography.Text type="danger">{result}</Typography.Text> : null}
        {result && typeof result !== 'string' ? (
          <>
            <Tag color={result.open ? 'green' : 'default'}>
              {t(result.open ? 'calendars.check.open' : 'calendars.check.closed')}
            </Tag>
            {result.open ? null : result.nextOpen ? (
              <>
                {t('calendars.check.nextOpen', { at: '' })}
                <DateTime value={result.nextOpen} />
              </>
            ) : (
              t('calendars.check.never')
            )}
          </>
        ) : null}
      </span>
    </Space>
  );
}

/** Create or edit a calendar: weekly hours, make-up hours, holidays and 调休 days; rendered only while open. */
export function CalendarFormDialog({ calendar, onClose }: { calendar?: Calendar; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateCalendars();
  const [form] = Form.useForm<Values>();
  const [year, setYear] = useState(new Date().getFullYear());
  const [importing, setImporting] = useState(false);

  const save = useFormSubmit(
    form,
    async (values: Values): Promise<Calendar> =>
      calendar ? replaceCalendar(calendar.id, bodyOf(values)) : createCalendar(bodyOf(values)),
    {
      fieldsByCode: { 'CALENDARS.NAME_TAKEN': 'name' },
      onSuccess: (saved) => {
        invalidate();
        void message.success(t(calendar ? 'calendars.updated' : 'calendars.created', { name: saved.name }));
        onClose();
      },
    },
  );

  // Imported days are saved at once; the form takes them so that saving it keeps them.
  const runImport = async () => {
    if (!calendar) return;
    setImporting(true);
    try {
      const result = await importNational(calendar.id, year);
      form.setFieldValue('days', result.calendar.days);
      invalidate();
      void message.success(t('calendars.imported', { holidays: result.holidays, workdays: result.workdays }));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setImporting(false);
    }
  };

  const initialValues: Partial<Values> = calendar
    ? {
        name: calendar.name,
        timeZone: calendar.timeZone,
        description: calendar.description,
        weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, calendar.weekly[d] ?? []])) as Values['weekly'],
        makeUpHours: calendar.makeUpHours ?? [],
        days: calendar.days,
      }
    : { timeZone: 'Asia/Shanghai', weekly: {} as Values['weekly'], days: [] };

  return (
    <FormModal
      title={t(calendar ? 'calendars.edit' : 'calendars.create')}
      onClose={onClose}
      form={form}
      width={860}
      initialValues={initialValues}
      onFinish={save.submit}
      pending={save.pending}
      formError={save.formError}
      submitLabel={t(calendar ? 'common.save' : 'common.create')}
      submitTestId={CALENDARS_IDS.formSubmit}
    >
      <Space wrap align="start">
        <Form.Item
          name="name"
          label={t('calendars.form.name')}
          rules={[{ required: true, whitespace: true, message: t('calendars.form.nameRequired') }, { max: 100 }]}
        >
          <Input autoComplete="off" autoFocus style={{ width: 260 }} data-testid={CALENDARS_IDS.formName} />
        </Form.Item>
        <Form.Item name="timeZone" label={t('calendars.form.timeZone')} rules={[{ required: true }]}>
          <Select showSearch style={{ width: 220 }} options={ZONES.map((z) => ({ value: z, label: z }))} />
        </Form.Item>
      </Space>
      <Form.Item name="description" label={t('calendars.form.description')} rules={[{ max: 1000 }]}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
      </Form.Item>

      <Divider titlePlacement="start">{t('calendars.form.weekly')}</Divider>
      {WEEKDAYS.map((d) => (
        <RangesItem key={d} name={['weekly', d]} label={t(`calendars.weekdays.${d}`)} />
      ))}
      <RangesItem
        name={['makeUpHours']}
        label={t('calendars.form.makeUpHours')}
        help={t('calendars.form.makeUpHoursHelp')}
      />

      <Divider titlePlacement="start">{t('calendars.form.days')}</Divider>
      {calendar ? (
        <Space style={{ marginBottom: 12 }}>
          <InputNumber
            min={2000}
            max={2100}
            value={year}
            onChange={(v) => setYear(v ?? year)}
            data-testid={CALENDARS_IDS.importYear}
          />
          <Button loading={importing} onClick={() => void runImport()} data-testid={CALENDARS_IDS.importNational}>
            {t('calendars.importNational', { year })}
          </Button>
        </Space>
      ) : null}
      <Form.List name="days">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item name={[field.name, 'date']} rules={[{ required: true, message: t('calendars.form.date') }]}>
                  <Input type="date" aria-label={t('calendars.form.date')} />
                </Form.Item>
                <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]}>
                  <Select
                    style={{ width: 180 }}
                    aria-label={t('calendars.form.kind')}
                    options={(['holiday', 'workday'] as const).map((k) => ({
                      value: k,
                      label: t(`calendars.kinds.${k}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'name']}
                  rules={[{ required: true, whitespace: true, message: t('calendars.form.dayName') }, { max: 100 }]}
                >
                  <Input placeholder={t('calendars.form.dayName')} />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={t('calendars.form.remove')}
                  onClick={() => remove(field.name)}
                />
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'holiday', date: '', name: '' }, 0)}>
              {t('calendars.form.addDay')}
            </Button>
          </>
        )}
      </Form.List>

      {calendar ? (
        <>
          <Divider titlePlacement="start">{t('calendars.check.title')}</Divider>
          <CheckBox calendarId={calendar.id} />
        </>
      ) : null}
    </FormModal>
  );
}
