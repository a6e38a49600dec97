import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IVR_LANGUAGES, type IvrLanguage, MENU_KEYS, WEEKDAYS } from '../../../../contracts/ivr';
import { useCalendars } from '../../app/lookups';
import { useQueues } from './api';
import { type DocNode, menuKeys, withMenuKeys } from './flow-graph';
import { PromptListField, PromptSelect } from './prompt-field';
import { IVR_IDS } from './testids';

type Pair = { name?: string; value?: string };
const DAY = 'YYYY-MM-DD';
const LANGUAGE_LABELS: Record<IvrLanguage, string> = { 'zh-CN': '中文（普通话）', 'en-US': 'English' };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const toPairs = (v: unknown): Pair[] =>
  isRecord(v) ? Object.entries(v).map(([name, value]) => ({ name, value: String(value) })) : [];
const fromPairs = (pairs: Pair[] | undefined) =>
  Object.fromEntries((pairs ?? []).filter((p) => p?.name).map((p) => [p.name ?? '', p.value ?? '']));

/** What the form edits: the node's fields, with a menu's keys, key/value maps and a JSON body as lists and text. */
function formValues(body: DocNode): Record<string, unknown> {
  const values: Record<string, unknown> = { ...body };
  if (body.type === 'menu') values.keys = menuKeys(body);
  if (body.type === 'http') {
    values.bodyText = body.body === undefined ? '' : JSON.stringify(body.body, null, 2);
    values.assignList = toPairs(body.assign);
  }
  if (body.type === 'set') values.attributesList = toPairs(body.attributes);
  return values;
}

/** The node with the form's values; an emptied optional field leaves the document (its default applies). */
function applyValues(body: DocNode, values: Record<string, unknown>): DocNode {
  let next: DocNode = { ...body };
  for (const [field, value] of Object.entries(values)) {
    if (field === 'keys') next = withMenuKeys(next, value as string[]);
    else if (field === 'bodyText') {
      const text = String(value ?? '').trim();
      if (!text) delete next.body;
      else {
        try {
          const parsed: unknown = JSON.parse(text);
          if (isRecord(parsed)) next.body = parsed;
        } catch {
          // Half-typed JSON: the field shows the problem, the document keeps the last good body.
        }
      }
    } else if (field === 'assignList') next.assign = fromPairs(value as Pair[]);
    else if (field === 'attributesList') next.attributes = fromPairs(value as Pair[]);
    else if (value === undefined || value === null || value === '') delete next[field];
    else next[field] = value;
  }
  return next;
}

