import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CALL_END_REASONS, type CallEndReason } from '../../../../contracts/calls';
import { useQueues, useUsers } from '../../app/lookups';
import { useSession } from '../../app/session';
import type { CallFilters } from './api';

type Values = {
  range?: [Dayjs | null, Dayjs | null] | null;
  queue?: string;
  agent?: string;
  number?: string;
  endReason?: CallEndReason;
};
export type CallFilterValues = Omit<CallFilters, 'limit' | 'offset'>;

/** Filters apply on Enter or the search button; the time range is sent with its offset. */
export function CallFiltersForm({ onApply }: { onApply: (filters: CallFilterValues) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const queues = useQueues();
  // The agent picker needs the user list; without users.view the filter is left out.
  const canListUsers = session.can('users.view');
  const agents = useUsers({ page: 1, pageSize: 200 }, canListUsers);
  const apply = (values: Values) =>
    onApply({
      from: values.range?.[0]?.format() || undefined,
      to: values.range?.[1]?.format() || undefined,
      queue: values.queue || undefined,
      agent: values.agent || undefined,
      number: values.number?.trim() || undefined,
      endReason: values.endReason || undefined,
    });

  return (
    <Form form={form} layout="inline" onFinish={apply} className="page-filters" role="search">
      <Form.Item name="range">
        <DatePicker.RangePicker
          showTime
          allowEmpty={[true, true]}
          placeholder={[t('calls.timeFrom'), t('calls.timeTo')]}
        />
      </Form.Item>
      <Form.Item name="queue">
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('calls.filterQueue')}
          aria-label={t('calls.col.queue')}
          style={{ width: 160 }}
          loading={queues.isLoading}
          options={queues.data?.map((q) => ({ value: q.key, label: q.name }))}
        />
      </Form.Item>
      {canListUsers ? (
        <Form.Item name="agent">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('calls.filterAgent')}
            aria-label={t('calls.col.agent')}
            style={{ width: 160 }}
            loading={agents.isLoading}
            options={agents.data?.items.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
          />
        </Form.Item>
      ) : null}
      <Form.Item name="number" rules={[{ pattern: /^\+?[0-9*#]{1,32}$/, message: t('calls.numberRule') }]}>
        <Input
          allowClear
          placeholder={t('calls.filterNumber')}
          aria-label={t('calls.filterNumber')}
          style={{ width: 180 }}
        />
      </Form.Item>
      <Form.Item name="endReason">
        <Select
          allowClear
          placeholder={t('calls.filterEndReason')}
          aria-label={t('calls.col.endReason')}
          style={{ width: 160 }}
          options={CALL_END_REASONS.map((r) => ({ value: r, label: t(`calls.endReason.${r}`) }))}
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t('common.search')}
        </Button>
      </Form.Item>
      <Form.Item>
        <Button
          onClick={() => {
            form.resetFields();
            apply({});
          }}
        >
          {t('common.reset')}
        </Button>
      </Form.Item>
    </Form>
  );
}
