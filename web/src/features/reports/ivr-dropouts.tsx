import { QuestionCircleOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Progress,
  Row,
  Spin,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../app/errors';
import { formatNumber, formatRatio } from '../../ui/kpi-format';
import { QueryError } from '../../ui/query-error';
import { useIvrReport } from './api';
import {
  byDroppedOut,
  byDropRate,
  byReached,
  dropLevel,
  HIGH_DROP_RATE,
  type IvrFlowReport,
  type IvrNodeReport,
  outcomeShares,
  sortNodes,
  worstNode,
} from './ivr-figures';
import { ivrQuery, type ReportFilters } from './report-query';
import { REPORTS_IDS } from './testids';

/**
 * The IVR tab's second half (GET /reports/ivr), over the tab's own days and zone: per flow, its runs,
 * how they ended and the self-service rate, then its nodes — where callers drop out of the menus,
 * the most callers lost first and the worst drop rate in red.
 */
export function IvrDropouts({ filters }: { filters: Pick<ReportFilters, 'from' | 'to' | 'tz'> }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { from, to, tz } = filters;
  const query = useMemo(() => ivrQuery({ from, to, tz }), [from, to, tz]);
  const report = useIvrReport(query);
  const flows = report.data?.flows;

  return (
    <section
      data-testid={REPORTS_IDS.ivrDropouts}
      aria-labelledby="reports-ivr-dropouts-title"
      style={{ marginTop: 24 }}
    >
      <Typography.Title level={5} id="reports-ivr-dropouts-title">
        {t('reports.ivrRuns.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('reports.ivrRuns.intro')}</Typography.Paragraph>
      {report.isError ? (
        <QueryError message={errorMessage(report.error)} onRetry={() => void report.refetch()} />
      ) : null}
      {report.isLoading ? (
        <Flex justify="center" style={{ padding: 32 }}>
          <Spin />
        </Flex>
      ) : null}
      {flows && flows.length === 0 ? (
        <Typography.Paragraph data-testid={REPORTS_IDS.ivrEmpty}>{t('reports.ivrRuns.empty')}</Typography.Paragraph>
      ) : null}
      <Flex vertical gap={16}>
        {flows?.map((flow) => (
          <FlowCard key={flow.flowId} flow={flow} loading={report.isFetching} />
        ))}
      </Flex>
    </section>
  );
}

function FlowCard({ flow, loading }: { flow: IvrFlowReport; loading: boolean }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const lang = i18n.language;
  const nodes = useMemo(() => sortNodes(flow.nodes), [flow.nodes]);
  const worst = useMemo(() => worstNode(flow.nodes), [flow.nodes]);
  const count = (n: number) => formatNumber(n, lang);

  const typeLabel = (type: string) =>
    i18n.exists(`ivr.nodeTypes.${type}`) ? t(`ivr.nodeTypes.${type}`) : <span data-identifier>{type}</span>;

  const columns: TableColumnsType<IvrNodeReport> = [
    {
      key: 'node',
      title: t('reports.ivrRuns.col.node'),
      ellipsis: true,
      // The id the flow's author typed: data, not a word to translate.
      render: (_, n) => (
        <Typography.Text code data-identifier>
          {n.node}
        </Typography.Text>
      ),
    },
    { key: 'type', title: t('reports.ivrRuns.col.type'), width: 140, render: (_, n) => typeLabel(n.type) },
    {
      key: 'reached',
      title: t('reports.ivrRuns.col.reached'),
      align: 'right',
      width: 110,
      sorter: byReached,
      sortDirections: ['descend', 'ascend'],
      render: (_, n) => count(n.reached),
    },
    {
      key: 'droppedOut',
      title: t('reports.ivrRuns.col.droppedOut'),
      align: 'right',
      width: 110,
      sorter: byDroppedOut,
      sortDirections: ['descend', 'ascend'],
      defaultSortOrder: 'descend',
      render: (_, n) => count(n.droppedOut),
    },
    {
      key: 'dropRate',
      title: t('reports.ivrRuns.col.dropRate'),
      width: 280,
      sorter: byDropRate,
      sortDirections: ['descend', 'ascend'],
      render: (_, n) => {
        if (n.dropRate === null) return <span className="report-nodata">{formatRatio(null)}</span>;
        const level = dropLevel(n.dropRate);
        return (
          <Flex align="center" gap={8}>
            <Progress
              percent={n.dropRate * 100}
              size="small"
              // Never the green "done" look at 100 %: a node everybody leaves is the worst case.
              status={level === 'high' ? 'exception' : 'normal'}
              strokeColor={level === 'some' ? token.colorWarning : undefined}
              format={() => formatRatio(n.dropRate)}
              style={{ flex: 1, marginBottom: 0, minWidth: 120 }}
              aria-label={`${t('reports.ivrRuns.col.dropRate')} ${formatRatio(n.dropRate)}`}
            />
            {n.node === worst ? (
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                {t('reports.ivrRuns.worst')}
              </Tag>
            ) : null}
          </Flex>
        );
      },
    },
  ];

  return (
    <Card size="small" title={flow.name} data-testid={REPORTS_IDS.ivrFlow(flow.flowId)}>
      <Row gutter={[24, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={4}>
          <Statistic title={t('reports.ivrRuns.runs')} value={count(flow.runs)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={
              <span>
                {t('reports.ivrRuns.selfServiceRate')}
                <Tooltip title={t('reports.ivrRuns.selfServiceHelp')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<QuestionCircleOutlined />}
                    aria-label={t('reports.ivrRuns.selfServiceHelp')}
                  />
                </Tooltip>
              </span>
            }
            value={formatRatio(flow.selfServiceRate)}
          />
        </Col>
        <Col xs={24} md={16}>
          <Descriptions
            size="small"
            title={<Typography.Text type="secondary">{t('reports.ivrRuns.outcomes')}</Typography.Text>}
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={outcomeShares(flow).map((o) => ({
              key: o.outcome,
              label: o.known ? t(`reports.ivrRuns.outcome.${o.outcome}`) : <span data-identifier>{o.outcome}</span>,
              children: t('reports.ivrRuns.outcomeValue', { n: count(o.count), share: formatRatio(o.share) }),
            }))}
          />
        </Col>
      </Row>
      <Typography.Text strong>{t('reports.ivrRuns.nodes')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('reports.ivrRuns.nodesHelp', { threshold: formatRatio(HIGH_DROP_RATE) })}
      </Typography.Paragraph>
      <Table<IvrNodeReport>
        data-testid={REPORTS_IDS.ivrNodes(flow.flowId)}
        aria-label={t('reports.ivrRuns.nodesOf', { flow: flow.name })}
        size="small"
        rowKey="node"
        columns={columns}
        dataSource={nodes}
        loading={loading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('reports.empty') }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
      />
    </Card>
  );
}