/** Two inputs per row (name and value) for a map such as an HTTP node's `assign`. */
function PairList({ name, left, right }: { name: string; left: string; right: string }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <>
          {fields.map((f) => (
            <Space.Compact key={f.key} style={{ width: '100%', marginBottom: 6 }}>
              <Form.Item name={[f.name, 'name']} noStyle>
                <Input placeholder={left} style={{ width: '40%' }} />
              </Form.Item>
              <Form.Item name={[f.name, 'value']} noStyle>
                <Input placeholder={right} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('ivr.fields.remove')} />
            </Space.Compact>
          ))}
          <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })}>
            {t('ivr.fields.add')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

/** Days as YYYY-MM-DD strings in the document, dayjs values in the picker. */
const dayProps = {
  getValueProps: (v: unknown) => ({ value: Array.isArray(v) ? v.map((d) => dayjs(String(d), DAY)) : [] }),
  normalize: (v: Dayjs[] | null) => (v ?? []).map((d) => d.format(DAY)).sort(),
};

/**
 * The side panel's form of one node, one layout per node type; every change goes straight into the
 * drawing (the document is checked by the server on 校验 and 保存). `fieldIssues` are the server's
 * findings by the node's field, shown under that field.
 */
export function NodeForm({
  body,
  language,
  fieldIssues,
  onChange,
}: {
  body: DocNode;
  language: IvrLanguage;
  fieldIssues: ReadonlyMap<string, string>;
  onChange: (body: DocNode) => void;
}) {
  const { t } = useTranslation();
  const queues = useQueues(body.type === 'queue' || body.type === 'voicemail');
  const calendars = useCalendars(body.type === 'business_hours');
  const item = (name: string, label: string, control: ReactNode, extra?: ReactNode) => {
    const issue = fieldIssues.get(name);
    return (
      <Form.Item name={name} label={label} extra={extra} validateStatus={issue ? 'error' : undefined} help={issue}>
        {control}
      </Form.Item>
    );
  };
  const toggle = (name: string, label: string) => (
    <Form.Item name={name} label={label} valuePropName="checked">
      <Switch />
    </Form.Item>
  );
  const num = (name: string, label: string, min: number, max: number) =>
    item(name, label, <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} />);
  const prompts = (name = 'prompts', label = t('ivr.fields.prompts')) =>
    item(name, label, <PromptListField folder={language} />);
  const queuePicker = item(
    'queue',
    t('ivr.fields.queue'),
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={t('ivr.fields.pickQueue')}
      loading={queues.isLoading}
      options={(queues.data ?? []).map((q) => ({ value: q.key, label: q.name }))}
      data-testid={IVR_IDS.queueSelect}
    />,
  );

  const fields = (): ReactNode => {
    switch (body.type) {
      case 'play':
        return prompts();
      case 'menu':
        return (
          <>
            {prompts()}
            {item(
              'keys',
              t('ivr.fields.keys'),
              <Checkbox.Group
                options={MENU_KEYS.map((k) => ({ value: k, label: k }))}
                data-testid={IVR_IDS.menuKeys}
              />,
              t('ivr.fields.keysHelp'),
            )}
            {num('timeoutSeconds', t('ivr.fields.timeoutSeconds'), 1, 30)}
            {num('maxRetries', t('ivr.fields.maxRetries'), 1, 10)}
            {prompts('invalidPrompts', t('ivr.fields.invalidPrompts'))}
            {prompts('noInputPrompts', t('ivr.fields.noInputPrompts'))}
          </>
        );
      case 'collect':
        return (
          <>
            {prompts()}
            {item('variable', t('ivr.fields.variable'), <Input autoComplete="off" />)}
            {num('minDigits', t('ivr.fields.minDigits'), 1, 32)}
            {num('maxDigits', t('ivr.fields.maxDigits'), 1, 32)}
            {item('pattern', t('ivr.fields.pattern'), <Input autoComplete="off" />)}
            {item(
              'terminator',
              t('ivr.fields.terminator'),
              <Select
                allowClear
                placeholder={t('ivr.fields.none')}
                options={[
                  { value: '#', label: '#' },
                  { value: '*', label: '*' },
                ]}
              />,
            )}
            {num('timeoutSeconds', t('ivr.fields.timeoutSeconds'), 1, 30)}
            {num('interDigitSeconds', t('ivr.fields.interDigitSeconds'), 1, 15)}
            {num('maxRetries', t('ivr.fields.maxRetries'), 1, 10)}
            {prompts('invalidPrompts', t('ivr.fields.invalidPrompts'))}
            {prompts('noInputPrompts', t('ivr.fields.noInputPrompts'))}
          </>
        );
      case 'business_hours':
        // A shared business calendar (/admin/calendars) decides; the inline hours below are the fallback.
        return (
          <>
            {item(
              'calendarId',
              t('ivr.fields.calendar'),
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                loading={calendars.isLoading}
                options={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />,
              t('ivr.fields.calendarHelp'),
            )}
            {item('timezone', t('ivr.fields.timezone'), <Input placeholder="Asia/Shanghai" autoComplete="off" />)}
            <Form.Item label={t('ivr.fields.weekly')} extra={t('ivr.fields.weeklyHelp')}>
              {WEEKDAYS.map((d) => (
                <Form.Item
                  key={d}
                  name={['weekly', d]}
                  style={{ marginBottom: 6 }}
                  validateStatus={fieldIssues.get(`weekly.${d}`) ? 'error' : undefined}
                  help={fieldIssues.get(`weekly.${d}`)}
                >
                  <Select
                    mode="tags"
                    tokenSeparators={[',', ' ', '，']}
                    prefix={<span style={{ width: 36, display: 'inline-block' }}>{t(`ivr.fields.weekdays.${d}`)}</span>}
                    open={false}
                    suffixIcon={null}
                    placeholder="09:00-18:00"
                  />
                </Form.Item>
              ))}
            </Form.Item>
            <Form.Item name="holidays" label={t('ivr.fields.holidays')} {...dayProps}>
              <DatePicker multiple maxTagCount="responsive" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="workdays" label={t('ivr.fields.workdays')} {...dayProps}>
              <DatePicker multiple maxTagCount="responsive" style={{ width: '100%' }} />
            </Form.Item>
            {item(
              'workdayHours',
              t('ivr.fields.workdayHours'),
              <Select
                mode="tags"
                tokenSeparators={[',', ' ']}
                open={false}
                suffixIcon={null}
                placeholder="09:00-18:00"
              />,
              t('ivr.fields.workdayHoursHelp'),
            )}
          </>
        );
      case 'http':
        return (
          <>
            {item('url', t('ivr.fields.url'), <Input autoComplete="off" placeholder="https://" />)}
            {item(
              'method',
              t('ivr.fields.method'),
              <Select
                options={[
                  { value: 'GET', label: 'GET' },
                  { value: 'POST', label: 'POST' },
                ]}
              />,
            )}
            <Form.Item
              name="bodyText"
              label={t('ivr.fields.body')}
              rules={[
                {
                  validator: async (_r, v: string) => {
                    if (!v?.trim()) return;
                    let parsed: unknown;
                    try {
                      parsed = JSON.parse(v);
                    } catch {
                      throw new Error(t('ivr.fields.bodyInvalid'));
                    }
                    if (!isRecord(parsed)) throw new Error(t('ivr.fields.bodyInvalid'));
                  },
                },
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} spellCheck={false} />
            </Form.Item>
            {num('timeoutMs', t('ivr.fields.timeoutMs'), 100, 10_000)}
            <Form.Item label={t('ivr.fields.assign')}>
              <PairList name="assignList" left={t('ivr.fields.assignVariable')} right={t('ivr.fields.assignPath')} />
            </Form.Item>
          </>
        );
      case 'set':
        return (
          <>
            <Form.Item label={t('ivr.fields.attributes')}>
              <PairList
                name="attributesList"
                left={t('ivr.fields.attributeName')}
                right={t('ivr.fields.attributeValue')}
              />
            </Form.Item>
            {num('priority', t('ivr.fields.priority'), 0, 100)}
            <Form.Item label={t('ivr.fields.skills')}>
              <Form.List name="skills">
                {(rows, { add, remove }) => (
                  <>
                    {rows.map((f) => (
                      <Space.Compact key={f.key} style={{ width: '100%', marginBottom: 6 }}>
                        <Form.Item name={[f.name, 'skill']} noStyle>
                          <Input placeholder={t('ivr.fields.skill')} />
                        </Form.Item>
                        <Form.Item name={[f.name, 'minLevel']} noStyle>
                          <InputNumber min={1} max={5} placeholder={t('ivr.fields.minLevel')} />
                        </Form.Item>
                        <Button
                          icon={<DeleteOutlined />}
                          onClick={() => remove(f.name)}
                          aria-label={t('ivr.fields.remove')}
                        />
                      </Space.Compact>
                    ))}
                    <Button size="small" icon={<PlusOutlined />} onClick={() => add({ skill: '', minLevel: 1 })}>
                      {t('ivr.fields.add')}
                    </Button>
                  </>
                )}
              </Form.List>
            </Form.Item>
            {item(
              'language',
              t('ivr.fields.language'),
              <Select allowClear options={IVR_LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_LABELS[l] }))} />,
            )}
          </>
        );
      case 'queue':
        return (
          <>
            {queuePicker}
            {num('priority', t('ivr.fields.priority'), 0, 100)}
            {num('announceEverySeconds', t('ivr.fields.announceEverySeconds'), 0, 600)}
            {toggle('announcePosition', t('ivr.fields.announcePosition'))}
            {toggle('announceWait', t('ivr.fields.announceWait'))}
            {item('music', t('ivr.fields.music'), <PromptSelect folder="music" allowClear />)}
            {toggle('callbackOffer', t('ivr.fields.callbackOffer'))}
          </>
        );
      case 'voicemail':
        return (
          <>
            {queuePicker}
            {num('maxSeconds', t('ivr.fields.maxSeconds'), 5, 300)}
            {prompts()}
          </>
        );
      case 'transfer':
        return item('number', t('ivr.fields.number'), <Input autoComplete="off" placeholder="+8610086" />);
      case 'survey':
        return (
          <>
            {prompts()}
            {item('variable', t('ivr.fields.variable'), <Input autoComplete="off" />)}
          </>
        );
      case 'hangup':
        return prompts();
      case 'incident_active':
        return (
          <>
            {item('service', t('ivr.fields.service'), <Input autoComplete="off" placeholder="broadband" />)}
            {prompts()}
          </>
        );
      default:
        return null;
    }
  };

  return (
    <Form
      layout="vertical"
      size="small"
      initialValues={formValues(body)}
      onValuesChange={(_changed, all) => onChange(applyValues(body, all as Record<string, unknown>))}
    >
      {fields()}
    </Form>
  );
}
