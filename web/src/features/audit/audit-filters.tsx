import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditFilters } from './api';

type Values = { action?: string; entityType?: string; range?: [Dayjs | null, Dayjs | null] | null };
export type AuditFilterValues = Pick<AuditFilters, 'action' | 'entityType' | 'from' | 'to'>;

/** A free-text filter box; apply() trims it and leaves it out when empty. */
function TextFilter({
  name,
  placeholder,
  label,
}: {
  name: 'action' | 'entityType';
  placeholder: string;
  label: string;
}) {
  return (
    <Form.Item name={name}>
      <Input allowClear placeholder={placeholder} aria-label={label} style={{ width: 180 }} />
    </Form.Item>
  );
}

/** Filters apply on Enter or the search button; the time range is sent with its offset. */
export function AuditFiltersForm({ onApply }: { onApply: (filters: AuditFilterValues) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const apply = (values: Values) =>
    onApply({
      action: values.action?.trim() || undefined,
      entityType: values.entityType?.trim() || undefined,
      from: values.range?.[0]?.format() || undefined,
      to: values.range?.[1]?.format() || undefined,
    });

  return (
    <Form form={form} layout="inline" onFinish={apply} className="page-filters" role="search">
      <TextFilter name="action" placeholder={t('audit.filterAction')} label={t('audit.col.action')} />
      <TextFilter name="entityType" placeholder={t('audit.filterEntityType')} label={t('audit.col.entityType')} />
      <Form.Item name="range">
        <DatePicker.RangePicker
          showTime
          allowEmpty={[true, true]}
          placeholder={[t('audit.timeFrom'), t('audit.timeTo')]}
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
