import { BookOutlined, DislikeOutlined, LikeOutlined } from '@ant-design/icons';
import { Button, Card, Drawer, Empty, Flex, Input, List, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleKind, Suggestion } from '../../../../contracts/knowledge';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { ArticleBody, Highlighted, TreePlayer, ValidityTag, ValidityWarning } from '../../ui/knowledge-article';
import { QueryError } from '../../ui/query-error';
import { type ReadFrom, useArticle, useArticleFeedback, useKnowledgeSearch, useSuggestions } from './knowledge-api';
import { DESKTOP_IDS } from './testids';

const KIND_COLOURS: Record<ArticleKind, string> = { article: 'blue', faq: 'cyan', script: 'purple', tree: 'orange' };

function KindTag({ kind }: { kind: ArticleKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLOURS[kind]} bordered={false}>
      {t(`desktopKnowledge.kind.${kind}`)}
    </Tag>
  );
}

function reasonText(s: Suggestion, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (s.reason === 'keyword') return t('desktopKnowledge.reason.keyword', { words: s.matched.join('、') });
  return t(`desktopKnowledge.reason.${s.reason}`);
}

/**
 * 知识库 on the desktop: articles suggested for the contact ringing or in hand (by its queue, IVR
 * choices and subject), a search box for the rest, and the article read in a side drawer without
 * leaving the call — a troubleshooting tree is clicked through there.
 */
export function KnowledgePanel({ contactId }: { contactId?: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [query, setQuery] = useState('');
  const [reading, setReading] = useState<{ id: string; from: ReadFrom }>();
  const suggestions = useSuggestions(contactId);
  const results = useKnowledgeSearch(query);

  return (
    <Card
      size="small"
      title={
        <Space>
          <BookOutlined />
          {t('desktopKnowledge.title')}
        </Space>
      }
      data-testid={DESKTOP_IDS.knowledge}
    >
      <Flex vertical gap={12}>
        <Input.Search
          allowClear
          placeholder={t('desktopKnowledge.searchPlaceholder')}
          aria-label={t('desktopKnowledge.searchPlaceholder')}
          onSearch={(v) => {
            // The same words again: ask again (an article may have expired or been published since).
            if (v.trim() === query) void results.refetch();
            else setQuery(v.trim());
          }}
          data-testid={DESKTOP_IDS.knowledgeSearch}
        />
        {query ? (
          <div>
            <Typography.Text type="secondary">
              {results.data?.words.length
                ? t('desktopKnowledge.words', { words: results.data.words.join('、') })
                : t('desktopKnowledge.results')}
            </Typography.Text>
            {results.error ? (
              <QueryError message={errorMessage(results.error)} onRetry={() => void results.refetch()} />
            ) : null}
            <List
              size="small"
              loading={results.isLoading}
              dataSource={results.data?.items ?? []}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desktopKnowledge.noResult')} />,
              }}
              renderItem={(hit) => (
                <List.Item
                  key={hit.id}
                  data-testid={DESKTOP_IDS.knowledgeResult}
                  data-article-id={hit.id}
                  style={{ cursor: 'pointer', display: 'block' }}
                  onClick={() => setReading({ id: hit.id, from: 'search' })}
                >
                  <Space size={4} wrap>
                    <KindTag kind={hit.kind} />
                    <Typography.Link>
                      <Highlighted text={hit.title} ranges={hit.titleHighlights} />
                    </Typography.Link>
                  </Space>
                  <Typography.Paragraph
                    type="secondary"
                    style={{ margin: '4px 0 0', fontSize: 12 }}
                    ellipsis={{ rows: 2 }}
                  >
                    <Highlighted text={hit.snippet} ranges={hit.highlights} />
                  </Typography.Paragraph>
                </List.Item>
              )}
            />
          </div>
        ) : contactId ? (
          <div>
            <Typography.Text type="secondary">{t('desktopKnowledge.suggested')}</Typography.Text>
            {suggestions.error ? (
              <QueryError message={errorMessage(suggestions.error)} onRetry={() => void suggestions.refetch()} />
            ) : null}
            <List
              size="small"
              loading={suggestions.isLoading}
              dataSource={suggestions.data?.items ?? []}
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desktopKnowledge.noSuggestion')} />
                ),
              }}
              renderItem={(s) => (
                <List.Item
                  key={s.id}
                  data-testid={DESKTOP_IDS.knowledgeSuggestion}
                  data-article-id={s.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() => setReading({ id: s.id, from: 'suggestion' })}
                >
                  <Space size={4} wrap>
                    <KindTag kind={s.kind} />
                    <Typography.Link>{s.title}</Typography.Link>
                  </Space>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {reasonText(s, t)}
                  </Typography.Text>
                </List.Item>
              )}
            />
          </div>
        ) : (
          <Typography.Text type="secondary">{t('desktopKnowledge.idle')}</Typography.Text>
        )}
      </Flex>
      <Drawer
        open={!!reading}
        onClose={() => setReading(undefined)}
        width={560}
        destroyOnHidden
        closable={{ 'aria-label': t('desktopKnowledge.close') }}
        title={t('desktopKnowledge.title')}
      >
        {reading ? <ArticleReader id={reading.id} from={reading.from} /> : null}
      </Drawer>
    </Card>
  );
}

/** The published text as an agent reads it, with "was this helpful". */
function ArticleReader({ id, from }: { id: string; from: ReadFrom }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const article = useArticle(id, from);
  const feedback = useArticleFeedback(id);
  if (article.error) return <QueryError message={errorMessage(article.error)} onRetry={() => void article.refetch()} />;
  const a = article.data;
  const v = a?.published;
  if (!a || !v) return <Spin />;
  return (
    <Flex vertical gap={12} data-testid={DESKTOP_IDS.knowledgeArticle} data-validity={a.validity}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {v.title}
      </Typography.Title>
      <Space wrap>
        <KindTag kind={v.kind} />
        <ValidityTag validity={a.validity} />
        {v.expiresAt ? (
          <Typography.Text type="secondary">
            {t('desktopKnowledge.validUntil')} <DateTime value={v.expiresAt} />
          </Typography.Text>
        ) : null}
      </Space>
      <ValidityWarning validity={a.validity} />
      {v.kind === 'tree' && v.tree ? <TreePlayer tree={v.tree} /> : null}
      <ArticleBody html={v.body} />
      <Flex align="center" gap={8} wrap>
        <Typography.Text type="secondary">{t('desktopKnowledge.helpful')}</Typography.Text>
        <Button
          size="small"
          icon={<LikeOutlined />}
          type={a.myFeedback === true ? 'primary' : 'default'}
          loading={feedback.isPending && feedback.variables === true}
          onClick={() => feedback.mutate(true)}
          data-testid={DESKTOP_IDS.knowledgeHelpful}
        >
          {t('desktopKnowledge.yes')} {a.helpful.yes}
        </Button>
        <Button
          size="small"
          icon={<DislikeOutlined />}
          type={a.myFeedback === false ? 'primary' : 'default'}
          loading={feedback.isPending && feedback.variables === false}
          onClick={() => feedback.mutate(false)}
        >
          {t('desktopKnowledge.no')} {a.helpful.no}
        </Button>
        {a.myFeedback !== null ? (
          <Typography.Text type="success">{t('desktopKnowledge.thanks')}</Typography.Text>
        ) : null}
      </Flex>
    </Flex>
  );
}
