import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Col, Empty, Flex, Row, Spin, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../../../contracts/routing';
import { useErrorMessage } from '../../app/errors';
import { useQueues, useReasonCodes, useTeams } from '../../app/lookups';
import { useSession } from '../../app/session';
import { useDateTimeFormat } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { useNow } from '../../ui/use-now';
import { AgentsTable } from './agents-table';
import { supervisorKeys, useContactsInHand, useSupervisorRealtime, useWallboard } from './api';
import { LiveCalls } from './live-calls';
import { OverloadPanel } from './overload-panel';
import { QueueTile } from './queue-tile';
import { RoutingLogDrawer } from './routing-log-drawer';
import { SpikeBanner, SpikeMessages } from './spike-messages';
import { SUPERVISOR_IDS } from './testids';
import { WaitingDrawer } from './waiting-drawer';

/** 实时监控: every queue's figures against its thresholds, every agent's state, and the supervisor's moves. */
export function SupervisorPage() {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const session = useSession();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  useSupervisorRealtime();
  const wallboard = useWallboard();
  const inHand = useContactsInHand();
  const queues = useQueues();
  const reasons = useReasonCodes();
  const teams = useTeams(session.can('teams.view'));
  const now = useNow();
  const control = session.can('supervisor.control');
  const [waitingKey, setWaitingKey] = useState<string>();
  const [logId, setLogId] = useState<string>();
  const [spikeOpen, setSpikeOpen] = useState(false);
  const spike = session.can('numbers.spike');

  const board = wallboard.data;
  const agents = board?.agents ?? [];
  const contacts = useMemo(() => new Map<string, Contact>((inHand.data ?? []).map((c) => [c.id, c])), [inHand.data]);
  // Seconds since the server read its figures, so waits keep counting between refreshes.
  const elapsed = board ? Math.max(0, Math.floor((now - wallboard.dataUpdatedAt) / 1000)) : 0;
  const refetch = () => {
    void wallboard.refetch();
    void inHand.refetch();
    void queryClient.invalidateQueries({ queryKey: supervisorKeys.liveCalls });
    void queryClient.invalidateQueries({ queryKey: supervisorKeys.overload });
  };

  return (
    <>
      <PageHeader
        title={t('wallboard.title')}
        description={
          board ? (
            <span data-testid={SUPERVISOR_IDS.updated}>
              {t('wallboard.updatedAt', { time: formatTime(board.at, 'time') })}
            </span>
          ) : undefined
        }
        extra={
          <>
            {spike ? (
              <SpikeMessages open={spikeOpen} onOpen={() => setSpikeOpen(true)} onClose={() => setSpikeOpen(false)} />
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={refetch} aria-label={t('common.refresh')} />
          </>
        }
      />
      <Flex vertical gap={12} style={{ marginBottom: 16 }}>
        <SpikeBanner onManage={spike ? () => setSpikeOpen(true) : undefined} />
        <OverloadPanel />
      </Flex>
      {wallboard.isError ? <QueryError message={errorMessage(wallboard.error)} onRetry={refetch} /> : null}
      {wallboard.isLoading ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : null}
      {board ? (
        <Flex vertical gap={24} data-testid={SUPERVISOR_IDS.wallboard}>
          <section aria-label={t('wallboard.queues')}>
            {board.queues.length === 0 ? <Empty description={t('wallboard.noQueues')} /> : null}
            <Row gutter={[16, 16]}>
              {board.queues.map((q) => (
                <Col key={q.queueId} xs={24} md={12} xl={8} xxl={6}>
                  <QueueTile queue={q} elapsed={elapsed} onShowWaiting={() => setWaitingKey(q.key)} />
                </Col>
              ))}
            </Row>
          </section>
          <section aria-label={t('wallboard.calls.title')}>
            <Typography.Title level={5}>{t('wallboard.calls.title')}</Typography.Title>
            <LiveCalls agents={agents} userId={session.me?.user.id} control={control} now={now} />
          </section>
          <section aria-label={t('wallboard.agents')}>
            <Typography.Title level={5}>{t('wallboard.agents')}</Typography.Title>
            <AgentsTable
              agents={agents}
              teams={teams.data}
              queues={queues.data}
              reasons={reasons.data}
              contacts={contacts}
              now={now}
              control={control}
              loading={wallboard.isLoading}
              onChanged={refetch}
              onShowLog={setLogId}
            />
          </section>
        </Flex>
      ) : null}
      <WaitingDrawer
        queue={board?.queues.find((q) => q.key === waitingKey)}
        queues={queues.data}
        agents={agents}
        control={control}
        onClose={() => setWaitingKey(undefined)}
        onChanged={refetch}
        onShowLog={setLogId}
      />
      <RoutingLogDrawer contactId={logId} queues={queues.data} agents={agents} onClose={() => setLogId(undefined)} />
    </>
  );
}
