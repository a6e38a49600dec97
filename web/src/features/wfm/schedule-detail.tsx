import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays } from '../../../../contracts/local-dates';
import type { Schedule, Shift } from '../../../../contracts/wfm-schedules';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { EChart, type EChartOption } from '../../ui/echart';
import { QueryError } from '../../ui/query-error';
import { dayLabel, intervalTime, shortDay, timeIn } from './dates';
import { oneDecimal, STATE_COLOR, scheduleDays } from './schedule-format';
import { useSchedule, useScheduleAction } from './schedules-api';
import { SCHEDULE_IDS } from './schedules-testids';

type Row = { userId: string; displayName: string; byDate: Map<string, Shift[]> };

/** One schedule: how good it is, coverage per day against the requirement, and each agent's week. */
export function ScheduleDetail({ id, centerTz, onBack }: { id: string; centerTz: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const { modal, message } = App.useApp();
  const schedule = useSchedule(id);
  const action = useScheduleAction(id);
  const s = schedule.data;

  if (schedule.isError)
    return <QueryError message={errorMessage(schedule.error)} onRetry={() => void schedule.refetch()} />;
  if (!s) return <Spin />;

  const run = (what: 'publish' | 'discard') =>
    modal.confirm({
      title: t(`wfm.schedules.detail.${what}Title`, { name: s.name }),
      content: t(`wfm.schedules.detail.${what}Confirm`),
      okText: t(`wfm.schedules.detail.${what}`),
      okButtonProps: what === 'discard' ? { danger: true } : {},
      cancelText: t('common.cancel'),
      onOk: () =>
        action
          .mutateAsync(what)
          .then(() => {
            void message.success(t(`wfm.schedules.detail.${what}Done`, { name: s.name }));
            return schedule.refetch();
          })
          .catch((error: unknown) => void message.error(errorMessage(error))),
    });

  return (
    <div data-testid={SCHEDULE_IDS.detail} data-state={s.state}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid={SCHEDULE_IDS.back}>
            {t('wfm.schedules.detail.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {s.name}
          </Typography.Title>
          <Tag color={STATE_COLOR[s.state]}>{t(`wfm.schedules.states.${s.state}`)}</Tag>
          <Typography.Text type="secondary">{scheduleDays(s, lang)}</Typography.Text>
        </Space>
        {s.state === 'draft' ? (
          <Space>
            <Button danger onClick={() => run('discard')} data-testid={SCHEDULE_IDS.discard}>
              {t('wfm.schedules.detail.discard')}
            </Button>
            <Button type="primary" onClick={() => run('publish')} data-testid={SCHEDULE_IDS.publish}>
              {t('wfm.schedules.detail.publish')}
            </Button>
          </Space>
        ) : s.publishedAt ? (
          <Typography.Text type="secondary">
            {t('wfm.schedules.detail.publishedAt')} <DateTime value={s.publishedAt} timeZone={centerTz} />
          </Typography.Text>
        ) : null}
      </Flex>
      <Summary schedule={s} />
      <Coverage schedule={s} />
      <Grid schedule={s} centerTz={centerTz} />
    </div>
  );
}

function Summary({ schedule: s }: { schedule: Schedule }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  /** `agent-search (3 passes)`: the stage's name, and how many passes or moves it made. */
  const stageName = (name: string) => {
    const [, key = name, count, unit] = /^([a-z-]+)(?: \((\d+) (passes|moves)\))?$/.exec(name) ?? [];
    const label = t(`wfm.schedules.stage.${key}`, { defaultValue: key });
    if (!count) return label;
    const detail = t(`wfm.schedules.detail.${unit}`, { count: Number(count) });
    return t('wfm.schedules.detail.stageWithDetail', { stage: label, detail });
  };
  return (
    <Card style={{ marginBottom: 16 }} data-testid={SCHEDULE_IDS.summary}>
      <Flex gap={40} wrap>
        <Tooltip title={t('wfm.schedules.detail.gapHelp')}>
          <Statistic
            title={t('wfm.schedules.gap')}
            value={oneDecimal(s.gap.gapPercent, lang)}
            suffix="%"
            data-testid={SCHEDULE_IDS.gap}
            data-gap={s.gap.gapPercent}
          />
        </Tooltip>
        <Statistic title={t('wfm.schedules.detail.under')} value={oneDecimal(s.underAgentHours, lang)} />
        <Statistic title={t('wfm.schedules.detail.over')} value={oneDecimal(s.overAgentHours, lang)} />
        <Statistic title={t('wfm.schedules.detail.agents')} value={s.agentCount} />
        <Statistic title={t('wfm.schedules.detail.shifts')} value={s.shiftCount} />
      </Flex>
      <Descriptions size="small" column={1} style={{ marginTop: 16 }} data-testid={SCHEDULE_IDS.stages}>
        <Descriptions.Item label={t('wfm.schedules.detail.stages')}>
          {s.stages.length === 0
            ? '—'
            : s.stages
                .map((st) =>
                  t('wfm.schedules.detail.stageValue', {
                    name: stageName(st.name),
                    seconds: oneDecimal(st.seconds, lang),
                  }),
                )
                .join(lang === 'en-US' ? '; ' : '；')}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** Agents required and scheduled (breaks out) per interval of one day. */
function Coverage({ schedule: s }: { schedule: Schedule }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const lang = i18n.language;
  const [picked, setPicked] = useState<string>();
  const day = s.coverage.find((d) => d.date === picked) ?? s.coverage[0];
  const option = useMemo<EChartOption>(() => {
    const names = { required: t('wfm.schedules.detail.required'), scheduled: t('wfm.schedules.detail.scheduled') };
    const required = day?.required ?? [];
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [names.required, names.scheduled] },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: {
        type: 'category',
        data: required.map((_, i) => intervalTime(i, s.intervalMinutes)),
        axisLabel: { interval: Math.max(0, Math.round(required.length / 12) - 1) },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: names.required,
          type: 'bar',
          color: token.colorPrimaryBorder,
          data: required.map((v) => Math.round(v * 10) / 10),
        },
        {
          name: names.scheduled,
          type: 'line',
          step: 'middle',
          showSymbol: false,
          color: token.colorSuccess,
          data: (day?.scheduled ?? []).map((v) => Math.round(v * 10) / 10),
        },
      ],
    };
  }, [day, s.intervalMinutes, t, token]);
  if (!day) return null;
  const title = t('wfm.schedules.detail.coverageTitle', { day: dayLabel(day.date, lang) });
  return (
    <Card
      title={title}
      style={{ marginBottom: 16 }}
      extra={
        <Select
          value={day.date}
          onChange={setPicked}
          style={{ minWidth: 180 }}
          aria-label={t('wfm.schedules.detail.day')}
          data-testid={SCHEDULE_IDS.coverageDay}
          options={s.coverage.map((d) => ({ value: d.date, label: dayLabel(d.date, lang) }))}
        />
      }
    >
      <EChart option={option} height={280} ariaLabel={title} testId={SCHEDULE_IDS.coverageChart} />
    </Card>
  );
}

/** One row per agent, one column per day: the shift's local start–end, its breaks on hover. */
function Grid({ schedule: s, centerTz }: { schedule: Schedule; centerTz: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const dates = Array.from({ length: s.days }, (_, i) => addDays(s.startDate, i));
  const rows = useMemo<Row[]>(
    () =>
      s.agents.map((a) => {
        const byDate = new Map<string, Shift[]>();
        for (const shift of s.shifts)
          if (shift.agentId === a.userId) byDate.set(shift.date, [...(byDate.get(shift.date) ?? []), shift]);
        return { ...a, byDate };
      }),
    [s],
  );
  const span = (from: string, to: string) => `${timeIn(centerTz, from)}–${timeIn(centerTz, to)}`;

  const cell = (shift: Shift) => {
    const tip = (
      <div>
        <div>{shift.templateName}</div>
        <div>{t('wfm.schedules.detail.paidHours', { hours: oneDecimal(shift.paidMinutes / 60, lang) })}</div>
        {shift.breaks.length === 0 ? (
          <div>{t('wfm.schedules.detail.noBreaks')}</div>
        ) : (
          shift.breaks.map((b) => (
            <div key={b.startAt}>
              {t(b.paid ? 'wfm.schedules.detail.breakPaid' : 'wfm.schedules.detail.breakUnpaid', {
                span: span(b.startAt, b.endAt),
                name: b.name,
                kind: t(`wfm.setup.breakKind.${b.kind}`),
              })}
            </div>
          ))
        )}
      </div>
    );
    return (
      <Tooltip key={shift.id} title={tip}>
        <div
          data-testid={SCHEDULE_IDS.shift(shift.id)}
          data-state={shift.state}
          style={{ whiteSpace: 'nowrap', opacity: shift.state === 'replaced' ? 0.45 : 1 }}
        >
          {shift.state === 'leave' ? <Tag color="warning">{t('wfm.schedules.detail.leave')}</Tag> : null}
          <Typography.Text delete={shift.state !== 'active'} type={shift.state === 'active' ? undefined : 'secondary'}>
            {span(shift.startAt, shift.endAt)}
          </Typography.Text>
        </div>
      </Tooltip>
    );
  };

  return (
    <Card title={t('wfm.schedules.detail.grid', { tz: centerTz })}>
      <Table<Row>
        size="small"
        rowKey="userId"
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid={SCHEDULE_IDS.grid}
        dataSource={rows}
        columns={[
          { title: t('wfm.schedules.detail.agent'), dataIndex: 'displayName', fixed: 'left' },
          ...dates.map((date) => ({
            title: shortDay(date, lang),
            key: date,
            align: 'center' as const,
            render: (_: unknown, row: Row) => {
              const shifts = row.byDate.get(date);
              return shifts?.length ? (
                shifts.map(cell)
              ) : (
                <Typography.Text type="secondary">{t('wfm.schedules.detail.off')}</Typography.Text>
              );
            },
          })),
          {
            title: t('wfm.schedules.detail.weekHours'),
            key: 'hours',
            align: 'right' as const,
            render: (_: unknown, row: Row) =>
              oneDecimal(
                [...row.byDate.values()]
                  .flat()
                  .reduce((sum, sh) => sum + (sh.state === 'active' ? sh.paidMinutes : 0), 0) / 60,
                lang,
              ),
          },
        ]}
      />
    </Card>
  );
}
