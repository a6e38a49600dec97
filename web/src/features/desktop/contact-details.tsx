import { Descriptions, type DescriptionsProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../contracts/routing';
import { VipTag } from '../../ui/vip-tag';

// The call's id is for the server's call control; `vip` is shown as a tag beside the customer.
const HIDDEN_ATTRIBUTES = new Set(['callId', 'vip']);

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
  const attributes = Object.entries(contact.attributes).filter(([key]) => !HIDDEN_ATTRIBUTES.has(key));
  const items: DescriptionsProps['items'] = [
    { key: 'channel', label: t('desktop.channel'), children: <Tag>{t(`acd.channel.${contact.channel}`)}</Tag> },
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
