import { Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Sla, SlaState } from '../../../../contracts/tickets';
import { useDateTimeFormat } from '../../ui/date-time';
import { useNow } from '../../ui/use-now';
import { TICKETS_IDS } from './testids';

/** Amber for a warning, red for a breach or a miss; the calm states stay neutral. */
export const SLA_COLORS: Record<SlaState, string> = {
  running: 'blue',
  warning: 'orange',
  breached: 'red',
  paused: 'default',
  met: 'green',
  missed: 'red',
};

/** A span as its two largest units ("2 小时 5 分钟", "1 d 3 h"): enough to act on, short enough for a row. */
export function formatSpan(ms: number, t: TFunction): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (d) parts.push(t('tickets.span.d', { count: d }));
  if (h) parts.push(t('tickets.span.h', { count: h }));
  if (m && !d) parts.push(t('tickets.span.m', { count: m }));
  return parts.slice(0, 2).join(' ');
}

/** "in 2 h" / "overdue 3 h" for a due instant, from `now`. */
export function relativeDue(due: string, now: number, t: TFunction): string {
  const left = new Date(due).getTime() - now;
  const span = formatSpan(left, t);
  return left >= 0 ? t('tickets.sla.dueIn', { span }) : t('tickets.sla.overdue', { span });
}

/**
 * The SLA state of an order with its governing deadline: the resolution target once answered, the
 * response target before (the server's overall state follows the same rule).
 */
export function SlaBadge({ sla, responded }: { sla: Sla; responded: boolean }) {
  const { t } = useTranslation();
  const format = useDateTimeFormat();
  const now = useNow(30_000);
  const due = responded ? sla.resolveDueAt : (sla.responseDueAt ?? sla.resolveDueAt);
  const live = sla.state === 'running' || sla.state === 'warning' || sla.state === 'breached';
  return (
    <Space size={4} wrap data-testid={TICKETS_IDS.slaBadge} data-state={sla.state}>
      <Tag color={SLA_COLORS[sla.state]} style={{ marginInlineEnd: 0 }}>
        {due || !live ? t(`tickets.sla.${sla.state}`) : t('tickets.sla.none')}
      </Tag>
      {due && live ? (
        <Typography.Text type={sla.state === 'running' ? 'secondary' : undefined} style={{ fontSize: 12 }}>
          <time dateTime={due}>{format(due)}</time>
          {/* The minute tick may lag the server's breach: no "due in" next to 已超时. */}
          {sla.state === 'breached' && new Date(due).getTime() > now ? null : ` · ${relativeDue(due, now, t)}`}
        </Typography.Text>
      ) : null}
    </Space>
  );
}
