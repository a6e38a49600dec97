import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Divider, Form, type FormListFieldData, Input, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const KEY_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

/** A record's machine key: typed once on create, shown read-only after. */
export function KeyField({ name = 'key', label, editing }: { name?: string; label: string; editing: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={editing ? undefined : t('routingAdmin.keyRule')}
      rules={editing ? [] : [{ required: true, pattern: KEY_PATTERN, message: t('routingAdmin.keyRule') }]}
    >
      <Input disabled={editing} autoComplete="off" autoFocus={!editing} />
    </Form.Item>
  );
}

/** A record's display name; focused first when editing, since the key is then fixed. */
export function NameField({ editing }: { editing: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="name"
      label={t('routingAdmin.name')}
      rules={[{ required: true, whitespace: true, message: t('routingAdmin.nameRequired') }, { max: 100 }]}
    >
      <Input autoComplete="off" autoFocus={editing} />
    </Form.Item>
  );
}

/** Select options for keyed records (skills, queues): "Name (key)". */
export const keyedOptions = (items: readonly { key: string; name: string }[] | undefined) =>
  (items ?? []).map((x) => ({ value: x.key, label: `${x.name} (${x.key})` }));

type RowListProps = {
  /** The form list's field name. */
  name: string;
  title: ReactNode;
  addLabel: ReactNode;
  /** The values a new row starts with. */
  newRow: object;
  /** One row's fields; a remove button follows them. */
  children: (field: FormListFieldData) => ReactNode;
};

/** A titled list of editable rows (skills, memberships, relaxation steps), each removable, with an add button. */
export function RowList({ name, title, addLabel, newRow, children }: RowListProps) {
  const { t } = useTranslation();
  return (
    <>
      <Divider titlePlacement="start">{title}</Divider>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <div className="form-list">
            {fields.map((field) => (
              <Space key={field.key} align="baseline" wrap>
                {children(field)}
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label={t('routingAdmin.remove')}
                />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(newRow)}>
              {addLabel}
            </Button>
          </div>
        )}
      </Form.List>
    </>
  );
}
