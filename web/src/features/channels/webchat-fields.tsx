import { ColorPicker, Divider, Form, Input, Radio, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WebchatSettings } from '../../../../contracts/conversations';
import { schemaRule } from '../../app/form-rules';
import { type UserFilters, useUsers } from '../../app/lookups';
import { OriginList } from './origin-list';
import { PreChatEditor } from './pre-chat-editor';

const S = WebchatSettings.shape;

/** The web chat widget's look, pre-chat form, allowed websites and what happens outside hours. */
export function WebchatFields() {
  const { t } = useTranslation();
  return (
    <>
      <Divider titlePlacement="start">{t('channels.webchat.section')}</Divider>
      <Form.Item
        name={['settings', 'title']}
        label={t('channels.webchat.title')}
        rules={[{ required: true, whitespace: true, message: t('channels.webchat.titleRequired') }, { max: 60 }]}
      >
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item
        name={['settings', 'greeting']}
        label={t('channels.webchat.greeting')}
        extra={t('channels.webchat.greetingHelp')}
        rules={[{ max: 500 }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
      </Form.Item>
      <Form.Item
        name={['settings', 'color']}
        label={t('channels.webchat.color')}
        getValueFromEvent={(color: { toHexString: () => string }) => color.toHexString()}
        rules={[schemaRule(S.color, '#rrggbb')]}
      >
        <ColorPicker disabledAlpha showText format="hex" />
      </Form.Item>
      <Form.Item
        name={['settings', 'allowedOrigins']}
        label={t('channels.webchat.origins')}
        extra={t('channels.webchat.originsHelp')}
      >
        <OriginList />
      </Form.Item>
      <Form.Item
        name={['settings', 'preChat']}
        label={t('channels.webchat.preChat')}
        extra={t('channels.webchat.preChatHelp')}
      >
        <PreChatEditor />
      </Form.Item>
      <Form.Item
        name={['settings', 'questionTypes']}
        label={t('channels.webchat.questionTypes')}
        extra={t('channels.webchat.questionTypesHelp')}
        rules={[{ type: 'array', max: 20 }]}
      >
        <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item name={['settings', 'csat']} valuePropName="checked" label={t('channels.webchat.csat')}>
        <Switch />
      </Form.Item>
      <Form.Item
        name={['settings', 'leaveMessage']}
        label={t('channels.webchat.leaveMessage')}
        extra={t('channels.webchat.leaveMessageHelp')}
      >
        <Radio.Group
          options={(['ticket', 'callback', 'off'] as const).map((v) => ({
            value: v,
            label: t(`channels.webchat.leave.${v}`),
          }))}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.settings?.leaveMessage !== b.settings?.leaveMessage}>
        {({ getFieldValue }) =>
          getFieldValue(['settings', 'leaveMessage']) === 'ticket' ? <TicketOwnerField /> : null
        }
      </Form.Item>
    </>
  );
}

/** Who owns the work orders of left messages: a person picked by name (unset: the channel's creator). */
function TicketOwnerField() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const users = useUsers({ q: q || undefined, page: 1, pageSize: 20 } as UserFilters);
  return (
    <Form.Item
      name={['settings', 'ticketOwnerId']}
      label={t('channels.webchat.ticketOwner')}
      extra={t('channels.webchat.ticketOwnerHelp')}
    >
      <Select
        allowClear
        showSearch={{ filterOption: false, onSearch: setQ }}
        placeholder={t('channels.webchat.ticketOwnerPlaceholder')}
        loading={users.isLoading}
        options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
        onChange={(v) => v === undefined && setQ('')}
      />
    </Form.Item>
  );
}
