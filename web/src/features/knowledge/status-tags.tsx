import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ArticleStatus, RevisionState } from '../../../../contracts/knowledge';

const STATUS_COLOR: Record<ArticleStatus, string> = {
  draft: 'default',
  review: 'orange',
  published: 'green',
  archived: 'default',
};
const REVISION_COLOR: Record<RevisionState, string> = {
  draft: 'default',
  review: 'orange',
  rejected: 'red',
  published: 'green',
  superseded: 'default',
};

export function StatusTag({ status }: { status: ArticleStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`knowledge.status.${status}`)}</Tag>;
}

export function RevisionTag({ state, testId }: { state: RevisionState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={REVISION_COLOR[state]} data-testid={testId} data-state={state}>
      {t(`knowledge.revision.${state}`)}
    </Tag>
  );
}
