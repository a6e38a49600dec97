import { NotificationOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Progress, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Announcement, Audience } from '../../../../contracts/announcements';
import type { Team } from '../../../../contracts/teams';
import { useErrorMessage } from '../../app/errors';
import { useTeams } from '../../app/lookups';
import { useSession } from '../../app/session';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { AnnouncementFormDialog } from './announcement-form-dialog';
import { useAnnouncements } from './api';
import { ReadStatusDrawer } from './read-status-drawer';
import { ANNOUNCEMENTS_IDS } from './testids';

const PAGE_SIZE = 20;

/** The audience in words: 全体, 班组：一组、二组, 角色：座席. */
function AudienceText({ audience, teams }: { audience: Audience; teams: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const sep = i18n.language === 'en-US' ? ', ' : '、';
  if (audience.kind === 'everyone') return <>{t('announcements.audience.everyone')}</>;
  if (audience.kind === 'teams') {
    const names = audience.teamIds.map((id) => teams.get(id) ?? t('announcements.audience.unknownTeam'));
    return <>{t('announcements.audience.teamsOf', { names: names.join(sep) })}</>;
  }
  const names = audience.roles.map((role) => t(`roleNames.${role}`));
  return <>{t('announcements.audience.rolesOf', { names: names.join(sep) })}</>;
}

function ProgressCell({ a }: { a: Announcement }) {
  const { t } = useTranslation();
  const done = a.requireConfirmation ? a.confirmed : a.read;
  const percent = a.readers === 0 ? 0 : Math.round((done / a.readers) * 100);
  return (
    <Flex vertical style={{ minWidth: 140 }}>
      <span>
        {t(a.requireConfirmation ? 'announcements.progress.confirmed' : 'announcements.progress.read', {
          done,
          total: a.readers,
        })}
      </span>
      <Progress
        percent={percent}
        size="small"
        showInfo={false}
        status={percent === 100 ? 'success' : 'normal'}
        style={{ margin: 0 }}
      />
    </Flex>
  );
}

function Expiry({ value }: { value: string | null }) {
  const { t } = useTranslation();
  if (!value) return <Typography.Text type="secondary">{t('announcements.noExpiry')}</Typography.Text>;
  const expired = new Date(value).getTime() <= Date.now();
  return (
    <Space size={4}>
      <DateTime value={value} />
      {expired ? <Tag>{t('announcements.expired')}</Tag> : null}
    </Space>
  );
}

/** 公告: what one has sent (managers: all) with confirmation progress; publishing; who has not confirmed. */
export function AnnouncementsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const errorMessage = useErrorMessage();
  const [page, setPage] = useState(1);
  const list = useAnnouncements(page, PAGE_SIZE);
  const teams = useTeams(session.can('teams.view'));
  const [creating, setCreating] = useState(false);
  const [opened, setOpened] = useState<Announcement | null>(null);
  const manager = session.can('announcements.manage');
  const myId = session.me?.user.id;

  const teamNames = useMemo(() => new Map((teams.data ?? []).map((team) => [team.id, team.name])), [teams.data]);
  const addressable: Team[] = useMemo(
    () => (teams.data ?? []).filter((team) => manager || team.leadUserId === myId),
    [teams.data, manager, myId],
  );
  const mayCreate = manager || addressable.length > 0;

  const columns: TableColumnsType<Announcement> = [
    {
      key: 'title',
      title: t('announcements.col.title'),
      render: (_v, a) => (
        <Space size={4} wrap>
          <Typography.Link onClick={() => setOpened(a)}>{a.title}</Typography.Link>
          {a.quiz.length > 0 ? <Tag color="blue">{t('announcements.quizTag', { count: a.quiz.length })}</Tag> : null}
          {!a.requireConfirmation ? <Tag>{t('announcements.noConfirmation')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'sender', title: t('announcements.col.sender'), render: (_v, a) => a.sender.name || t('common.none') },
    {
      key: 'publishedAt',
      title: t('announcements.col.publishedAt'),
      dataIndex: 'publishedAt',
      render: (value: string) => <DateTime value={value} />,
    },
    {
      key: 'audience',
      title: t('announcements.col.audience'),
      render: (_v, a) => <AudienceText audience={a.audience} teams={teamNames} />,
    },
    { key: 'progress', title: t('announcements.col.progress'), render: (_v, a) => <ProgressCell a={a} /> },
    {
      key: 'expiresAt',
      title: t('announcements.col.expiresAt'),
      dataIndex: 'expiresAt',
      render: (value: string | null) => <Expiry value={value} />,
    },
  ];

  const createButton = (
    <Button
      type="primary"
      icon={<NotificationOutlined />}
      onClick={() => setCreating(true)}
      disabled={!mayCreate || teams.isLoading}
      data-testid={ANNOUNCEMENTS_IDS.create}
    >
      {t('announcements.create')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('announcements.title')}
        description={t('announcements.description')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
            {mayCreate || teams.isLoading ? (
              createButton
            ) : (
              <Tooltip title={t('announcements.form.noLedTeams')}>{createButton}</Tooltip>
            )}
          </>
        }
      />
      {list.isError ? <QueryError message={errorMessage(list.error)} onRetry={() => void list.refetch()} /> : null}
      <div data-testid={ANNOUNCEMENTS_IDS.list}>
        <Table<Announcement>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          onRow={(a) =>
            ({
              'data-testid': ANNOUNCEMENTS_IDS.row,
              'data-announcement-id': a.id,
              onClick: () => setOpened(a),
              style: { cursor: 'pointer' },
            }) as object
          }
          locale={{
            emptyText: list.isLoading || list.isError ? ' ' : <Empty description={t('announcements.empty')} />,
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            showSizeChanger: false,
            onChange: setPage,
            showTotal: (count) => t('common.total', { count }),
          }}
        />
      </div>
      {creating ? (
        <AnnouncementFormDialog teams={addressable} manager={manager} onClose={() => setCreating(false)} />
      ) : null}
      {opened ? <ReadStatusDrawer announcement={opened} onClose={() => setOpened(null)} /> : null}
    </>
  );
}
