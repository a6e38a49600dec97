import {
  PauseCircleOutlined,
  PhoneOutlined,
  PlayCircleOutlined,
  PoweroffOutlined,
  SwapOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact, Queue } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { formatDuration, secondsSince, useNow } from '../../ui/use-now';
import { callState, completeContact, holdCall, useInvalidateDesktop } from './api';
import { ConferenceDialog } from './conference-dialog';
import { ContactDetails } from './contact-details';
import { DESKTOP_IDS } from './testids';
import { TransferDialog } from './transfer-dialog';
import { VoiceCaller } from './voice-caller';

/** Since when the call is on hold (ms), as the server last confirmed it; null while talking. */
type Hold = { since: number } | null;

/**
 * A call in conversation on the agent's phone: 保持/恢复, 转接 (moves the caller), 三方通话, and 挂断
 * (the contact's 结束: the server hangs up the phone, wrap-up follows).
 */
export function VoiceContactPanel({ contact, queues }: { contact: Contact; queues: readonly Queue[] | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateDesktop();
  const now = useNow();
  const [dialog, setDialog] = useState<'transfer' | 'conference' | null>(null);
  // Hold as the server knows it (the phone can hold too), polled while the call lasts; our own
  // request's reply shows at once.
  const [hold, setHold] = useState<Hold>(null);
  const state = useQuery({
    queryKey: ['desktop', 'voice-call', contact.id],
    queryFn: () => callState(contact.id),
    refetchInterval: 3000,
    retry: false,
  });
  const serverHold = state.data;
  const [seen, setSeen] = useState<typeof serverHold>(undefined);
  if (serverHold && serverHold !== seen) {
    setSeen(serverHold);
    setHold(serverHold.held ? { since: serverHold.heldSince ? Date.parse(serverHold.heldSince) : Date.now() } : null);
  }
  const toggleHold = useMutation({
    mutationFn: (held: boolean) => holdCall(contact.id, { hold: held }),
    onSuccess: (reply) => setHold(reply.held ? { since: Date.now() } : null),
    onError: (error) => {
      void message.error(errorMessage(error));
      invalidate();
    },
  });
  const hangUp = useMutation({
    mutationFn: () => completeContact(contact.id),
    onSuccess: invalidate,
    onError: (error) => {
      void message.error(errorMessage(error));
      invalidate();
    },
  });
  const queueName = queues?.find((q) => q.id === contact.queueId)?.name ?? contact.queueKey;
  const held = hold !== null;

  return (
    <Card
      className="desktop-card desktop-connected"
      data-testid={DESKTOP_IDS.contact}
      data-channel="voice"
      data-held={held}
      title={
        <Space>
          <PhoneOutlined />
          {t('desktop.voice.inCall')}
          {held ? (
            <Tag color="warning" data-testid={DESKTOP_IDS.holdTimer}>
              {t('desktop.voice.onHoldFor', { time: formatDuration((now - hold.since) / 1000) })}
            </Tag>
          ) : null}
        </Space>
      }
      extra={
        <Typography.Text strong className="timer" data-testid={DESKTOP_IDS.talkTimer}>
          {t('desktop.talkTime', { time: formatDuration(secondsSince(contact.connectedAt, now)) })}
        </Typography.Text>
      }
      actions={[
        <Button
          key="hold"
          icon={held ? <PlayCircleOutlined /> : <PauseCircleOutlined />}
          loading={toggleHold.isPending}
          onClick={() => toggleHold.mutate(!held)}
          data-testid={DESKTOP_IDS.hold}
          data-held={held}
        >
          {held ? t('desktop.voice.resume') : t('desktop.voice.hold')}
        </Button>,
        <Button
          key="transfer"
          icon={<SwapOutlined />}
          onClick={() => setDialog('transfer')}
          data-testid={DESKTOP_IDS.transfer}
        >
          {t('desktop.transfer')}
        </Button>,
        <Button
          key="conference"
          icon={<UsergroupAddOutlined />}
          onClick={() => setDialog('conference')}
          data-testid={DESKTOP_IDS.conference}
        >
          {t('desktop.voice.conference')}
        </Button>,
        <Button
          key="hang-up"
          type="primary"
          danger
          icon={<PoweroffOutlined />}
          loading={hangUp.isPending}
          onClick={() => hangUp.mutate()}
          data-testid={DESKTOP_IDS.complete}
        >
          {t('desktop.voice.hangUp')}
        </Button>,
      ]}
    >
      <VoiceCaller contact={contact} queueName={queueName} />
      <ContactDetails contact={contact} queueName={queueName} />
      {dialog === 'transfer' ? (
        <TransferDialog contact={contact} queues={queues} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'conference' ? <ConferenceDialog contact={contact} onClose={() => setDialog(null)} /> : null}
    </Card>
  );
}
