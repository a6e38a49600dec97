import { Checkbox, Switch, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PreChatField, WebchatSettings } from '../../../../contracts/conversations';
import { PRE_CHAT_FIELDS } from './channel-form';

type PreChat = WebchatSettings['preChat'];
type Props = { value?: PreChat; onChange?: (value: PreChat) => void; id?: string };

/** Which fields the widget asks before a chat, and which of them must be filled. */
export function PreChatEditor({ value = [], onChange, id }: Props) {
  const { t } = useTranslation();
  const asked = new Map(value.map((f) => [f.field, f.required]));
  // The widget asks in this fixed order, whatever order they were ticked in.
  const set = (field: PreChatField, ask: boolean, required: boolean) => {
    const next = new Map(asked);
    if (ask) next.set(field, required);
    else next.delete(field);
    onChange?.(PRE_CHAT_FIELDS.filter((f) => next.has(f)).map((f) => ({ field: f, required: next.get(f) ?? false })));
  };
  return (
    <Table<{ field: PreChatField }>
      id={id}
      size="small"
      pagination={false}
      rowKey="field"
      dataSource={PRE_CHAT_FIELDS.map((field) => ({ field }))}
      columns={[
        {
          key: 'field',
          title: t('channels.webchat.ask'),
          render: (_v, { field }) => (
            <Checkbox
              checked={asked.has(field)}
              onChange={(e) => set(field, e.target.checked, asked.get(field) ?? false)}
            >
              {t(`channels.webchat.preChatField.${field}`)}
            </Checkbox>
          ),
        },
        {
          key: 'required',
          title: t('channels.webchat.required'),
          width: 120,
          render: (_v, { field }) => (
            <Switch
              size="small"
              checked={asked.get(field) ?? false}
              disabled={!asked.has(field)}
              aria-label={`${t(`channels.webchat.preChatField.${field}`)} · ${t('channels.webchat.required')}`}
              onChange={(on) => set(field, true, on)}
            />
          ),
        },
      ]}
    />
  );
}
