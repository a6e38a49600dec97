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
  if (field.startsWith('complaint.') || field === 'follow_up' || field === 'contactIds')
    return <FlowValue field={field} value={value} />;
  if (STATUS_FIELDS.has(field)) return <>{t(`tickets.status.${text}`, { defaultValue: text })}</>;
  if (field === 'type') return <>{t(`tickets.type.${text}`, { defaultValue: text })}</>;
  if (field === 'severity') return <>{t(`tickets.severity.${text}`, { defaultValue: text })}</>;
  if (USER_FIELDS.has(field)) return <UserName id={text} />;
  if (field === 'assigneeGroupId') return <>{groups.data?.find((g) => g.id === text)?.name ?? text}</>;
  if (field === 'categoryId') return <>{categoryPath(categories.data, text) ?? text}</>;
  if (Array.isArray(value)) return <>{value.join(', ') || t('common.none')}</>;
  return <>{text}</>;
}

type FlowRecord = {
  status?: string;
  note?: string | null;
  outcome?: string | null;
  round?: number;
  dueAt?: string;
  reached?: boolean;
  satisfaction?: number | null;
  callId?: string | null;
};

/** The complaint flow's and follow-ups' history entries (a step done, overdue, a visit, a call) in words. */
function FlowValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  if (typeof value === 'string')
    return <>{field.startsWith('complaint.') ? t(`complaint.status.${value}`, { defaultValue: value }) : value}</>;
  if (Array.isArray(value)) return <>{value.join(', ') || t('common.none')}</>;
  const v = (value ?? {}) as FlowRecord;
  const parts: string[] = [];
  if (v.status) parts.push(t(`complaint.status.${v.status}`, { defaultValue: v.status }));
  if (v.outcome) parts.push(t(`complaint.outcome.${v.outcome}`, { defaultValue: v.outcome }));
  if (v.dueAt && !v.status) parts.push(t('complaint.overdue'));
  if (v.reached === false) parts.push(t('followUps.results.unreachable'));
  if (v.reached && typeof v.satisfaction === 'number') parts.push(`${t('followUps.score')} ${v.satisfaction}/5`);
  if (v.callId) parts.push(v.callId);
  if (v.note) parts.push(v.note);
  return <>{parts.join(' · ') || t('common.none')}</>;
}

/** A history entry's field in words: the complaint step's name for `complaint.<step>`. */
function fieldLabel(t: TFunction, field: string | null): string {
  if (!field) return '';
  if (field.startsWith('complaint.'))
    return t(`complaint.step.${field.slice('complaint.'.length)}`, { defaultValue: field });
  if (field === 'follow_up') return t('followUps.title');
  return t(`tickets.field.${field}`, { defaultValue: field });
}
/** The file an attached/detached entry names (`{ attachmentId, fileName }`). */
const fileNameOf = (v: unknown) =>
  v && typeof v === 'object' && 'fileName' in v && typeof v.fileName === 'string' ? v.fileName : '';

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
  const field = fieldLabel(t, e.field);
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
    ) : e.kind === 'attached' || e.kind === 'detached' ? (
      <Typography.Text strong> {fileNameOf(e.kind === 'attached' ? e.after : e.before)}</Typography.Text>
    ) : null;
  if (e.kind === 'escalated') return <EscalationLine event={e} />;
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

/**
 * 升级 / 预警 in words: which deadline (响应 / 解决), which step (预警, 超时 → 班组长, 再次超时 → 主管)
 * and who was told. The event's field is `<target>:<step>`, its after `{ dueAt, notifyUserIds, notifyRole }`.
 */
function EscalationLine({ event: e }: { event: TicketEvent }) {
  const { t } = useTranslation();
  const [target = '', step = ''] = (e.field ?? '').split(':');
  const after = (e.after ?? {}) as { dueAt?: string; notifyUserIds?: string[]; notifyRole?: string | null };
  const users = after.notifyUserIds ?? [];
  return (
    <div data-testid={TICKETS_IDS.escalation} data-step={step} data-target={target}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <DateTime value={e.at} />
      </Typography.Text>
      <div>
        <Tag color={step === 'warning' ? 'gold' : 'red'}>
          {t(`tickets.escalation.step.${step}`, { defaultValue: step })}
        </Tag>
        {t(`tickets.escalation.target.${target}`, { defaultValue: target })}
        {after.dueAt ? (
          <>
            {' '}
            {t('tickets.escalation.due')} <DateTime value={after.dueAt} />
          </>
        ) : null}
        {users.length || after.notifyRole ? (
          <>
            {' · '}
            {t('tickets.escalation.notified')}{' '}
            {users.map((id, i) => (
              <span key={id}>
                {i > 0 ? '、' : ''}
                <UserName id={id} />
              </span>
            ))}
            {after.notifyRole ? (
              <>
                {users.length ? '、' : ''}
                {t(`roleNames.${after.notifyRole}`, { defaultValue: after.notifyRole })}
              </>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
