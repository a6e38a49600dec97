import { BellOutlined, GlobalOutlined, MailOutlined, MobileOutlined, WechatOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Contact, Queue } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { formatDuration, secondsSince, useNow } from '../../ui/use-now';
import { acceptContact, rejectContact, useInvalidateDesktop } from './api';
import { ContactDetails, mediumOf } from './contact-details';
import { DESKTOP_IDS } from './testids';

const MEDIUM_ICONS = {
  webchat: <GlobalOutlined />,
  email: <MailOutlined />,
  sms: <MobileOutlined />,
  wechat: <WechatOutlined />,
};

/**
 * A contact offered to the agent (reserved): what it is, how long the customer waited, accept or
 * pass it on. A chat, e-mail, SMS or WeChat conversation says which; accepted, it opens in the
 * conversations area.
 */
export function OfferCard({ contact, queue }: { contact: Contact; queue: Queue | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateDesktop();
  const now = useNow();
  const onError = (error: unknown) => {
    void message.error(errorMessage(error));
    invalidate();
  };
  const accept = useMutation({ mutationFn: () => acceptContact(contact.id), onSuccess: invalidate, onError });
  const reject = useMutation({ mutationFn: () => rejectContact(contact.id), onSuccess: invalidate, onError });
  const medium = mediumOf(contact);
  const ringsOutIn =
    contact.offeredAt && queue ? queue.offerTimeoutSeconds - secondsSince(contact.offeredAt, now) : undefined;

  return (
    <Card
      className="desktop-card desktop-offer"
      data-testid={DESKTOP_IDS.offer}
      data-channel={contact.channel}
      title={
        <Space>
          {medium ? MEDIUM_ICONS[medium] : <BellOutlined />}
          {medium ? t(`desktopChat.offerTitle.${medium}`) : t('desktop.offerTitle')}
        </Space>
      }
      extra={
        ringsOutIn !== undefined ? (
          <Typography.Text type={ringsOutIn <= 5 ? 'danger' : 'secondary'} className="timer">
            {t('desktop.ringsOutIn', { time: formatDuration(ringsOutIn) })}
          </Typography.Text>
        ) : null
      }
      actions={[
        <Button
          key="accept"
          type="primary"
          autoFocus
          loading={accept.isPending}
          disabled={reject.isPending}
          onClick={() => accept.mutate()}
          data-testid={DESKTOP_IDS.accept}
        >
          {t('desktop.accept')}
        </Button>,
        <Button
          key="reject"
          danger
          loading={reject.isPending}
          disabled={accept.isPending}
          onClick={() => reject.mutate()}
          data-testid={DESKTOP_IDS.reject}
        >
          {t('desktop.reject')}
        </Button>,
      ]}
    >
      <ContactDetails
        contact={contact}
        queueName={queue?.name ?? contact.queueKey}
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
