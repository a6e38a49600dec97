import { Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ArticleVersion, RevisionState } from '../../../../contracts/knowledge';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { useVersions } from './api';
import { RevisionTag } from './status-tags';
import { KNOWLEDGE_IDS } from './testids';

/** Every version of an article, newest first, with who wrote and who reviewed it. */
export function VersionsTable({ articleId }: { articleId: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const versions = useVersions(articleId, true);
  const columns: TableColumnsType<ArticleVersion> = [
    { key: 'version', title: t('knowledge.versions.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
    {
      key: 'state',
      title: t('knowledge.versions.state'),
      dataIndex: 'state',
      render: (s: RevisionState) => <RevisionTag state={s} />,
    },
    { key: 'title', title: t('knowledge.field.title'), dataIndex: 'title', ellipsis: true },
    {
      key: 'author',
      title: t('knowledge.versions.author'),
      render: (_v, r) => (
        <>
          {r.author?.name ?? t('common.none')}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <DateTime value={r.updatedAt} />
          </Typography.Text>
        </>
      ),
    },
    {
      key: 'reviewer',
      title: t('knowledge.versions.reviewer'),
      render: (_v, r) =>
        r.reviewer ? (
          <>
            {r.reviewer.name}
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <DateTime value={r.reviewedAt} />
            </Typography.Text>
          </>
        ) : (
          t('common.none')
        ),
    },
    {
      key: 'comment',
      title: t('knowledge.versions.comment'),
      dataIndex: 'reviewComment',
      render: (c: string | null) => c ?? t('common.none'),
    },
  ];
  if (versions.isError)
    return <QueryError message={errorMessage(versions.error)} onRetry={() => void versions.refetch()} />;
  return (
    <Table<ArticleVersion>
      rowKey="version"
      size="small"
      data-testid={KNOWLEDGE_IDS.versions}
      columns={columns}
      dataSource={versions.data}
      loading={versions.isFetching}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}
