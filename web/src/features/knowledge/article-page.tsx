import { ArrowLeftOutlined, DislikeOutlined, EditOutlined, LikeOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Article } from '../../../../contracts/knowledge';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { ArticleBody, TreePlayer, ValidityTag, ValidityWarning } from '../../ui/knowledge-article';
import { QueryError } from '../../ui/query-error';
import { knowledgeKeys, sendFeedback, useArticle } from './api';
import { useCategoryNames } from './names';
import { KNOWLEDGE_IDS } from './testids';

function Helpful({ article }: { article: Article }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const feedback = useMutation({
    mutationFn: (helpful: boolean) => sendFeedback(article.id, { helpful }),
    onSuccess: (a) => {
      queryClient.setQueryData(knowledgeKeys.article(a.id), a);
      message.success(t('knowledge.article.thanks'));
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const mine = article.myFeedback;
  return (
    <Flex align="center" gap={12} wrap>
      <Typography.Text strong>{t('knowledge.article.helpful')}</Typography.Text>
      <Button
        icon={<LikeOutlined />}
        type={mine === true ? 'primary' : 'default'}
        aria-pressed={mine === true}
        loading={feedback.isPending && feedback.variables === true}
        onClick={() => feedback.mutate(true)}
        data-testid={KNOWLEDGE_IDS.helpfulYes}
      >
        {t('knowledge.article.yes')} {article.helpful.yes}
      </Button>
      <Button
        icon={<DislikeOutlined />}
        type={mine === false ? 'primary' : 'default'}
        danger={mine === false}
        aria-pressed={mine === false}
        loading={feedback.isPending && feedback.variables === false}
        onClick={() => feedback.mutate(false)}
        data-testid={KNOWLEDGE_IDS.helpfulNo}
      >
        {t('knowledge.article.no')} {article.helpful.no}
      </Button>
      {mine !== null ? (
        <Typography.Text type="secondary">
          {t(mine ? 'knowledge.article.youSaidYes' : 'knowledge.article.youSaidNo')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** One article as agents read it: what may be quoted, its dates, its body or tree, and "was this helpful". */
export function ArticlePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const categories = useCategoryNames();
  const article = useArticle(id, params.get('from') ?? 'link');
  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/knowledge'))}
      style={{ paddingLeft: 0 }}
    >
      {t('knowledge.article.back')}
    </Button>
  );
  if (article.isError)
    return (
      <>
        {back}
        <QueryError message={errorMessage(article.error)} onRetry={() => void article.refetch()} />
      </>
    );
  if (!article.data) return <Spin />;
  const a = article.data;
  // Readers get the published text; an editor opening a never-published article sees the draft.
  const v = a.published ?? a.working;
  if (!v) return <Spin />;
  const draftOnly = !a.published;
  const category = categories.name(v.categoryId);
  return (
    <Flex vertical gap={16} style={{ maxWidth: 960 }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        {back}
        {session.can('knowledge.edit') ? (
          <Link to={`/knowledge/articles/${a.id}/edit`} data-testid={KNOWLEDGE_IDS.editArticle}>
            <Button icon={<EditOutlined />}>{t('knowledge.article.edit')}</Button>
          </Link>
        ) : null}
      </Flex>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 8 }} data-testid={KNOWLEDGE_IDS.articleTitle}>
          {v.title}
        </Typography.Title>
        <Space size={4} wrap>
          <ValidityTag validity={a.validity} testId={KNOWLEDGE_IDS.validityTag} />
          {a.status === 'archived' ? <Tag color="default">{t('knowledge.status.archived')}</Tag> : null}
          <Tag>{t(`knowledge.kind.${v.kind}`)}</Tag>
          {category ? <Tag bordered={false}>{category}</Tag> : null}
          {v.tags.map((tag) => (
            <Tag key={tag} bordered={false}>
              #{tag}
            </Tag>
          ))}
        </Space>
      </div>
      <ValidityWarning validity={a.validity} testId={KNOWLEDGE_IDS.validityWarning} />
      {draftOnly ? <Alert type="warning" showIcon title={t('knowledge.article.draftOnly')} /> : null}
      {a.working && a.published ? (
        <Alert
          type="info"
          showIcon
          title={t('knowledge.article.workingExists', {
            version: a.working.version,
            state: t(`knowledge.revision.${a.working.state}`),
          })}
        />
      ) : null}
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'effective',
            label: t('knowledge.field.effectiveFrom'),
            children: <DateTime value={v.effectiveFrom} fallback={t('knowledge.article.sincePublished')} />,
          },
          {
            key: 'expires',
            label: t('knowledge.field.expiresAt'),
            children: <DateTime value={v.expiresAt} fallback={t('knowledge.article.noExpiry')} />,
          },
          { key: 'views', label: t('knowledge.article.viewsLabel'), children: a.views },
        ]}
      />
      <Card>
        {v.kind === 'tree' && v.tree ? (
          <Flex vertical gap={16}>
            {v.body.trim() ? <ArticleBody html={v.body} testId={KNOWLEDGE_IDS.articleBody} /> : null}
            <TreePlayer tree={v.tree} answerTestId={KNOWLEDGE_IDS.treeAnswer} />
          </Flex>
        ) : (
          <ArticleBody html={v.body} testId={KNOWLEDGE_IDS.articleBody} />
        )}
      </Card>
      {a.published ? <Helpful article={a} /> : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('knowledge.article.versionLine', { version: v.version })}
        {v.author ? ` · ${t('knowledge.article.author', { author: v.author.name })}` : null}
        {v.reviewer ? (
          <>
            {' · '}
            {t('knowledge.article.reviewedBy', { reviewer: v.reviewer.name })} <DateTime value={v.reviewedAt} />
          </>
        ) : null}
        {' · '}
        {t('knowledge.article.updatedAt')} <DateTime value={v.updatedAt} />
      </Typography.Text>
    </Flex>
  );
}
