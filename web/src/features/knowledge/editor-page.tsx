import { ArrowLeftOutlined, EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Input, Row, Select, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  ARTICLE_KINDS,
  type Article,
  type ArticleKind,
  type CreateArticleBody,
  TAGS_MAX,
  TITLE_MAX,
  type TreeNode,
} from '../../../../contracts/knowledge';
import { isApiError } from '../../app/api-client';
import { applyFieldErrors, useErrorMessage, validationIssues } from '../../app/errors';
import { useQueues } from '../../app/lookups';
import { FormError } from '../../ui/form-error';
import { QueryError } from '../../ui/query-error';
import { createArticle, knowledgeKeys, updateArticle, useArticle } from './api';
import { BodyEditor } from './body-editor';
import { useCategoryNames } from './names';
import { KNOWLEDGE_IDS } from './testids';
import { TreeEditor } from './tree-editor';
import { VersionsTable } from './versions-table';
import { WorkflowPanel } from './workflow';

type Values = {
  title: string;
  kind: ArticleKind;
  categoryId?: string | null;
  tags: string[];
  effectiveFrom: Dayjs | null;
  expiresAt: Dayjs | null;
  body: string;
  tree?: TreeNode[];
  suggest: { queueIds: string[]; keywords: string[] };
};

const NEW_TREE: TreeNode[] = [{ id: 'start', text: '', answers: [] }];

function valuesOf(article: Article | undefined): Values {
  const v = article?.working ?? article?.published;
  if (!v) {
    return {
      title: '',
      kind: 'article',
      categoryId: null,
      tags: [],
      effectiveFrom: null,
      expiresAt: null,
      body: '',
      tree: NEW_TREE,
      suggest: { queueIds: [], keywords: [] },
    };
  }
  return {
    title: v.title,
    kind: v.kind,
    categoryId: v.categoryId,
    tags: v.tags,
    effectiveFrom: v.effectiveFrom ? dayjs(v.effectiveFrom) : null,
    expiresAt: v.expiresAt ? dayjs(v.expiresAt) : null,
    body: v.body,
    tree: v.tree ?? NEW_TREE,
    suggest: { queueIds: v.suggest.queueIds, keywords: v.suggest.keywords },
  };
}

function bodyOf(values: Values): CreateArticleBody {
  return {
    title: values.title,
    kind: values.kind,
    body: values.body ?? '',
    categoryId: values.categoryId ?? null,
    tags: values.tags ?? [],
    effectiveFrom: values.effectiveFrom ? values.effectiveFrom.toISOString() : null,
    expiresAt: values.expiresAt ? values.expiresAt.toISOString() : null,
    tree:
      values.kind === 'tree'
        ? (values.tree ?? []).map((n) => ({
            id: n.id.trim(),
            text: n.text,
            answers: (n.answers ?? []).map((a) => ({ label: a.label, next: a.next })),
          }))
        : null,
    suggest: { queueIds: values.suggest?.queueIds ?? [], keywords: values.suggest?.keywords ?? [] },
  };
}

/** The server's words for what is wrong with an article, said in the user's language. */
const PROBLEM_KEYS: [RegExp, string][] = [
  [/used twice/, 'knowledge.problem.duplicateId'],
  [/cannot be reached/, 'knowledge.problem.unreachable'],
  [/^no step/, 'knowledge.problem.missingNext'],
  [/expiry must be after/, 'knowledge.problem.expiryBeforeStart'],
  [/needs its steps/, 'knowledge.problem.treeEmpty'],
];

