import { Descriptions, Drawer, Empty, Flex, Progress, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Announcement, ReadStatus } from '../../../../contracts/announcements';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { useReadStatus } from './api';
import { ANNOUNCEMENTS_IDS } from './testids';

type TeamStatus = ReadStatus['teams'][number];

function percent(done: number, total: number): number {
  return total === 0 ? 0 : Math.round((done / total) * 100);
}

/** Who still has to confirm, per team: "谁还没确认" is what a team lead looks for. */
function PendingNames({ team, confirmation }: { team: TeamStatus; confirmation: boolean }) {
  const { t } = useTranslation();
  if (team.pending.length === 0)
    return <Typography.Text type="success">{t('announcements.status.allDone')}</Typography.Text>;
  return (
    <Flex gap={6} wrap>
      {team.pending.map((p) => (
        <Tag key={p.id} color={p.readAt && confirmation ? 'gold' : undefined}>
          {p.name}
          {confirmation ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 4, fontSize: 12 }}>
              {p.readAt ? t('announcements.status.readNotConfirmed') : t('announcements.status.notRead')}
            </Typography.Text>
          ) : null}
        </Tag>
      ))}
    </Flex>
  );
}

/** An announcement's read status: its summary, then a row per team with the names still pending. */
export function ReadStatusDrawer({ announcement, onClose }: { announcement: Announcement; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const status = useReadStatus(announcement.id);
  const confirmation = announcement.requireConfirmation;
  const doneLabel = t(confirmation ? 'announcements.status.confirmed' : 'announcements.status.read');
  const teams = status.data?.teams ?? [];
  const total = teams.reduce((n, team) => n + team.readers, 0);
  const done = teams.reduce((n, team) => n + team.confirmed, 0);

  const columns: TableColumnsType<TeamStatus> = [
    {
      key: 'team',
      title: t('announcements.status.team'),
      width: 140,
      render: (_v, team) =>
        team.teamName ?? <Typography.Text type="secondary">{t('announcements.status.noTeam')}</Typography.Text>,
    },
    { key: 'readers', title: t('announcements.status.readers'), dataIndex: 'readers', align: 'right', width: 90 },
    {
      key: 'done',
      title: doneLabel,
      width: 180,
      render: (_v, team) => (
        <Flex gap={8} align="center">
          <span>
            {team.confirmed}/{team.readers}
          </span>
          <Progress
            percent={percent(team.confirmed, team.readers)}
            size="small"
            showInfo={false}
            style={{ flex: 1, margin: 0 }}
          />
        </Flex>
      ),
    },
    {
      key: 'pending',
      title: t(confirmation ? 'announcements.status.pending' : 'announcements.status.pendingRead'),
      render: (_v, team) => <PendingNames team={team} confirmation={confirmation} />,
    },
  ];

  return (
    <Drawer
      open
      onClose={onClose}
      size="large"
      title={t('announcements.status.title', { title: announcement.title })}
      destroyOnHidden
    >
      <div data-testid={ANNOUNCEMENTS_IDS.status} data-state={status.isSuccess ? 'loaded' : 'loading'}>
        {status.isError ? (
          <QueryError message={errorMessage(status.error)} onRetry={() => void status.refetch()} />
        ) : null}
        <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('announcements.col.sender')}>
            {announcement.sender.name || t('common.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('announcements.col.publishedAt')}>
            <DateTime value={announcement.publishedAt} />
          </Descriptions.Item>
          {status.isSuccess ? (
            <Descriptions.Item label={doneLabel}>
              <Flex gap={8} align="center" style={{ width: '100%' }}>
                <span>
                  {t(confirmation ? 'announcements.status.summary' : 'announcements.status.summaryRead', {
                    done,
                    total,
                  })}
                </span>
                <Progress percent={percent(done, total)} size="small" style={{ flex: 1, maxWidth: 240, margin: 0 }} />
              </Flex>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Table<TeamStatus>
          rowKey={(team) => team.teamId ?? 'none'}
          columns={columns}
          dataSource={teams}
          loading={status.isFetching}
          pagination={false}
          tableLayout="fixed"
          size="middle"
          onRow={(team) =>
            ({ 'data-testid': ANNOUNCEMENTS_IDS.statusTeam, 'data-team-id': team.teamId ?? '' }) as object
          }
          locale={{ emptyText: status.isLoading ? ' ' : <Empty description={t('announcements.status.empty')} /> }}
        />
        {announcement.quiz.length > 0 ? (
          <>
            <Typography.Title level={5} style={{ marginTop: 24 }}>
              {t('announcements.status.quiz')}
            </Typography.Title>
            <ol style={{ paddingInlineStart: 20 }}>
              {announcement.quiz.map((q, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the questions are fixed at publication
                <li key={i} style={{ marginBottom: 8 }}>
                  <div>{q.text}</div>
                  {'correct' in q ? (
                    <Typography.Text type="secondary">
                      {t('announcements.status.correctAnswer', { option: q.options[q.correct] ?? '' })}
                    </Typography.Text>
                  ) : null}
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </div>
    </Drawer>
  );
}
