import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Popconfirm, Space, Spin, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CannedReply } from '../../../../contracts/conversations';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { deleteCannedReply, useCannedReplies, useInvalidateCanned, useTeams } from './api';
import { cannedAccess, groupCanned } from './canned-access';
import { CannedReplyDialog } from './canned-reply-dialog';
import { CannedVariables } from './canned-variables';
import { CHANNELS_IDS } from './testids';

/** 快捷回复: the replies a user may insert, grouped global / team / personal, and those they may keep. */
export function CannedRepliesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const session = useSession();
  const replies = useCannedReplies();
  const teams = useTeams(session.can('teams.view'));
  const invalidate = useInvalidateCanned();
  const [dialog, setDialog] = useState<{ reply?: CannedReply } | null>(null);
  const me = session.me?.user;

  const access = cannedAccess({
    userId: me?.id ?? '',
    teamId: me?.teamId ?? null,
    manage: session.can('channels.manage'),
    teams: teams.data ?? [],
  });
  const teamName = (id: string) => teams.data?.find((x) => x.id === id)?.name ?? t('canned.scope.team');

  const remove = useMutation({
    mutationFn: (r: CannedReply) => deleteCannedReply(r.id),
    onSuccess: () => {
      invalidate();
      void message.success(t('canned.deleted'));
    },
    onError: (err) => void message.error(errorMessage(err)),
  });

  const columns: TableColumnsType<CannedReply> = [
    {
      key: 'shortcut',
      title: t('canned.col.shortcut'),
      dataIndex: 'shortcut',
      width: 160,
      render: (v: string) => <Typography.Text code>/{v}</Typography.Text>,
    },
    { key: 'title', title: t('canned.col.title'), dataIndex: 'title', width: 200 },
    {
      key: 'text',
      title: t('canned.col.text'),
      dataIndex: 'text',
      render: (v: string) => (
        <Typography.Paragraph
          ellipsis={{ rows: 2, expandable: 'collapsible' }}
          style={{ margin: 0, whiteSpace: 'pre-wrap' }}
        >
          {v}
        </Typography.Paragraph>
      ),
    },
    {
      key: 'updatedAt',
      title: t('canned.col.updatedAt'),
      dataIndex: 'updatedAt',
      width: 190,
      render: (v: string) => <DateTime value={v} />,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 140,
      render: (_v, r) =>
        access.mayEdit(r) ? (
          <Space size={0}>
            <Button type="link" size="small" onClick={() => setDialog({ reply: r })}>
              {t('common.edit')}
            </Button>
            <Popconfirm title={t('canned.deleteConfirm', { shortcut: r.shortcut })} onConfirm={() => remove.mutate(r)}>
              <Button type="link" size="small" danger>
                {t('canned.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];

  const groups = groupCanned(replies.data ?? []);

  return (
    <>
      <PageHeader
        title={t('canned.title')}
        description={t('canned.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => invalidate()} aria-label={t('common.refresh')} />
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog({})}
              data-testid={CHANNELS_IDS.cannedCreate}
            >
              {t('canned.create')}
            </Button>
          </>
        }
      />
      <Alert type="info" showIcon title={<CannedVariables />} style={{ marginBottom: 16 }} />
      {replies.isError ? (
        <QueryError message={errorMessage(replies.error)} onRetry={() => void replies.refetch()} />
      ) : null}
      {replies.isLoading ? <Spin /> : null}
      {replies.isSuccess && groups.length === 0 ? <Empty description={t('canned.empty')} /> : null}
      {groups.map((g) => (
        <section key={g.key} style={{ marginBottom: 24 }} aria-labelledby={`canned-${g.key}`}>
          <Typography.Title level={5} id={`canned-${g.key}`}>
            {g.scope === 'team' && g.teamId
              ? t('canned.scopeTeam', { name: teamName(g.teamId) })
              : t(`canned.scope.${g.scope}`)}
          </Typography.Title>
          <Table<CannedReply>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={g.items}
            loading={replies.isFetching && !replies.isLoading}
            scroll={{ x: 'max-content' }}
            pagination={{ hideOnSinglePage: true, pageSize: 50 }}
          />
        </section>
      ))}
      {dialog ? (
        <CannedReplyDialog reply={dialog.reply} access={access} teamName={teamName} onClose={() => setDialog(null)} />
      ) : null}
    </>
  );
}
