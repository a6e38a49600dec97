import { Descriptions, type DescriptionsProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../contracts/routing';
import { VipTag } from '../../ui/vip-tag';

// The call's id is for the server's call control; `vip` is shown as a tag beside the customer; a
// conversation's id is the conversations area's, its medium is shown as the channel.
const HIDDEN_ATTRIBUTES = new Set(['callId', 'vip', 'conversationId', 'medium']);

const MEDIA = new Set(['webchat', 'email', 'sms', 'wechat']);

/** The medium of a conversation contact (web chat, e-mail, SMS, WeChat), as the conversations module set it. */
export function mediumOf(contact: Contact): 'webchat' | 'email' | 'sms' | 'wechat' | undefined {
  const m = contact.attributes.medium;
  return typeof m === 'string' && MEDIA.has(m) ? (m as 'webchat' | 'email' | 'sms' | 'wechat') : undefined;
}

/** A chat, e-mail, SMS or WeChat contact: worked in the conversations area. */
export function isConversationContact(contact: Contact): boolean {
  return typeof contact.attributes.conversationId === 'string';
}

/**
 * Who the customer is and what they chose before reaching the agent (IVR menu, web form): the
 * customer's phone and e-mail arrive masked unless the agent may see personal data.
 */
export function ContactDetails({
  contact,
  queueName,
  extra = [],
}: {
  contact: Contact;
  queueName: string;
  extra?: DescriptionsProps['items'];
}) {
  const { t } = useTranslation();
  const c = contact.customer;
  const customer = [c?.name, c?.phone, c?.email].filter(Boolean).join(' · ') || c?.id || t('desktop.anonymous');
  const medium = mediumOf(contact);
  const attributes = Object.entries(contact.attributes).filter(([key]) => !HIDDEN_ATTRIBUTES.has(key));
  const items: DescriptionsProps['items'] = [
    {
      key: 'channel',
      label: t('desktop.channel'),
      children: <Tag>{medium ? t(`desktopChat.medium.${medium}`) : t(`acd.channel.${contact.channel}`)}</Tag>,
    },
    { key: 'queue', label: t('desktop.queue'), children: queueName },
    {
      key: 'customer',
      label: t('desktop.customer'),
      children: (
        <>
          {customer} <VipTag contact={contact} />
        </>
      ),
    },
    ...(contact.subject ? [{ key: 'subject', label: t('desktop.subject'), children: contact.subject }] : []),
    ...attributes.map(([key, value]) => ({
      key: `attr-${key}`,
      label: t(`desktop.attr.${key}`, { defaultValue: key }),
      children: key === 'ivr' ? t('desktop.voice.keys', { keys: String(value) }) : String(value),
    })),
    ...(extra ?? []),
  ];
  return <Descriptions size="small" column={1} items={items} />;
}
