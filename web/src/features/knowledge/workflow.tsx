import { CheckOutlined, InboxOutlined, RollbackOutlined, SendOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Input, Modal, Popconfirm, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../../../contracts/knowledge';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { ValidityTag } from '../../ui/knowledge-article';
import { archiveArticle, knowledgeKeys, publishArticle, rejectArticle, restoreArticle, submitArticle } from './api';
import { RevisionTag, StatusTag } from './status-tags';
import { KNOWLEDGE_IDS } from './testids';

type Props = {
  article: Article;
  /** Unsaved changes in the editor: submitting or publishing would leave them out. */
  dirty: boolean;
};

/**
 * Where the article stands and the next steps its state and the user's permissions allow: submit
 * for review (editors), publish or send back (reviewers; the knowledge manager publishes directly),
 * archive and restore (the knowledge manager).
 */
export function WorkflowPanel({ article, dirty }: Props) {
  const { t } = useTranslation();
  const session = useSession();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const manage = session.can('knowledge.manage');
  const review = session.can('knowledge.review');
  const edit = session.can('knowledge.edit');
  const w = article.working;
  const own = Boolean(w?.author && w.author.id === session.me?.user.id);
  const archived = article.status === 'archived';

  const action = useMutation({
    mutationFn: (step: 'submit' | 'publish' | 'reject' | 'archive' | 'restore') => {
      switch (step) {
        case 'submit':
          return submitArticle(article.id);
        case 'publish':
          return publishArticle(article.id, {});
        case 'reject':
          return rejectArticle(article.id, { comment: comment.trim() || undefined });
        case 'archive':
          return archiveArticle(article.id);
        case 'restore':
          return restoreArticle(article.id);
      }
    },
    onSuccess: (a, step) => {
      queryClient.setQueryData(knowledgeKeys.article(a.id), a);
      void queryClient.invalidateQueries({ queryKey: ['knowledge', 'articles'] });
      void queryClient.invalidateQueries({ queryKey: knowledgeKeys.versions(a.id) });
      void queryClient.invalidateQueries({ queryKey: ['knowledge', 'search'] });
      message.success(t(`knowledge.workflow.done.${step}`));
      if (step === 'reject') {
        setRejecting(false);
        setComment('');
      }
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const pending = (step: string) => action.isPending && action.variables === step;
  const unsaved = dirty ? t('knowledge.workflow.saveFirst') : undefined;

  const canSubmit = edit && !archived && w !== null && (w.state === 'draft' || w.state === 'rejected');
  const showPublish = !archived && w !== null && (manage || (review && w.state === 'review'));
  const publishBlocked = !manage && own;
  const showReject = review && !archived && w?.state === 'review';

  return (
    <Flex vertical gap={12}>
      <Space size={4} wrap>
        <StatusTag status={article.status} />
        <ValidityTag validity={article.validity} />
      </Space>
      {w ? (
        <Typography.Text>
          {t('knowledge.workflow.working', { version: w.version })}{' '}
          <RevisionTag state={w.state} testId={KNOWLEDGE_IDS.workingState} />
          {w.author ? (
            <Typography.Text type="secondary"> {t('knowledge.workflow.by', { name: w.author.name })}</Typography.Text>
          ) : null}
        </Typography.Text>
      ) : article.published ? (
        <Typography.Text type="secondary">{t('knowledge.workflow.noWorking')}</Typography.Text>
      ) : null}
      {w?.state === 'rejected' ? (
        <Alert
          type="warning"
          showIcon
          title={t('knowledge.workflow.rejectedBy', { name: w.reviewer?.name ?? t('common.none') })}
          description={
            <>
              <div style={{ whiteSpace: 'pre-wrap' }}>{w.reviewComment || t('knowledge.workflow.noComment')}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <DateTime value={w.reviewedAt} />
              </Typography.Text>
            </>
          }
        />
      ) : null}
      {w?.state === 'review' && w.submittedAt ? (
        <Typography.Text type="secondary">
          {t('knowledge.workflow.submittedAt')} <DateTime value={w.submittedAt} />
        </Typography.Text>
      ) : null}
      {article.published ? (
        <Typography.Text type="secondary">
          {t('knowledge.workflow.published', { version: article.published.version })}
          {article.published.reviewer
            ? ` · ${t('knowledge.workflow.reviewer', { name: article.published.reviewer.name })} `
            : ' '}
          <DateTime value={article.published.reviewedAt} />
        </Typography.Text>
      ) : null}
      <Flex gap={8} wrap>
        {canSubmit ? (
          <Tooltip title={unsaved}>
            <Button
              icon={<SendOutlined />}
              disabled={dirty}
              loading={pending('submit')}
              onClick={() => action.mutate('submit')}
              data-testid={KNOWLEDGE_IDS.submit}
            >
              {t('knowledge.workflow.submit')}
            </Button>
          </Tooltip>
        ) : null}
        {showPublish ? (
          <Tooltip title={publishBlocked ? t('knowledge.workflow.ownReview') : unsaved}>
            <Popconfirm
              title={t('knowledge.workflow.publishConfirm')}
              description={w?.state !== 'review' ? t('knowledge.workflow.publishDirect') : undefined}
              okText={t('knowledge.workflow.publish')}
              cancelText={t('common.cancel')}
              disabled={publishBlocked || dirty}
              onConfirm={() => action.mutate('publish')}
            >
              <Button
                type="primary"
                icon={<CheckOutlined />}
                disabled={publishBlocked || dirty}
                loading={pending('publish')}
                data-testid={KNOWLEDGE_IDS.publish}
              >
                {t('knowledge.workflow.publish')}
              </Button>
            </Popconfirm>
          </Tooltip>
        ) : null}
        {showReject ? (
          <Button
            danger
            icon={<RollbackOutlined />}
            onClick={() => setRejecting(true)}
            data-testid={KNOWLEDGE_IDS.reject}
          >
            {t('knowledge.workflow.reject')}
          </Button>
        ) : null}
        {manage && !archived ? (
          <Popconfirm
            title={t('knowledge.workflow.archiveConfirm')}
            okText={t('knowledge.workflow.archive')}
            cancelText={t('common.cancel')}
            onConfirm={() => action.mutate('archive')}
          >
            <Button icon={<InboxOutlined />} loading={pending('archive')} data-testid={KNOWLEDGE_IDS.archive}>
              {t('knowledge.workflow.archive')}
            </Button>
          </Popconfirm>
        ) : null}
        {manage && archived ? (
          <Button
            icon={<UndoOutlined />}
            // The editor's form is disabled while archived; restoring is the way out of it.
            disabled={false}
            loading={pending('restore')}
            onClick={() => action.mutate('restore')}
            data-testid={KNOWLEDGE_IDS.restore}
          >
            {t('knowledge.workflow.restore')}
          </Button>
        ) : null}
      </Flex>
      {showPublish && publishBlocked ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('knowledge.workflow.ownReview')}
        </Typography.Text>
      ) : null}
      {archived ? <Alert type="info" showIcon title={t('knowledge.workflow.archivedHint')} /> : null}
      <Modal
        open={rejecting}
        title={t('knowledge.workflow.rejectTitle')}
        onCancel={() => setRejecting(false)}
        okText={t('knowledge.workflow.reject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, disabled: !comment.trim(), 'data-testid': KNOWLEDGE_IDS.rejectConfirm }}
        confirmLoading={pending('reject')}
        onOk={() => action.mutate('reject')}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('knowledge.workflow.rejectHint')}</Typography.Paragraph>
        <Input.TextArea
          autoFocus
          rows={4}
          maxLength={1000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-label={t('knowledge.workflow.comment')}
          data-testid={KNOWLEDGE_IDS.rejectComment}
        />
      </Modal>
    </Flex>
  );
}