function ArticleForm({ article }: { article: Article | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const categories = useCategoryNames();
  const queues = useQueues();
  const [form] = Form.useForm<Values>();
  const [dirty, setDirty] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<string>();
  const kind = Form.useWatch('kind', form);
  const baseVersion = article?.working?.version ?? article?.published?.version;
  const archived = article?.status === 'archived';

  const save = useMutation({
    mutationFn: (values: Values) =>
      article
        ? updateArticle(article.id, { ...bodyOf(values), baseVersion, baseUpdatedAt: article.updatedAt })
        : createArticle(bodyOf(values)),
    onMutate: () => {
      setFormError(undefined);
      setConflict(false);
    },
    onSuccess: (a) => {
      queryClient.setQueryData(knowledgeKeys.article(a.id), a);
      void queryClient.invalidateQueries({ queryKey: ['knowledge', 'articles'] });
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.versions(a.id) });
      setDirty(false);
      message.success(t(article ? 'knowledge.editor.saved' : 'knowledge.editor.created'));
      if (!article) navigate(`/knowledge/articles/${a.id}/edit`, { replace: true });
    },
    onError: (error) => {
      if (isApiError(error, 'KNOWLEDGE.VERSION_CONFLICT')) {
        setConflict(true);
        return;
      }
      if (isApiError(error, 'KNOWLEDGE.INVALID')) {
        const fields = validationIssues(error).map((issue) => {
          const path = (Array.isArray(issue.path) ? issue.path : String(issue.path ?? '').split('.')).map((s) =>
            /^\d+$/.test(String(s)) ? Number(s) : String(s),
          );
          const key = PROBLEM_KEYS.find(([re]) => re.test(issue.message ?? ''))?.[1];
          return { name: path, errors: [key ? t(key) : issue.message || errorMessage(error)] };
        });
        if (fields.length > 0) {
          form.setFields(fields as Parameters<typeof form.setFields>[0]);
          form.scrollToField(fields[0]!.name as Parameters<typeof form.scrollToField>[0]);
          setFormError(errorMessage(error));
          return;
        }
      }
      const placed = applyFieldErrors(form, error, errorMessage);
      setFormError(placed ? undefined : errorMessage(error));
    },
  });

  const reload = async () => {
    if (!article) return;
    await queryClient.invalidateQueries({ queryKey: knowledgeKeys.article(article.id) });
    setConflict(false);
    setDirty(false);
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={valuesOf(article)}
      onValuesChange={() => setDirty(true)}
      onFinish={(values) => save.mutate(values)}
      scrollToFirstError
      disabled={archived}
    >
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Link to="/knowledge?tab=manage">
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }} disabled={false}>
            {t('knowledge.editor.backToList')}
          </Button>
        </Link>
        <Flex gap={8} wrap align="center">
          {dirty ? <Typography.Text type="warning">{t('knowledge.editor.unsaved')}</Typography.Text> : null}
          {article?.published ? (
            <Link to={`/knowledge/articles/${article.id}`}>
              <Button icon={<EyeOutlined />} disabled={false}>
                {t('knowledge.editor.viewPublished')}
              </Button>
            </Link>
          ) : null}
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={save.isPending}
            data-testid={KNOWLEDGE_IDS.save}
          >
            {t('knowledge.editor.save')}
          </Button>
        </Flex>
      </Flex>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {article ? t('knowledge.editor.editTitle') : t('knowledge.editor.newTitle')}
      </Typography.Title>
      {conflict ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('knowledge.editor.conflictTitle')}
          description={t('knowledge.editor.conflict')}
          action={
            <Button size="small" danger onClick={() => void reload()} disabled={false}>
              {t('knowledge.editor.reload')}
            </Button>
          }
        />
      ) : null}
      {article?.published && !article.working && !archived ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('knowledge.editor.newVersionHint')} />
      ) : null}
      <FormError message={formError} />
      <Row gutter={24}>
        <Col xs={24} lg={16}>
          <Form.Item
            name="title"
            label={t('knowledge.field.title')}
            rules={[{ required: true, whitespace: true, message: t('knowledge.editor.titleRequired') }]}
          >
            <Input maxLength={TITLE_MAX} showCount data-testid={KNOWLEDGE_IDS.fieldTitle} />
          </Form.Item>
          <Form.Item name="body" label={kind === 'tree' ? t('knowledge.editor.treeIntro') : t('knowledge.field.body')}>
            <BodyEditor disabled={archived} testId={KNOWLEDGE_IDS.bodyEditor} aria-label={t('knowledge.field.body')} />
          </Form.Item>
          {kind === 'tree' ? (
            <Form.Item label={t('knowledge.field.tree')} required>
              <TreeEditor />
            </Form.Item>
          ) : null}
        </Col>
        <Col xs={24} lg={8}>
          {article ? (
            <Card size="small" title={t('knowledge.workflow.title')} style={{ marginBottom: 16 }}>
              <WorkflowPanel article={article} dirty={dirty} />
            </Card>
          ) : null}
          <Card size="small" title={t('knowledge.editor.properties')} style={{ marginBottom: 16 }}>
            <Form.Item name="kind" label={t('knowledge.field.kind')}>
              <Select
                data-testid={KNOWLEDGE_IDS.fieldKind}
                options={ARTICLE_KINDS.map((k) => ({ value: k, label: t(`knowledge.kind.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="categoryId" label={t('knowledge.field.category')}>
              <Select
                allowClear
                placeholder={t('knowledge.editor.noCategory')}
                options={categories.options}
                data-testid={KNOWLEDGE_IDS.fieldCategory}
              />
            </Form.Item>
            <Form.Item
              name="tags"
              label={t('knowledge.field.tags')}
              rules={[{ type: 'array', max: TAGS_MAX, message: t('knowledge.editor.tagsMax', { max: TAGS_MAX }) }]}
            >
              <Select
                mode="tags"
                tokenSeparators={[',', '，']}
                placeholder={t('knowledge.editor.tagsPlaceholder')}
                data-testid={KNOWLEDGE_IDS.fieldTags}
                open={false}
                suffixIcon={null}
              />
            </Form.Item>
            <Form.Item
              name="effectiveFrom"
              label={t('knowledge.field.effectiveFrom')}
              extra={t('knowledge.editor.effectiveHint')}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                data-testid={KNOWLEDGE_IDS.fieldEffectiveFrom}
              />
            </Form.Item>
            <Form.Item
              name="expiresAt"
              label={t('knowledge.field.expiresAt')}
              extra={t('knowledge.editor.expiresHint')}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                data-testid={KNOWLEDGE_IDS.fieldExpiresAt}
              />
            </Form.Item>
          </Card>
          <Card size="small" title={t('knowledge.editor.suggestTitle')} style={{ marginBottom: 16 }}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('knowledge.editor.suggestHint')}
            </Typography.Paragraph>
            <Form.Item name={['suggest', 'queueIds']} label={t('knowledge.field.queues')}>
              <Select
                mode="multiple"
                allowClear
                optionFilterProp="label"
                placeholder={t('knowledge.editor.queuesPlaceholder')}
                loading={queues.isLoading}
                options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
                data-testid={KNOWLEDGE_IDS.fieldQueues}
              />
            </Form.Item>
            <Form.Item name={['suggest', 'keywords']} label={t('knowledge.field.keywords')}>
              <Select
                mode="tags"
                tokenSeparators={[',', '，']}
                placeholder={t('knowledge.editor.keywordsPlaceholder')}
                data-testid={KNOWLEDGE_IDS.fieldKeywords}
                open={false}
                suffixIcon={null}
              />
            </Form.Item>
          </Card>
        </Col>
      </Row>
      {article ? (
        <Card size="small" title={t('knowledge.versions.title')}>
          <VersionsTable articleId={article.id} />
        </Card>
      ) : null}
    </Form>
  );
}

/** 编辑文章 (/knowledge/new, /knowledge/articles/:id/edit): the working version, its review and its history. */
export function EditorPage() {
  const { id } = useParams();
  const errorMessage = useErrorMessage();
  // The editor's reading is not a reader's: no `from`, so it is not counted in the usage figures.
  const article = useArticle(id);
  if (!id) return <ArticleForm key="new" article={undefined} />;
  if (article.isError)
    return <QueryError message={errorMessage(article.error)} onRetry={() => void article.refetch()} />;
  if (!article.data) return <Spin />;
  const a = article.data;
  // A new version (a save over the published text, a reload after a conflict) starts the form again.
  const version = a.working?.version ?? a.published?.version ?? 0;
  return <ArticleForm key={`${a.id}-${version}-${a.updatedAt}`} article={a} />;
}
