import { PhoneOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Col, Empty, Flex, Row, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { useQueues, useReasonCodes } from '../../app/lookups';
import { useSession } from '../../app/session';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { useNow } from '../../ui/use-now';
import { AnnouncementsBanner } from './announcements-banner';
import { useAgentMe, useDesktopRealtime, useMyContacts, useMyPhone } from './api';
import { isConversationContact } from './contact-details';
import { ContactPanel } from './contact-panel';
import { useMyConversations } from './conversations/api';
import { ConversationsArea } from './conversations/conversations-area';
import { CustomerPop } from './customer-pop';
import { DialDialog } from './dial-dialog';
import { KnowledgePanel } from './knowledge-panel';
import { MyDay } from './my-day';
import { MyFigures } from './my-figures';
import { MyShiftLine } from './my-shift';
import { OfferCard } from './offer-card';
import { PhoneStatus, PhoneUnreachable, phoneUnreachable } from './phone-status';
import { StateBar } from './state-bar';
import { DESKTOP_IDS } from './testids';
import { VoiceContactPanel } from './voice-contact-panel';
import { VoiceOfferCard } from './voice-offer-card';
import { WrapUpPanel } from './wrap-up-panel';

const WRAP_UP_STATES: readonly Contact['state'][] = ['wrap_up', 'transferred'];

/** 座席工作台: the agent's state, the offer ringing, the conversations in hand and their wrap-ups. */
export function DesktopPage() {
  const { t } = useTranslation();
  const session = useSession();
  const errorMessage = useErrorMessage();
  useDesktopRealtime(session.me?.user.id);
  const me = useAgentMe();
  const contacts = useMyContacts();
  const queues = useQueues();
  const reasons = useReasonCodes();
  const phone = useMyPhone();
  const [dialling, setDialling] = useState(false);
  const conversations = useMyConversations(!!session.me);
  // The wrap-up the conversations area shows beside its thread (not repeated in the cards).
  const [chatWrapUp, setChatWrapUp] = useState<string>();

  const list = contacts.data ?? [];
  const offer = list.find((c) => c.state === 'offered');
  // Chats, e-mails and SMS are worked in the conversations area, not as cards.
  const connected = list.filter((c) => c.state === 'connected' && !isConversationContact(c));
  // The area stays while a conversation's contact is in hand or wrapping up (its list has only open ones).
  const conversing = list.some(
    (c) => (c.state === 'connected' || WRAP_UP_STATES.includes(c.state)) && isConversationContact(c),
  );
  const wrapping = list.filter((c) => WRAP_UP_STATES.includes(c.state) && c.id !== chatWrapUp);
  const queueOf = (c: Contact) => queues.data?.find((q) => q.id === c.queueId);
  const failed = me.error ?? contacts.error;
  const showConversations = conversing || (conversations.data?.items.length ?? 0) > 0 || chatWrapUp !== undefined;
  const nothing = !offer && connected.length === 0 && wrapping.length === 0 && !showConversations;
  // The server's default voice capacity is 1: an agent takes calls unless set to 0.
  const takesVoice = me.data ? (me.data.routing.capacity.voice ?? 1) > 0 : false;
  const phoneMissing = takesVoice && phone.data !== undefined && !phone.data.registered;
  // Re-read every second, so the warning leaves when the pause ends without a refetch.
  const now = useNow();
  const unreachableUntil = me.data && phoneUnreachable(me.data, now) ? me.data.phoneUnreachableUntil : null;

  return (
    <>
      <PageHeader
        title={t('desktop.title')}
        description={session.can('wfm.own') ? <MyShiftLine /> : undefined}
        extra={
          <>
            <Button icon={<PhoneOutlined />} onClick={() => setDialling(true)} data-testid={DESKTOP_IDS.dial}>
              {t('desktop.voice.dial')}
            </Button>
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('common.refresh')}
              onClick={() => {
                void me.refetch();
                void contacts.refetch();
                void phone.refetch();
                void conversations.refetch();
              }}
            />
          </>
        }
      />
      {failed ? (
        <QueryError
          message={errorMessage(failed)}
          onRetry={() => {
            void me.refetch();
            void contacts.refetch();
          }}
        />
      ) : null}
      {me.isLoading ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : null}
      {me.data ? (
        <Flex vertical gap={16} data-testid={DESKTOP_IDS.page}>
          <StateBar
            me={me.data}
            reasons={reasons.data}
            phoneMissing={phoneMissing}
            phoneUnreachable={unreachableUntil !== null}
          />
          {session.can('desktop.use') ? <AnnouncementsBanner /> : null}
          {unreachableUntil ? <PhoneUnreachable until={unreachableUntil} /> : null}
          {takesVoice && phone.data ? <PhoneStatus phone={phone.data} /> : null}
          <Row gutter={[16, 16]}>
            {offer ? (
              <Col xs={24} lg={12} xxl={8}>
                {offer.channel === 'voice' ? (
                  <VoiceOfferCard contact={offer} queue={queueOf(offer)} />
                ) : (
                  <OfferCard contact={offer} queue={queueOf(offer)} />
                )}
              </Col>
            ) : null}
            {session.can('customers.view') && (offer ?? connected[0]) ? (
              <Col xs={24} lg={12} xxl={8}>
                <CustomerPop
                  contactId={(offer ?? connected[0])!.id}
                  hint={isConversationContact((offer ?? connected[0])!) ? {} : undefined}
                />
              </Col>
            ) : null}
            {session.can('knowledge.use') ? (
              <Col xs={24} lg={12} xxl={8}>
                <KnowledgePanel contactId={(offer ?? list.find((c) => c.state === 'connected'))?.id} />
              </Col>
            ) : null}
            {connected.map((c) => (
              <Col key={c.id} xs={24} lg={12} xxl={8}>
                {c.channel === 'voice' ? (
                  <VoiceContactPanel contact={c} queues={queues.data} />
                ) : (
                  <ContactPanel contact={c} queues={queues.data} />
                )}
              </Col>
            ))}
            {wrapping.map((c) => (
              <Col key={c.id} xs={24} lg={12} xxl={8}>
                <WrapUpPanel contact={c} queues={queues.data} wrapUpUntil={me.data?.wrapUpUntil ?? null} />
              </Col>
            ))}
            {nothing ? (
              <Col span={24}>
                <Empty className="desktop-empty" description={t(`desktop.empty.${me.data.presence}`)} />
              </Col>
            ) : null}
          </Row>
          {showConversations ? (
            <ConversationsArea
              contacts={list}
              queues={queues.data}
              wrapUpUntil={me.data.wrapUpUntil}
              onWrapUpShown={setChatWrapUp}
            />
          ) : null}
          <MyDay today={me.data.today} state={me.data.state} fetchedAt={me.dataUpdatedAt} />
          <MyFigures />
        </Flex>
      ) : null}
      {dialling ? <DialDialog onClose={() => setDialling(false)} /> : null}
    </>
  );
}
