import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Space, Statistic, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { OverviewLogEntry, OverviewQueue, OverviewTrunk } from '../../../../contracts/system';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { formatDuration } from '../../ui/use-now';
import { useSystemOverview } from './api';
import { SYSTEM_IDS } from './testids';

const LEVEL_COLOR: Record<OverviewLogEntry['level'], string> = { warn: 'warning', error: 'error', fatal: 'magenta' };

/** 系统概览: the administrator's first screen — are phones registered, trunks used, queues staffed, and what failed lately. */
export function SystemOverviewPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const overview = useSystemOverview();
  const o = overview.data;
  const refetch = () => void overview.refetch();

  const trunkColumns: TableColumnsType<OverviewTrunk> = [
    { key: 'name', title: t('systemOverview.trunk.name'), dataIndex: 'name' },
    {
      key: 'state',
      title: t('systemOverview.trunk.state'),
      render: (_v, tr) =>
        tr.disabled ? (
          <Tag>{t('systemOverview.trunk.disabled')}</Tag>
        ) : (
          <Tag color="success">{t('systemOverview.trunk.enabled')}</Tag>
        ),
    },
    {
      key: 'direction',
      title: t('systemOverview.trunk.direction'),
      render: (_v, tr) => {
        const parts = [
          ...(tr.inboundAddresses > 0 ? [t('systemOverview.trunk.inbound', { count: tr.inboundAddresses })] : []),
          ...(tr.outbound ? [t('systemOverview.trunk.outbound')] : []),
        ];
        return parts.length ? parts.join(' · ') : t('systemOverview.trunk.noDirection');
      },
    },
    { key: 'calls', title: t('systemOverview.trunk.callsLastDay'), dataIndex: 'callsLastDay', align: 'right' },
    {
      key: 'last',
      title: t('systemOverview.trunk.lastCall'),
      render: (_v, tr) => <DateTime value={tr.lastCallAt} fallback={t('systemOverview.trunk.noCall')} />,
    },
  ];

  const queueColumns: TableColumnsType<OverviewQueue> = [
    { key: 'name', title: t('systemOverview.queue.name'), dataIndex: 'name' },
    {
      key: 'open',
      title: t('systemOverview.queue.open'),
      render: (_v, q) =>
        q.open ? (
          <Tag color="success">{t('systemOverview.queue.isOpen')}</Tag>
        ) : (
          <Tag>{t('systemOverview.queue.isClosed')}</Tag>
        ),
    },
    { key: 'waiting', title: t('systemOverview.queue.waiting'), dataIndex: 'waiting', align: 'right' },
    {
      key: 'longest',
      title: t('systemOverview.queue.longestWait'),
      align: 'right',
      render: (_v, q) => (q.waiting > 0 ? formatDuration(q.longestWaitSeconds) : t('common.none')),
    },
    {
      key: 'agents',
      title: t('systemOverview.queue.agents'),
      align: 'right',
      render: (_v, q) => `${q.agentsReady} / ${q.agentsSignedIn}`,
    },
    { key: 'answered', title: t('systemOverview.queue.answered'), dataIndex: 'answeredToday', align: 'right' },
    { key: 'abandoned', title: t('systemOverview.queue.abandoned'), dataIndex: 'abandonedToday', align: 'right' },
  ];

  const logColumns: TableColumnsType<OverviewLogEntry & { key: number }> = [
    { key: 'at', title: t('systemOverview.log.at'), render: (_v, e) => <DateTime value={e.at} /> },
    {
      key: 'level',
      title: t('systemOverview.log.level'),
      render: (_v, e) => <Tag color={LEVEL_COLOR[e.level]}>{t(`systemOverview.log.levels.${e.level}`)}</Tag>,
    },
    { key: 'message', title: t('systemOverview.log.message'), dataIndex: 'message' },
    {
      key: 'error',
      title: t('systemOverview.log.error'),
      render: (_v, e) =>
        e.error ? (
          <span className="mono">{[e.error.type, e.error.code].filter(Boolean).join(' · ')}</span>
        ) : (
          t('common.none')
        ),
    },
    {
      key: 'requestId',
      title: t('systemOverview.log.requestId'),
      render: (_v, e) =>
        e.requestId ? (
          <Typography.Text className="mono" copyable>
            {e.requestId}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
  ];

  const waiting = o?.queues.reduce((n, q) => n + q.waiting, 0) ?? 0;
  const ready = o?.queues.reduce((n, q) => n + q.agentsReady, 0) ?? 0;
  const trunkCalls = o?.trunks.reduce((n, tr) => n + tr.callsLastDay, 0) ?? 0;

  return (
    <div data-testid={SYSTEM_IDS.page}>
      <PageHeader
        title={t('systemOverview.title')}
        description={t('systemOverview.description')}
        extra={
          <Space>
            {o ? (
              <Typography.Text type="secondary">
                {t('systemOverview.updatedAt')} <DateTime value={o.at} />
              </Typography.Text>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={refetch} aria-label={t('common.refresh')} />
          </Space>
        }
      />
      {overview.isError ? <QueryError message={errorMessage(overview.error)} onRetry={refetch} /> : null}
      {o && !o.phones.sipRunning ? (
        <Alert type="error" showIcon title={t('systemOverview.sipStopped')} data-testid={SYSTEM_IDS.sipStopped} />
      ) : null}
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} sm={12} xl={6}>
          <Card loading={overview.isLoading} data-testid={SYSTEM_IDS.phones}>
            <Statistic
              title={t('systemOverview.phones')}
              value={o?.phones.registered ?? 0}
              suffix={`/ ${o?.phones.enabled ?? 0}`}
              styles={{ content: { color: o && o.phones.registered < o.phones.enabled ? '#d48806' : undefined } }}
            />
            <Typography.Text type="secondary">
              {t('systemOverview.phonesOf', { enabled: o?.phones.enabled ?? 0 })}
              {o && o.phones.total > o.phones.enabled
                ? ` · ${t('systemOverview.phonesDisabled', { count: o.phones.total - o.phones.enabled })}`
                : null}
              {' · '}
              <Link to="/admin/telephony">{t('systemOverview.manageTelephony')}</Link>
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card loading={overview.isLoading}>
            <Statistic title={t('systemOverview.trunks')} value={o?.trunks.filter((tr) => !tr.disabled).length ?? 0} />
            <Typography.Text type="secondary">{t('systemOverview.trunksHint', { count: trunkCalls })}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card loading={overview.isLoading}>
            <Statistic title={t('systemOverview.queues')} value={o?.queues.length ?? 0} />
            <Typography.Text type="secondary">{t('systemOverview.queuesHint', { waiting, ready })}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card loading={overview.isLoading}>
            <Statistic
              title={t('systemOverview.problems')}
              value={t('systemOverview.problemsCounts', { errors: o?.log.errors ?? 0, warnings: o?.log.warnings ?? 0 })}
              styles={{ content: { fontSize: 20, color: o && o.log.errors > 0 ? '#cf1322' : undefined } }}
            />
            {o ? (
              <Typography.Text type="secondary">
                {t('systemOverview.startedAt')} <DateTime value={o.startedAt} />
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
      </Row>
      <Card
        title={t('systemOverview.trunks')}
        extra={<Link to="/admin/telephony">{t('systemOverview.manageTelephony')}</Link>}
        style={{ marginTop: 16 }}
      >
        <Table<OverviewTrunk>
          rowKey="id"
          size="small"
          columns={trunkColumns}
          dataSource={o?.trunks}
          loading={overview.isLoading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('systemOverview.trunk.empty') }}
          onRow={(tr) => ({ 'data-testid': SYSTEM_IDS.trunk(tr.name) }) as HTMLAttributes<HTMLElement>}
          data-testid={SYSTEM_IDS.trunks}
        />
      </Card>
      <Card
        title={t('systemOverview.queues')}
        extra={<Link to="/admin/routing">{t('systemOverview.manageRouting')}</Link>}
        style={{ marginTop: 16 }}
      >
        <Table<OverviewQueue>
          rowKey="id"
          size="small"
          columns={queueColumns}
          dataSource={o?.queues}
          loading={overview.isLoading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('systemOverview.queue.empty') }}
          onRow={(q) => ({ 'data-testid': SYSTEM_IDS.queue(q.key) }) as HTMLAttributes<HTMLElement>}
          data-testid={SYSTEM_IDS.queues}
        />
      </Card>
      <Card title={t('systemOverview.problems')} style={{ marginTop: 16 }}>
        <Typography.Paragraph type="secondary">{t('systemOverview.log.hint')}</Typography.Paragraph>
        <Table<OverviewLogEntry & { key: number }>
          rowKey="key"
          size="small"
          columns={logColumns}
          dataSource={o?.log.entries.map((e, key) => ({ ...e, key }))}
          loading={overview.isLoading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('systemOverview.log.empty') }}
          data-testid={SYSTEM_IDS.log}
        />
      </Card>
    </div>
  );
}
