import { MessageOutlined, PhoneOutlined, SwapOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, Queue } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { formatDuration, secondsSince, useNow } from '../../ui/use-now';
import { completeContact, dialNumber, useInvalidateDesktop } from './api';
import { ContactDetails } from './contact-details';
import { DESKTOP_IDS } from './testids';
import { TransferDialog } from './transfer-dialog';

/** The number a callback contact asks to be called on: the one left in the queue, else the caller's. */
function callBackNumber(contact: Contact): string | undefined {
  const left = contact.attributes.callbackNumber;
  return typeof left === 'string' && left ? left : contact.customer?.phone;
}

/**
 * A conversation in hand: who, since when, end it (wrap-up follows) or transfer it. A callback contact
 * also has 回拨: the agent's phone rings, then the customer's number is dialled.
 */
export function ContactPanel({ contact, queues }: { contact: Contact; queues: readonly Queue[] | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateDesktop();
  const now = useNow();
  const [transferring, setTransferring] = useState(false);
  const complete = useMutation({
    mutationFn: () => completeContact(contact.id),
    onSuccess: invalidate,
    onError: (error) => {
      void message.error(errorMessage(error));
      invalidate();
    },
  });
  // 回拨 dials at once: the agent took this contact to call the customer back.
  const number = contact.channel === 'callback' ? callBackNumber(contact) : undefined;
  const callBack = useMutation({
    mutationFn: (to: string) => dialNumber({ number: to, contactId: contact.id }),
    onSuccess: () => void message.success(t('desktop.voice.dialing')),
    onError: (error) => void message.error(errorMessage(error)),
  });
  const queue = queues?.find((q) => q.id === contact.queueId);

  return (
    <Card
      className="desktop-card desktop-connected"
      data-testid={DESKTOP_IDS.contact}
      title={
        <Space>
          <MessageOutlined />
          {t('desktop.inConversation')}
        </Space>
      }
      extra={
        <Typography.Text strong className="timer" data-testid={DESKTOP_IDS.talkTimer}>
          {t('desktop.talkTime', { time: formatDuration(secondsSince(contact.connectedAt, now)) })}
        </Typography.Text>
      }
      actions={[
        <Button
          key="complete"
          type="primary"
          danger
          loading={complete.isPending}
          onClick={() => complete.mutate()}
          data-testid={DESKTOP_IDS.complete}
        >
          {t('desktop.complete')}
        </Button>,
        <Button
          key="transfer"
          icon={<SwapOutlined />}
          onClick={() => setTransferring(true)}
          data-testid={DESKTOP_IDS.transfer}
        >
          {t('desktop.transfer')}
        </Button>,
        ...(contact.channel === 'callback'
          ? [
              <Button
                key="call-back"
                icon={<PhoneOutlined />}
                loading={callBack.isPending}
                disabled={!number}
                onClick={() => number && callBack.mutate(number)}
                data-testid={DESKTOP_IDS.callBack}
              >
                {t('desktop.voice.callBack')}
              </Button>,
            ]
          : []),
      ]}
    >
      <ContactDetails contact={contact} queueName={queue?.name ?? contact.queueKey} />
      {transferring ? (
        <TransferDialog contact={contact} queues={queues} onClose={() => setTransferring(false)} />
      ) : null}
    </Card>
  );
}
