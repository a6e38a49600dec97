import {
  Card,
  Col,
  Flex,
  InputNumber,
  Row,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENT_STATES, type AgentState } from '../../../../contracts/routing';
import type { LiveAdherenceAgent } from '../../../../contracts/wfm-adherence';
import { useErrorMessage } from '../../app/errors';
import { useReasonCodes } from '../../app/lookups';
import { AgentStateTag, useReasonLabel } from '../../ui/agent-state-tag';
import { QueryError } from '../../ui/query-error';
import { useNow } from '../../ui/use-now';
import { useAdherenceRealtime, useAdherenceZone, useLiveAdherence } from './adherence-api';
import { minutesSince } from './adherence-format';
import { TeamFilter } from './adherence-team-filter';
import { ADHERENCE_IDS } from './adherence-testids';
import { timeIn } from './dates';

const ACTIVITY_COLOR: Record<LiveAdherenceAgent['activity'], string> = {
  work: 'blue',
  break: 'gold',
  lunch: 'orange',
  off: 'default',
};

const isAgentState = (s: string): s is AgentState => (AGENT_STATES as readonly string[]).includes(s);

/** Flagged agents first, then the others out of adherence, then by name (the server's order, kept stable). */
function ordered(agents: readonly LiveAdherenceAgent[]): LiveAdherenceAgent[] {
  const rank = (a: LiveAdherenceAgent) => (a.flagged ? 0 : a.inAdherence ? 2 : 1);
  return [...agents].sort((a, b) => rank(a) - rank(b));
}

/** 实时: each scheduled or signed-in agent's state against their schedule now, refreshed every 15 s and on state changes. */
export function AdherenceLiveTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [graceMinutes, setGrace] = useState(3);
  const [teamId, setTeamId] = useState<string | undefined>();
  const live = useLiveAdherence({ graceMinutes, teamId });
  useAdherenceRealtime();
  const tz = useAdherenceZone();
  const reasonLabel = useReasonLabel(useReasonCodes().data);
  const now = useNow(30_000);
  const at = (iso: string | null) => (iso && tz ? timeIn(tz, iso) : null);

  const columns: TableColumnsType<LiveAdherenceAgent> = [
    {
      key: 'agent',
      title: t('wfmAdherence.live.col.agent'),
      dataIndex: 'agentName',
      sorter: (a, b) => a.agentName.localeCompare(b.agentName),
    },
    {
      key: 'activity',
      title: t('wfmAdherence.live.col.activity'),
      render: (_v, a) => {
        const from = at(a.activityFrom);
        const to = at(a.activityTo);
        return (
          <Space size={4} data-testid={ADHERENCE_IDS.liveActivity(a.agentId)} data-activity={a.activity}>
            <Tag color={ACTIVITY_COLOR[a.activity]}>{t(`wfmAdherence.activity.${a.activity}`)}</Tag>
            {from && to ? <Typography.Text type="secondary">{`${from}–${to}`}</Typography.Text> : null}
          </Space>
        );
      },
    },
    {
      key: 'state',
      title: t('wfmAdherence.live.col.state'),
      render: (_v, a) =>
        isAgentState(a.state) ? <AgentStateTag state={a.state} reason={reasonLabel(a.reason)} /> : <Tag>{a.state}</Tag>,
    },
    {
      key: 'since',
      title: t('wfmAdherence.live.col.since'),
      render: (_v, a) => at(a.stateSince) ?? t('common.none'),
    },
    {
      key: 'adherence',
      title: t('wfmAdherence.live.col.adherence'),
      render: (_v, a) => (
        <Space
          size={4}
          data-testid={ADHERENCE_IDS.liveAdherence(a.agentId)}
          data-in={String(a.inAdherence)}
          data-flagged={String(a.flagged)}
        >
          <Tag color={a.inAdherence ? 'success' : 'error'}>
            {a.inAdherence ? t('wfmAdherence.live.in') : t('wfmAdherence.live.out')}
          </Tag>
          {!a.inAdherence && a.outSince ? (
            <Typography.Text type={a.flagged ? 'danger' : 'secondary'}>
              {t('wfmAdherence.live.forMinutes', { count: minutesSince(a.outSince, now) })}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
  ];

  const summary = live.data?.summary;
  return (
    <Flex vertical gap={16}>
      <Flex gap={12} wrap align="center">
        <Space>
          <Typography.Text>{t('wfmAdherence.live.grace')}</Typography.Text>
          <InputNumber<number>
            min={0}
            max={60}
            precision={0}
            value={graceMinutes}
            onChange={(v) => setGrace(v ?? 0)}
            aria-label={t('wfmAdherence.live.grace')}
            title={t('wfmAdherence.live.graceHint')}
            data-testid={ADHERENCE_IDS.grace}
          />
        </Space>
        <TeamFilter value={teamId} onChange={setTeamId} testId={ADHERENCE_IDS.team} />
        {live.data && tz ? (
          <Typography.Text type="secondary">
            {t('wfmAdherence.live.updatedAt', { time: timeIn(tz, live.data.at) })}
          </Typography.Text>
        ) : null}
      </Flex>
      {live.isError ? <QueryError message={errorMessage(live.error)} onRetry={() => void live.refetch()} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={8}>
          <Card size="small" data-testid={ADHERENCE_IDS.summaryScheduled}>
            <Statistic title={t('wfmAdherence.live.scheduledNow')} value={summary?.scheduledNow ?? '—'} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card size="small" data-testid={ADHERENCE_IDS.summaryIn}>
            <Statistic title={t('wfmAdherence.live.inAdherence')} value={summary?.inAdherence ?? '—'} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card size="small" data-testid={ADHERENCE_IDS.summaryFlagged}>
            <Statistic
              title={t('wfmAdherence.live.flagged')}
              value={summary?.flagged ?? '—'}
              styles={summary?.flagged ? { content: { color: 'var(--ant-color-error, #ff4d4f)' } } : undefined}
            />
          </Card>
        </Col>
      </Row>
      <Table<LiveAdherenceAgent>
        size="small"
        rowKey="agentId"
        data-testid={ADHERENCE_IDS.liveTable}
        loading={live.isPending}
        columns={columns}
        dataSource={live.data ? ordered(live.data.agents) : []}
        pagination={false}
        locale={{ emptyText: t('wfmAdherence.live.empty') }}
        onRow={(a) => (a.flagged ? { className: 'adherence-flagged', style: { background: FLAGGED_BG } } : {})}
      />
    </Flex>
  );
}

/** A flagged row: the error colour's lightest shade, as antd's own error alerts use. */
const FLAGGED_BG = 'var(--ant-color-error-bg, #fff2f0)';
