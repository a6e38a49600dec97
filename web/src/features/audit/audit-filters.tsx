import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../../../contracts/audit-actions';
import type { AuditFilters } from './api';

type Values = { action?: string; entityType?: string; range?: [Dayjs | null, Dayjs | null] | null };
export type AuditFilterValues = Pick<AuditFilters, 'action' | 'entityType' | 'from' | 'to'>;

/** A filter chosen from a list of codes, shown and searched by their words. */
function CodeFilter({
  name,
  label,
  options,
}: {
  name: 'action' | 'entityType';
  label: string;
  options: { value: string; label: string }[];
}) {
  return (
    <Form.Item name={name}>
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={label}
        aria-label={label}
        options={options}
        style={{ width: 220 }}
        popupMatchSelectWidth={false}
      />
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
      <CodeFilter
        name="action"
        label={t('audit.filterAction')}
        options={AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))}
      />
      <CodeFilter
        name="entityType"
        label={t('audit.filterEntityType')}
        options={AUDIT_ENTITY_TYPES.map((e) => ({ value: e, label: t(`audit.entityTypes.${e}`) }))}
      />
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
