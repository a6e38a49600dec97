import { App, Card, Flex, Spin, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_TYPES, type TicketType } from '../../../../../contracts/tickets';
import { useErrorMessage } from '../../../app/errors';
import { QueryError } from '../../../ui/query-error';
import { updateTicketSettings, useInvalidateTickets, useTicketSettings } from '../api';
import { TICKETS_IDS } from '../testids';

/** 客户通知: which order types send their customer the receipt, resolved and closed messages. */
export function CustomerNotices() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const settings = useTicketSettings();
  const invalidate = useInvalidateTickets();
  const [saving, setSaving] = useState<TicketType | null>(null);
  const toggle = async (type: TicketType, on: boolean) => {
    setSaving(type);
    try {
      await updateTicketSettings({ customerNotices: { [type]: on } });
      invalidate();
      void message.success(t('ticketsAdmin.notices.saved'));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setSaving(null);
    }
  };
  if (settings.isError)
    return <QueryError message={errorMessage(settings.error)} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <Spin />;
  const notices = settings.data.customerNotices;
  return (
    <Card size="small" data-testid={TICKETS_IDS.customerNotices}>
      <Typography.Paragraph type="secondary">{t('ticketsAdmin.notices.help')}</Typography.Paragraph>
      <Flex vertical gap={8}>
        {TICKET_TYPES.map((type) => (
          <Flex key={type} gap={12} align="center">
            <Switch
              checked={notices[type]}
              loading={saving === type}
              onChange={(on) => void toggle(type, on)}
              aria-label={t(`tickets.type.${type}`)}
              data-testid={`${TICKETS_IDS.customerNotices}-${type}`}
            />
            <span>{t(`tickets.type.${type}`)}</span>
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
