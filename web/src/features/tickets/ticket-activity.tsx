import { App, Button, Card, Empty, Flex, Input, List, Radio, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketEvent } from '../../../../contracts/tickets';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { addComment, useCategories, useComments, useGroups, useHistory, useInvalidateTickets } from './api';
import { categoryPath, UserName } from './pickers';
import { TICKETS_IDS } from './testids';

/** 处理记录: internal and customer-visible comments, newest last, with a box to add one. */
export function Comments({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const invalidate = useInvalidateTickets();
  const comments = useComments(ticketId);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'public'>('internal');
  const [pending, setPending] = useState(false);
  const send = async () => {
    if (!body.trim()) return;
    setPending(true);
    try {
      await addComment(ticketId, { body: body.trim(), visibility });
      setBody('');
      invalidate();
      void message.success(t('tickets.commentAdded'));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setPending(false);
    }
  };
  return (
    <Card size="small" title={t('tickets.comments')} style={{ marginBottom: 16 }}>
      <List
        data-testid={TICKETS_IDS.comments}
        dataSource={comments.data ?? []}
        loading={comments.isLoading}
        locale={{ emptyText: t('tickets.commentsEmpty') }}
        renderItem={(c) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Flex gap={8} align="center" wrap>
                  <UserName id={c.authorUserId} />
                  <Tag color={c.visibility === 'public' ? 'blue' : 'default'}>
                    {t(`tickets.visibility.${c.visibility}`)}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <DateTime value={c.createdAt} />
                  </Typography.Text>
                </Flex>
              }
              description={
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.body}</Typography.Paragraph>
              }
            />
          </List.Item>
        )}
      />
      {session.can('tickets.work') ? (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          <Input.TextArea
            rows={3}
            value={body}
            maxLength={10_000}
            placeholder={t('tickets.commentPlaceholder')}
            onChange={(e) => setBody(e.target.value)}
            data-testid={TICKETS_IDS.commentBody}
          />
          <Flex justify="space-between" align="center">
            <Radio.Group
              optionType="button"
              size="small"
              value={visibility}
              onChange={(e) => setVisibility(e.target.value)}
              options={(['internal', 'public'] as const).map((v) => ({
                value: v,
                label: t(`tickets.visibility.${v}`),
              }))}
            />
            <Button
              type="primary"
              loading={pending}
              disabled={!body.trim()}
              onClick={() => void send()}
              data-testid={TICKETS_IDS.commentSubmit}
            >
              {t('tickets.addComment')}
            </Button>
          </Flex>
        </Flex>
      ) : null}
    </Card>
  );
}

const STATUS_FIELDS = new Set(['status']);
const USER_FIELDS = new Set(['ownerUserId', 'assigneeUserId']);

/** A before/after value in words: statuses, types and severities translated, people and groups named. */
function Value({ field, value }: { field: string | null; value: unknown }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const groups = useGroups();
  if (value === null || value === undefined || value === '') return <>{t('common.none')}</>;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (!field) return <>{text}</>;
  if (STATUS_FIELDS.has(field)) return <>{t(`tickets.status.${text}`, { defaultValue: text })}</>;
  if (field === 'type') return <>{t(`tickets.type.${text}`, { defaultValue: text })}</>;
  if (field === 'severity') return <>{t(`tickets.severity.${text}`, { defaultValue: text })}</>;
  if (USER_FIELDS.has(field)) return <UserName id={text} />;
  if (field === 'assigneeGroupId') return <>{groups.data?.find((g) => g.id === text)?.name ?? text}</>;
  if (field === 'categoryId') return <>{categoryPath(categories.data, text) ?? text}</>;
  if (Array.isArray(value)) return <>{value.join(', ') || t('common.none')}</>;
  return <>{text}</>;
}

/** 已通知客户: which message went to the customer, on which channel, and whether it was accepted. */
function noticeText(t: TFunction, e: TicketEvent): string {
  const after = (e.after ?? {}) as { channel?: string; ok?: boolean };
  const vars = {
    channel: t(`tickets.notice.channel.${after.channel ?? 'sms'}`, { defaultValue: after.channel ?? '' }),
    what: t(`tickets.notice.template.${e.field ?? ''}`, { defaultValue: e.field ?? '' }),
  };
  return after.ok === false ? t('tickets.notice.failed', vars) : t('tickets.notice.sent', vars);
}

function EventLine({ event: e }: { event: TicketEvent }) {
  const { t } = useTranslation();
  if (e.kind === 'notified')
    return (
      <>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <DateTime value={e.at} />
        </Typography.Text>
        <div>{noticeText(t, e)}</div>
      </>
    );
  const who = e.actorName ?? t('tickets.system');
  const field = e.field ? t(`tickets.field.${e.field}`, { defaultValue: e.field }) : '';
  const change =
    e.kind === 'updated' || e.kind === 'transitioned' ? (
      <>
        {' '}
        <Typography.Text delete type="secondary">
          <Value field={e.kind === 'transitioned' ? 'status' : e.field} value={e.before} />
        </Typography.Text>
        {' → '}
        <Typography.Text strong>
          <Value field={e.kind === 'transitioned' ? 'status' : e.field} value={e.after} />
        </Typography.Text>
      </>
    ) : null;
  return (
    <>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <DateTime value={e.at} />
      </Typography.Text>
      <div>
        {who} {t(`tickets.event.${e.kind}`, { field })}
        {change}
      </div>
    </>
  );
}

/** 变更历史: every change with who made it and the value before and after. */
export function History({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const history = useHistory(ticketId);
  const events = history.data ?? [];
  return (
    <Card size="small" title={t('tickets.history')} data-testid={TICKETS_IDS.history}>
      {events.length === 0 && !history.isLoading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.historyEmpty')} />
      ) : (
        <Timeline items={events.map((e) => ({ key: e.id, content: <EventLine event={e} /> }))} />
      )}
    </Card>
  );
}
