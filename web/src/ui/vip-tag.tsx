import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../contracts/routing';

/** The ACD marks a contact whose CRM customer is a VIP in a queue that raises VIPs (`attributes.vip`). */
export function VipTag({ contact }: { contact: Pick<Contact, 'attributes'> }) {
  const { t } = useTranslation();
  if (contact.attributes.vip !== true) return null;
  return (
    <Tag color="gold" title={t('acd.vipHint')} data-testid="contact-vip">
      {t('acd.vip')}
    </Tag>
  );
}
