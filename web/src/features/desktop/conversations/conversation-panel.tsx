import { PoweroffOutlined, SwapOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, type DescriptionsProps, Flex, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ConversationDetail } from '../../../../../contracts/conversations';
import type { Contact, Queue } from '../../../../../contracts/routing';
import { useErrorMessage } from '../../../app/errors';
import { useSession } from '../../../app/session';
import { DateTime } from '../../../ui/date-time';
import { useInvalidateDesktop } from '../api';
import { CustomerPop } from '../customer-pop';
import { TransferDialog } from '../transfer-dialog';
import { conversationKeys, endConversation } from './api';
import { ChannelIcon } from './channel-icon';
import { CHAT_IDS } from './testids';

/** A page address shown as a link only when it is a web address (what the widget reported is untrusted). */
function pageLink(page: string) {
  try {
    const url = new URL(page);
    if (url.protocol === 'http:' || url.protocol === 'https:')
      return (
        <a href={url.href} target="_blank" rel="noopener noreferrer nofollow" className="chat-page-link">
          {url.href}
        </a>
      );
  } catch {
    // not a URL: shown as text
  }
  return page;
}

/**
 * Beside the thread: who the customer is (as the channel gave it, masked as the server decided),
 * where they wrote from, the work order, the CRM's customer for the contact (the desktop's pop),
 * and the conversation's actions: end (the contact's wrap-up follows) and transfer.
 */
export function ConversationPanel({
  detail: c,
  contact,
  queues,
  ticketNumber,
}: {
  detail: ConversationDetail;
  /** The ACD contact serving it, as the desktop holds it (for the transfer). */
  contact: Contact | undefined;
  queues: readonly Queue[] | undefined;
  ticketNumber: string | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const invalidateDesktop = useInvalidateDesktop();
  const [ending, setEnding] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const none = t('common.none');
  const ended = c.status === 'ended';

  const end = async () => {
    setEnding(true);
    try {
      await endConversation(c.id);
      void queryClient.invalidateQueries({ queryKey: conversationKeys.detail(c.id) });
      invalidateDesktop();
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setEnding(false);
    }
  };

  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('desktopChat.panel.name'), children: c.customerName || t('desktop.anonymous') },
    ...(c.customerPhone ? [{ key: 'phone', label: t('desktopChat.panel.phone'), children: c.customerPhone }] : []),
    ...(c.customerEmail ? [{ key: 'email', label: t('desktopChat.panel.email'), children: c.customerEmail }] : []),
    // The channel's own address where phone and e-mail do not say it: the visitor's id, the WeChat openid.
    ...(c.channel === 'wechat' || c.channel === 'webchat' || (!c.customerPhone && !c.customerEmail)
      ? [
          {
            key: 'address',
            label: t(`desktopChat.panel.address.${c.channel}`),
            children: <span className="mono">{c.address}</span>,
          },
        ]
      : []),
    {
      key: 'channel',
      label: t('desktopChat.panel.channel'),
      children: (
        <Flex gap={6} align="center">
          <ChannelIcon channel={c.channel} />
          {c.channelName || t(`desktopChat.medium.${c.channel}`)}
        </Flex>
      ),
    },
    ...(c.questionType
      ? [{ key: 'questionType', label: t('desktopChat.panel.questionType'), children: c.questionType }]
      : []),
    ...(c.page ? [{ key: 'page', label: t('desktopChat.panel.page'), children: pageLink(c.page) }] : []),
    ...(c.ticketId
      ? [
          {
            key: 'ticket',
            label: t('desktopChat.panel.ticket'),
            children: (
              <Link to={`/tickets?id=${encodeURIComponent(c.ticketId)}`} className="mono">
                {ticketNumber ?? none}
              </Link>
            ),
          },
        ]
      : []),
    { key: 'started', label: t('desktopChat.panel.startedAt'), children: <DateTime value={c.createdAt} /> },
  ];

  return (
    <Flex vertical gap={12} className="chat-side" data-testid={CHAT_IDS.customer}>
      <Card size="small" title={t('desktopChat.panel.title')}>
        <Descriptions size="small" column={1} items={items} />
        {!ended ? (
          <Flex gap={8} wrap style={{ marginTop: 12 }}>
            <Popconfirm
              title={t('desktopChat.panel.end')}
              description={t('desktopChat.panel.endConfirm')}
              onConfirm={() => end()}
              okButtonProps={{ danger: true }}
            >
              <Button danger icon={<PoweroffOutlined />} loading={ending} data-testid={CHAT_IDS.end}>
                {t('desktopChat.panel.end')}
              </Button>
            </Popconfirm>
            {contact && contact.state === 'connected' ? (
              <Button icon={<SwapOutlined />} onClick={() => setTransferring(true)} data-testid={CHAT_IDS.transfer}>
                {t('desktopChat.panel.transfer')}
              </Button>
            ) : null}
          </Flex>
        ) : null}
      </Card>
      {session.can('customers.view') && c.contactId ? (
        <CustomerPop contactId={c.contactId} hint={{ name: c.customerName, phone: c.customerPhone }} />
      ) : null}
      {transferring && contact ? (
        <TransferDialog contact={contact} queues={queues} onClose={() => setTransferring(false)} />
      ) : null}
    </Flex>
  );
}
