import { PhoneOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Contact, Queue } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { formatDuration, secondsSince, useNow } from '../../ui/use-now';
import { rejectContact, useInvalidateDesktop } from './api';
import { ContactDetails } from './contact-details';
import { DESKTOP_IDS } from './testids';
import { VoiceCaller } from './voice-caller';

/**
 * 来电振铃: a call offered to the agent rings their SIP phone. Answering happens on the phone (Kefu
 * connects the contact when it picks up), so there is no accept button here, only 拒接.
 */
export function VoiceOfferCard({ contact, queue }: { contact: Contact; queue: Queue | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateDesktop();
  const now = useNow();
  const reject = useMutation({
    mutationFn: () => rejectContact(contact.id),
    onSuccess: invalidate,
    onError: (error) => {
      void message.error(errorMessage(error));
      invalidate();
    },
  });
  const queueName = queue?.name ?? contact.queueKey;
  const ringsOutIn =
    contact.offeredAt && queue ? queue.offerTimeoutSeconds - secondsSince(contact.offeredAt, now) : undefined;

  return (
    <Card
      className="desktop-card desktop-offer"
      data-testid={DESKTOP_IDS.offer}
      data-channel="voice"
      title={
        <Space>
          <PhoneOutlined />
          {t('desktop.voice.ringing')}
        </Space>
      }
      extra={
        ringsOutIn !== undefined ? (
          <Typography.Text
            type={ringsOutIn <= 5 ? 'danger' : 'secondary'}
            className="timer"
            data-testid={DESKTOP_IDS.ringTimer}
          >
            {t('desktop.ringsOutIn', { time: formatDuration(ringsOutIn) })}
          </Typography.Text>
        ) : null
      }
      actions={[
        <Button
          key="reject"
          danger
          loading={reject.isPending}
          onClick={() => reject.mutate()}
          data-testid={DESKTOP_IDS.reject}
        >
          {t('desktop.voice.reject')}
        </Button>,
      ]}
    >
      <VoiceCaller contact={contact} queueName={queueName} />
      <Alert
        type="info"
        showIcon
        icon={<PhoneOutlined />}
        title={t('desktop.voice.answerOnPhone')}
        style={{ marginBottom: 12 }}
        data-testid={DESKTOP_IDS.answerOnPhone}
      />
      <ContactDetails
        contact={contact}
        queueName={queueName}
        extra={[
          {
            key: 'waited',
            label: t('desktop.waited'),
            children: <span className="timer">{formatDuration(secondsSince(contact.queuedAt, now))}</span>,
          },
        ]}
      />
    </Card>
  );
}
