import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Pagination, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { ArticleKind, SearchHit } from '../../../../contracts/knowledge';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { Highlighted, ValidityTag } from '../../ui/knowledge-article';
import { QueryError } from '../../ui/query-error';
import { useArticles, useSearch } from './api';
import { useCategoryNames } from './names';
import { KNOWLEDGE_IDS } from './testids';

const PAGE_SIZE = 20;

function KindTag({ kind }: { kind: ArticleKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={kind === 'tree' ? 'purple' : kind === 'script' ? 'cyan' : undefined}>{t(`knowledge.kind.${kind}`)}</Tag>
  );
}

function Hit({ hit, category }: { hit: SearchHit; category: string | null }) {
  const { t } = useTranslation();
  return (
    <Card size="small" data-testid={KNOWLEDGE_IDS.result(hit.id)} data-article-id={hit.id}>
      <Flex vertical gap={4}>
        <Link to={`/knowledge/articles/${hit.id}?from=search`} style={{ fontSize: 16, fontWeight: 500 }}>
          <Highlighted text={hit.title} ranges={hit.titleHighlights} />
        </Link>
        {hit.snippet ? (
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            <Highlighted text={hit.snippet} ranges={hit.highlights} />
          </Typography.Paragraph>
        ) : null}
        <Space size={4} wrap>
          <KindTag kind={hit.kind} />
          {category ? <Tag bordered={false}>{category}</Tag> : null}
          {hit.tags.map((tag) => (
            <Tag key={tag} bordered={false} color="default">
              #{tag}
            </Tag>
          ))}
          {hit.expiresAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('knowledge.search.expiresAt')} <DateTime value={hit.expiresAt} style="date" />
            </Typography.Text>
          ) : null}
        </Space>
      </Flex>
    </Card>
  );
}

/** Published articles of a category (or all), newest change first: browsing without words. */
function Browse({ categoryId }: { categoryId: string | undefined }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const categories = useCategoryNames();
  const [page, setPage] = useState(1);
  const list = useArticles({ categoryId, status: 'published', page, pageSize: PAGE_SIZE });
  if (list.isError) return <QueryError message={errorMessage(list.error)} onRetry={() => void list.refetch()} />;
  if (list.isLoading) return <Spin />;
  const items = list.data?.items ?? [];
  if (items.length === 0) return <Empty description={t('knowledge.search.browseEmpty')} />;
  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{t('knowledge.search.browseHint')}</Typography.Text>
      {items.map((a) => (
        <Card key={a.id} size="small" data-testid={KNOWLEDGE_IDS.result(a.id)} data-article-id={a.id}>
          <Flex justify="space-between" gap={8} wrap>
            <Space size={8} wrap>
              <Link to={`/knowledge/articles/${a.id}?from=browse`} style={{ fontSize: 15, fontWeight: 500 }}>
                {a.title}
              </Link>
              <KindTag kind={a.kind} />
              {categories.name(a.categoryId) ? <Tag bordered={false}>{categories.name(a.categoryId)}</Tag> : null}
              {a.validity !== 'current' ? <ValidityTag validity={a.validity} /> : null}
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {a.expiresAt ? (
                <>
                  {t('knowledge.search.expiresAt')} <DateTime value={a.expiresAt} style="date" />
                  {' · '}
                </>
              ) : null}
              {t('knowledge.views', { count: a.views })}
            </Typography.Text>
          </Flex>
        </Card>
      ))}
      {(list.data?.total ?? 0) > PAGE_SIZE ? (
        <Pagination
          current={page}
          pageSize={PAGE_SIZE}
          total={list.data?.total ?? 0}
          showSizeChanger={false}
          onChange={setPage}
        />
      ) : null}
    </Flex>
  );
}

/** 搜索: words (Enter searches) within a category, or browsing a category's published articles. */
export function SearchTab() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const categories = useCategoryNames();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const categoryId = params.get('category') ?? undefined;
  const [text, setText] = useState(q);
  const search = useSearch({ q, categoryId }, q.trim().length > 0);
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <Flex vertical gap={16}>
      <Flex gap={12} wrap>
        <Space.Compact style={{ flex: '1 1 360px', maxWidth: 640 }}>
          <Input
            allowClear
            size="large"
            prefix={<SearchOutlined />}
            placeholder={t('knowledge.search.placeholder')}
            aria-label={t('knowledge.search.label')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (!e.target.value) set('q', undefined);
            }}
            onPressEnter={() => set('q', text.trim() || undefined)}
            data-testid={KNOWLEDGE_IDS.searchInput}
          />
          <Button
            size="large"
            type="primary"
            loading={search.isFetching}
            onClick={() => set('q', text.trim() || undefined)}
          >
            {t('common.search')}
          </Button>
        </Space.Compact>
        <Select
          allowClear
          size="large"
          style={{ minWidth: 200 }}
          placeholder={t('knowledge.search.allCategories')}
          aria-label={t('knowledge.search.category')}
          value={categoryId}
          onChange={(v?: string) => set('category', v)}
          options={categories.options}
          data-testid={KNOWLEDGE_IDS.searchCategory}
        />
      </Flex>
      {!q && (categories.query.data?.length ?? 0) > 0 ? (
        <Flex gap={8} wrap aria-label={t('knowledge.search.category')}>
          <Tag.CheckableTag checked={!categoryId} onChange={() => set('category', undefined)}>
            {t('knowledge.search.allCategories')}
          </Tag.CheckableTag>
          {(categories.query.data ?? []).map((c) => (
            <Tag.CheckableTag
              key={c.id}
              checked={categoryId === c.id}
              onChange={(on) => set('category', on ? c.id : undefined)}
            >
              {c.name}
            </Tag.CheckableTag>
          ))}
        </Flex>
      ) : null}
      {!q ? (
        <Browse categoryId={categoryId} />
      ) : search.isError ? (
        <QueryError message={errorMessage(search.error)} onRetry={() => void search.refetch()} />
      ) : search.isLoading ? (
        <Spin />
      ) : (
        <>
          {search.data && search.data.words.length > 0 ? (
            <Typography.Text type="secondary" data-testid={KNOWLEDGE_IDS.searchWords}>
              {t('knowledge.search.words')}{' '}
              {search.data.words.map((w) => (
                <Tag key={w} bordered={false} color="gold">
                  {w}
                </Tag>
              ))}
            </Typography.Text>
          ) : null}
          {search.data?.items.length ? (
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">
                {t('knowledge.search.found', { count: search.data.items.length })}
              </Typography.Text>
              {search.data.items.map((hit) => (
                <Hit key={hit.id} hit={hit} category={categories.name(hit.categoryId)} />
              ))}
            </Flex>
          ) : (
            <Empty
              data-testid={KNOWLEDGE_IDS.searchEmpty}
              description={
                <>
                  <div>{t('knowledge.search.empty', { q })}</div>
                  <Typography.Text type="secondary">{t('knowledge.search.emptyHint')}</Typography.Text>
                </>
              }
            />
          )}
        </>
      )}
    </Flex>
  );
}
