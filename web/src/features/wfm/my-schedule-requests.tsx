import { App, Button, Card, Flex, Popconfirm, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ShiftRequest } from '../../../../contracts/wfm-schedules';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { RequestStateTag, useShiftFormat } from './my-schedule-shared';
import { SELF_IDS } from './my-schedule-testids';
import { useAnswerShiftRequest, useMyRequests } from './requests-api';

const OPEN = new Set(['pending_peer', 'pending']);

/** One's requests and the swaps colleagues ask of one: cancel one's open ones, accept or decline a swap. */
export function MyRequestsCard({ tz, me }: { tz: string; me: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorMessage = useErrorMessage();
  const fmt = useShiftFormat(tz);
  const requests = useMyRequests();
  const answer = useAnswerShiftRequest();

  const run = (id: string, verb: 'cancel' | 'accept' | 'decline') =>
    answer.mutate({ id, verb }, { onError: (e) => void message.error(errorMessage(e)) });

  const busy = (id: string) => answer.isPending && answer.variables?.id === id;

  return (
    <Card title={t('wfmSelf.myRequests.title')} data-testid={SELF_IDS.myRequests}>
      {requests.error ? (
        <QueryError message={errorMessage(requests.error)} onRetry={() => void requests.refetch()} />
      ) : null}
      <Table<ShiftRequest>
        rowKey="id"
        size="small"
        loading={requests.isLoading}
        dataSource={requests.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('wfmSelf.myRequests.empty') }}
        onRow={(r) => ({ 'data-testid': SELF_IDS.requestRow(r.id), 'data-state': r.state }) as object}
        columns={[
          {
            title: t('wfmSelf.myRequests.kind'),
            key: 'kind',
            render: (_, r) =>
              r.requesterId === me ? (
                t(`wfmSelf.kind.${r.kind}`)
              ) : (
                <Typography.Text strong>{t('wfmSelf.myRequests.askedOfMe', { name: r.requesterName })}</Typography.Text>
              ),
          },
          {
            title: t('wfmSelf.myRequests.shift'),
            key: 'shift',
            render: (_, r) =>
              r.requesterId === me || !r.peerShift
                ? fmt.text(r.shift)
                : t('wfmSelf.myRequests.askedShift', { peer: fmt.text(r.peerShift), own: fmt.text(r.shift) }),
          },
          {
            title: t('wfmSelf.myRequests.peer'),
            key: 'peer',
            render: (_, r) =>
              r.requesterId === me
                ? r.peerShift
                  ? `${r.peerName ?? ''} · ${fmt.text(r.peerShift)}`
                  : t('common.none')
                : r.requesterName,
          },
          {
            title: t('wfmSelf.myRequests.state'),
            key: 'state',
            render: (_, r) => <RequestStateTag state={r.state} />,
          },
          {
            title: t('wfmSelf.myRequests.reason'),
            dataIndex: 'reason',
            render: (v: string) => v || t('common.none'),
          },
          {
            title: t('wfmSelf.myRequests.note'),
            dataIndex: 'note',
            render: (v: string) => v || t('common.none'),
          },
          {
            title: t('wfmSelf.myRequests.created'),
            dataIndex: 'createdAt',
            render: (v: string) => <DateTime value={v} timeZone={tz} />,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => {
              if (r.requesterId === me && OPEN.has(r.state))
                return (
                  <Popconfirm title={t('wfmSelf.myRequests.cancelConfirm')} onConfirm={() => run(r.id, 'cancel')}>
                    <Button size="small" loading={busy(r.id)} data-testid={SELF_IDS.cancel(r.id)}>
                      {t('wfmSelf.myRequests.cancel')}
                    </Button>
                  </Popconfirm>
                );
              if (r.peerId === me && r.state === 'pending_peer')
                return (
                  <Flex gap={8}>
                    <Button
                      size="small"
                      type="primary"
                      loading={busy(r.id)}
                      onClick={() => run(r.id, 'accept')}
                      data-testid={SELF_IDS.accept(r.id)}
                    >
                      {t('wfmSelf.myRequests.accept')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      disabled={busy(r.id)}
                      onClick={() => run(r.id, 'decline')}
                      data-testid={SELF_IDS.decline(r.id)}
                    >
                      {t('wfmSelf.myRequests.decline')}
                    </Button>
                  </Flex>
                );
              return null;
            },
          },
        ]}
      />
    </Card>
  );
}
