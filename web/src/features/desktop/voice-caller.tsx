import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../contracts/routing';
import { DESKTOP_IDS } from './testids';

/** What the caller pressed in the IVR menus (`1`, or `1-2` through two menus), as 按键 1-2. */
export function ivrChoice(contact: Contact): string | undefined {
  const keys = contact.attributes.ivr;
  return keys === undefined || keys === '' ? undefined : String(keys);
}

/**
 * The caller's number, large, with the IVR choice and the queue it led to: what an agent reads
 * while the phone rings. The number arrives masked from the server unless the agent may see it.
 */
export function VoiceCaller({ contact, queueName }: { contact: Contact; queueName: string }) {
  const { t } = useTranslation();
  const number = contact.customer?.phone ?? (contact.attributes.callbackNumber as string | undefined);
  const keys = ivrChoice(contact);
  return (
    <Flex vertical gap={2} style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary">{t('desktop.voice.caller')}</Typography.Text>
      <Typography.Title level={3} style={{ margin: 0 }} className="mono" data-testid={DESKTOP_IDS.caller}>
        {number ?? t('desktop.voice.unknownNumber')}
      </Typography.Title>
      {contact.customer?.name ? <Typography.Text>{contact.customer.name}</Typography.Text> : null}
      <Typography.Text data-testid={DESKTOP_IDS.ivrChoice}>
        {keys
          ? t('desktop.voice.ivrLine', { keys, queue: queueName })
          : t('desktop.voice.queueLine', { queue: queueName })}
      </Typography.Text>
    </Flex>
  );
}
