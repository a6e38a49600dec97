import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Input, Segmented, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  ARTICLE_KINDS,
  ARTICLE_STATUSES,
  type ArticleKind,
  type ArticleStatus,
  type ArticleSummary,
  VALIDITIES,
  type Validity,
} from '../../../../contracts/knowledge';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { ValidityTag } from '../../ui/knowledge-article';
import { QueryError } from '../../ui/query-error';
import { useArticles } from './api';
import { useCategoryNames } from './names';
import { RevisionTag, StatusTag } from './status-tags';
import { KNOWLEDGE_IDS } from './testids';

const PAGE_SIZE = 20;

/** 管理: every article with its state, filters, the reviewer's work list and "new article". */
export function ManageTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const categories = useCategoryNames();
  const reviewer = session.can('knowledge.review') || session.can('knowledge.manage');
  const [view, setView] = useState<'all' | 'review'>('all');
  const [status, setStatus] = useState<ArticleStatus>();
  const [validity, setValidity] = useState<Validity>();
  const [kind, setKind] = useState<ArticleKind>();
  const [categoryId, setCategoryId] = useState<string>();
  const [q, setQ] = useState<string>();
  const [page, setPage] = useState(1);
  const list = useArticles({
    needsReview: view === 'review' ? 'true' : undefined,
    status,
    validity,
    kind,
    categoryId,
    q,
    page,
    pageSize: PAGE_SIZE,
  });
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  const columns: TableColumnsType<ArticleSummary> = [
    {
      key: 'title',
      title: t('knowledge.field.title'),
      dataIndex: 'title',
      render: (title: string, a) => (
        <Link to={`/knowledge/articles/${a.id}/edit`} data-testid={KNOWLEDGE_IDS.articleRow(a.id)}>
          {title}
        </Link>
      ),
    },
    {
      key: 'kind',
      title: t('knowledge.field.kind'),
      dataIndex: 'kind',
      render: (k: ArticleKind) => t(`knowledge.kind.${k}`),
    },
    {
      key: 'category',
      title: t('knowledge.field.category'),
      dataIndex: 'categoryId',
      render: (c: string | null) => categories.name(c) ?? t('common.none'),
    },
    {
      key: 'status',
      title: t('knowledge.manage.status'),
      render: (_v, a) => (
        <Space size={4} wrap>
          <StatusTag status={a.status} />
          {a.workingState && a.workingState !== a.status ? <RevisionTag state={a.workingState} /> : null}
        </Space>
      ),
    },
    {
      key: 'validity',
      title: t('knowledge.manage.validity'),
      render: (_v, a) => <ValidityTag validity={a.validity} />,
    },
    {
      key: 'expiresAt',
      title: t('knowledge.field.expiresAt'),
      dataIndex: 'expiresAt',
      render: (v: string | null) => <DateTime value={v} style="date" />,
    },
    { key: 'views', title: t('knowledge.manage.views'), dataIndex: 'views', align: 'right' },
    {
      key: 'updatedAt',
      title: t('knowledge.manage.updatedAt'),
      dataIndex: 'updatedAt',
      render: (v: string) => <DateTime value={v} />,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex gap={12} wrap align="center" justify="space-between">
        <div>
          {reviewer ? (
            <Segmented
              value={view}
              onChange={(v) => reset(setView)(v as 'all' | 'review')}
              options={[
                { value: 'all', label: t('knowledge.manage.all') },
                {
                  value: 'review',
                  label: <span data-testid={KNOWLEDGE_IDS.needsReview}>{t('knowledge.manage.needsReview')}</span>,
                },
              ]}
            />
          ) : null}
        </div>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => navigate('/knowledge/new')}
          data-testid={KNOWLEDGE_IDS.newArticle}
        >
          {t('knowledge.manage.new')}
        </Button>
      </Flex>
      <Flex gap={12} wrap align="center">
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('knowledge.manage.titleSearch')}
          aria-label={t('knowledge.manage.titleSearch')}
          onSearch={(v) => reset(setQ)(v.trim() || undefined)}
        />
        <Select
          allowClear
          style={{ minWidth: 120 }}
          placeholder={t('knowledge.manage.status')}
          aria-label={t('knowledge.manage.status')}
          value={status}
          onChange={reset(setStatus)}
          options={ARTICLE_STATUSES.map((s) => ({ value: s, label: t(`knowledge.status.${s}`) }))}
        />
        <Select
          allowClear
          style={{ minWidth: 120 }}
          placeholder={t('knowledge.manage.validity')}
          aria-label={t('knowledge.manage.validity')}
          value={validity}
          onChange={reset(setValidity)}
          options={VALIDITIES.map((s) => ({ value: s, label: t(`knowledgeArticle.validity.${s}`) }))}
        />
        <Select
          allowClear
          style={{ minWidth: 120 }}
          placeholder={t('knowledge.field.kind')}
          aria-label={t('knowledge.field.kind')}
          value={kind}
          onChange={reset(setKind)}
          options={ARTICLE_KINDS.map((k) => ({ value: k, label: t(`knowledge.kind.${k}`) }))}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('knowledge.field.category')}
          aria-label={t('knowledge.field.category')}
          value={categoryId}
          onChange={reset(setCategoryId)}
          options={categories.options}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
      </Flex>
      {view === 'review' ? (
        <Typography.Text type="secondary">{t('knowledge.manage.needsReviewHint')}</Typography.Text>
      ) : null}
      {list.isError ? <QueryError message={errorMessage(list.error)} onRetry={() => void list.refetch()} /> : null}
      <Table<ArticleSummary>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText:
            list.isLoading || list.isError ? (
              ' '
            ) : (
              <Empty description={t(view === 'review' ? 'knowledge.manage.noReview' : 'knowledge.manage.empty')} />
            ),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (count) => t('common.total', { count }),
        }}
      />
    </Flex>
  );
}
