import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, Empty, Flex, List, Typography, theme } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { InboxItem } from '../../../../contracts/notifications';
import { DateTime, dayLabel } from '../../ui/date-time';
import { useInbox, useMarkRead } from './api';
import { NOTIFICATIONS_IDS } from './testids';

/** One notification in words: codes (statuses, fields, SLA targets) translated, never shown raw. */
export function inboxText(t: TFunction, item: InboxItem, language = 'zh-CN'): string {
  const d = item.details;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const fields = Array.isArray(d.fields)
    ? d.fields.map((f) => t(`tickets.field.${String(f)}`, { defaultValue: String(f) })).join('、')
    : '';
  const scores = (['csat', 'nps', 'ces'] as const)
    .filter((k) => typeof d[k] === 'number')
    .map((k) => `${t(`surveys.question.${k}`)} ${String(d[k])}`)
    .join('，');
  return t(`inbox.kind.${item.kind}`, {
    who: item.actorName ?? t('inbox.system'),
    number: item.ticketNumber ?? '',
    agent: item.subject || t('inbox.unknownAgent'),
    scores,
    to: t(`tickets.status.${str(d.to)}`, { defaultValue: str(d.to) }),
    fields,
    target: t(`inbox.target.${str(d.target)}`, { defaultValue: str(d.target) }),
    score: typeof d.score === 'number' ? d.score.toFixed(1) : '',
    outcome: t(`inbox.outcome.${str(d.status)}`, { defaultValue: str(d.status) }),
    request: t(`inbox.request.${str(d.requestKind)}`, { defaultValue: str(d.requestKind) }),
    decision: t(`inbox.decision.${str(d.state)}`, { defaultValue: str(d.state) }),
    date: /^\d{4}-\d{2}-\d{2}$/.test(str(d.date)) ? dayLabel(str(d.date), language) : '',
  });
}

/** The header's bell: the unread count, and the latest notifications linking to their orders. */
export function InboxBell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const inbox = useInbox();
  const markRead = useMarkRead();
  const [open, setOpen] = useState(false);
  const { token } = theme.useToken();
  const unread = inbox.data?.unread ?? 0;
  const items = inbox.data?.items ?? [];

  const openItem = (item: InboxItem) => {
    setOpen(false);
    if (!item.readAt) void markRead({ ids: [item.id] });
    if (item.kind === 'survey.low_score' && typeof item.details.answerId === 'string')
      navigate(`/surveys?lowOnly=true&answer=${encodeURIComponent(item.details.answerId)}`);
    else if (item.kind.startsWith('quality.') && typeof item.details.evaluationId === 'string')
      navigate(`/quality/evaluations/${encodeURIComponent(item.details.evaluationId)}`);
    else if (item.kind === 'wfm.request.to_approve' && typeof item.details.requestId === 'string')
      navigate(`/schedule-requests?id=${encodeURIComponent(item.details.requestId)}`);
    else if (item.kind.startsWith('wfm.request.')) navigate('/my-schedule');
    else if (item.ticketId) navigate(`/tickets?id=${encodeURIComponent(item.ticketId)}`);
  };

  const panel = (
    <div
      data-testid={NOTIFICATIONS_IDS.list}
      style={{
        width: 360,
        background: token.colorBgElevated,
        borderRadius: token.borderRadiusLG,
        boxShadow: token.boxShadowSecondary,
      }}
    >
      <Flex justify="space-between" align="center" style={{ padding: '8px 12px' }}>
        <Typography.Text strong>{t('inbox.title')}</Typography.Text>
        <Button
          size="small"
          type="link"
          disabled={unread === 0}
          onClick={() => void markRead({ all: true })}
          data-testid={NOTIFICATIONS_IDS.readAll}
        >
          {t('inbox.readAll')}
        </Button>
      </Flex>
      {inbox.isError ? (
        <Typography.Text type="danger" style={{ padding: 12, display: 'block' }}>
          {t('inbox.loadFailed')}
        </Typography.Text>
      ) : items.length === 0 && !inbox.isLoading ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
      ) : (
        <List
          size="small"
          loading={inbox.isLoading}
          dataSource={items}
          style={{ maxHeight: 400, overflowY: 'auto' }}
          renderItem={(item) => (
            <List.Item
              data-testid={NOTIFICATIONS_IDS.item}
              data-unread={item.readAt ? 'false' : 'true'}
              style={{ cursor: 'pointer', paddingInline: 12 }}
              tabIndex={0}
              onClick={() => openItem(item)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  openItem(item);
                }
              }}
            >
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Typography.Text strong={!item.readAt}>{inboxText(t, item, i18n.language)}</Typography.Text>
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                  {item.subject ? `${item.subject} · ` : ''}
                  <DateTime value={item.createdAt} />
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Dropdown open={open} onOpenChange={setOpen} trigger={['click']} placement="bottomRight" popupRender={() => panel}>
      <Button
        type="text"
        aria-label={t('inbox.bell', { count: unread })}
        data-testid={NOTIFICATIONS_IDS.bell}
        icon={
          <Badge count={unread} size="small" overflowCount={99} data-testid={NOTIFICATIONS_IDS.count}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Dropdown>
  );
}
