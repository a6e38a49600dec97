import { Card, Col, DatePicker, Empty, Flex, Row, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { KnowledgeAnalytics } from '../../../../contracts/knowledge';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { useAnalytics } from './api';
import { KNOWLEDGE_IDS } from './testids';

type NoResult = KnowledgeAnalytics['noResult'][number];
type Helpfulness = KnowledgeAnalytics['helpfulness'][number];
type Viewed = KnowledgeAnalytics['mostViewed'][number];

/** 使用统计: what is read, what was looked for and not found (the manager's work list), what helped. */
export function UsageTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    dayjs().subtract(29, 'day').startOf('day'),
    dayjs().endOf('day'),
  ]);
  const analytics = useAnalytics({
    from: range[0].startOf('day').toISOString(),
    to: range[1].endOf('day').toISOString(),
  });
  const data = analytics.data;
  const rate = data && data.searches > 0 ? Math.round((data.searchesWithoutResult / data.searches) * 100) : 0;
  return (
    <Flex vertical gap={16}>
      <Flex gap={12} align="center" wrap>
        <Typography.Text>{t('knowledge.usage.range')}</Typography.Text>
        <DatePicker.RangePicker
          allowClear={false}
          value={range}
          onChange={(v) => {
            if (v?.[0] && v[1]) setRange([v[0], v[1]]);
          }}
          aria-label={t('knowledge.usage.range')}
        />
      </Flex>
      {analytics.isError ? (
        <QueryError message={errorMessage(analytics.error)} onRetry={() => void analytics.refetch()} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8}>
          <Card size="small">
            <Statistic
              title={t('knowledge.usage.searches')}
              value={data?.searches ?? 0}
              loading={analytics.isLoading}
            />
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Card size="small">
            <Statistic
              title={t('knowledge.usage.withoutResult')}
              value={data?.searchesWithoutResult ?? 0}
              suffix={data && data.searches > 0 ? <Typography.Text type="secondary">({rate}%)</Typography.Text> : null}
              loading={analytics.isLoading}
            />
          </Card>
        </Col>
        <Col xs={12} md={8}>
          <Card size="small">
            <Statistic
              title={t('knowledge.usage.views')}
              value={(data?.mostViewed ?? []).reduce((sum, v) => sum + v.views, 0)}
              loading={analytics.isLoading}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('knowledge.usage.noResult')}>
            <Typography.Paragraph type="secondary">{t('knowledge.usage.noResultHint')}</Typography.Paragraph>
            <Table<NoResult>
              rowKey="q"
              size="small"
              data-testid={KNOWLEDGE_IDS.usageNoResult}
              loading={analytics.isFetching}
              dataSource={data?.noResult}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description={t('knowledge.usage.noResultEmpty')} /> }}
              columns={[
                { key: 'q', title: t('knowledge.usage.query'), dataIndex: 'q' },
                { key: 'count', title: t('knowledge.usage.count'), dataIndex: 'count', align: 'right', width: 90 },
                {
                  key: 'lastAt',
                  title: t('knowledge.usage.lastAt'),
                  dataIndex: 'lastAt',
                  render: (v: string) => <DateTime value={v} />,
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('knowledge.usage.mostViewed')}>
            <Table<Viewed>
              rowKey="id"
              size="small"
              loading={analytics.isFetching}
              dataSource={data?.mostViewed}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description={t('knowledge.usage.noViews')} /> }}
              columns={[
                {
                  key: 'title',
                  title: t('knowledge.field.title'),
                  dataIndex: 'title',
                  render: (title: string, r) => <Link to={`/knowledge/articles/${r.id}/edit`}>{title}</Link>,
                },
                { key: 'views', title: t('knowledge.usage.views'), dataIndex: 'views', align: 'right', width: 90 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('knowledge.usage.helpfulness')}>
            <Typography.Paragraph type="secondary">{t('knowledge.usage.helpfulnessHint')}</Typography.Paragraph>
            <Table<Helpfulness>
              rowKey="id"
              size="small"
              loading={analytics.isFetching}
              dataSource={data?.helpfulness}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description={t('knowledge.usage.noFeedback')} /> }}
              columns={[
                {
                  key: 'title',
                  title: t('knowledge.field.title'),
                  dataIndex: 'title',
                  render: (title: string, r) => <Link to={`/knowledge/articles/${r.id}/edit`}>{title}</Link>,
                },
                { key: 'yes', title: t('knowledge.usage.yes'), dataIndex: 'yes', align: 'right', width: 90 },
                { key: 'no', title: t('knowledge.usage.no'), dataIndex: 'no', align: 'right', width: 90 },
                {
                  key: 'rate',
                  title: t('knowledge.usage.rate'),
                  align: 'right',
                  width: 110,
                  render: (_v, r) =>
                    r.yes + r.no > 0 ? `${Math.round((r.yes / (r.yes + r.no)) * 100)}%` : t('common.none'),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
