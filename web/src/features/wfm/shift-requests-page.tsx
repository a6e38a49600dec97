import { Button, Card, Flex, Select, Table } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { REQUEST_STATES, type RequestState, type ShiftRequest } from '../../../../contracts/wfm-schedules';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { PageHeader } from '../../ui/page-header';
import { QueryError } from '../../ui/query-error';
import { RequestStateTag, useShiftFormat } from './my-schedule-shared';
import { SELF_IDS } from './my-schedule-testids';
import { useRequestInbox } from './requests-api';
import { ShiftRequestDrawer } from './shift-requests-drawer';

/** 排班审批: a team lead's inbox of leave and swap requests (pending by default) and the detail to decide. */
export function ShiftRequestsPage() {
  const { t } = useTranslation();
  return (
    <div data-testid={SELF_IDS.inboxPage}>
      <PageHeader title={t('wfmSelf.inbox.title')} description={t('wfmSelf.inbox.description')} />
      <Inbox />
    </div>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [state, setState] = useState<RequestState | 'all'>('pending');
  const inbox = useRequestInbox(state === 'all' ? undefined : state);
  // The centre's zone comes with the list (a team lead may not read the reports' settings); no rows before it.
  const known = useRef('UTC');
  if (inbox.data) known.current = inbox.data.timezone;
  const tz = known.current;
  const fmt = useShiftFormat(tz);
  // ?id= opens one request (the notification bell links here).
  const [params, setParams] = useSearchParams();
  const openId = params.get('id') ?? undefined;
  const setOpenId = (id: string | undefined) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('id', id);
        else next.delete('id');
        return next;
      },
      { replace: true },
    );

  return (
    <Card
      style={{ marginTop: 16 }}
      extra={
        <Flex gap={8} align="center">
          <span>{t('wfmSelf.inbox.filter')}</span>
          <Select<RequestState | 'all'>
            data-testid={SELF_IDS.inboxState}
            value={state}
            onChange={setState}
            style={{ minWidth: 160 }}
            options={[
              { value: 'all', label: t('wfmSelf.inbox.all') },
              ...REQUEST_STATES.map((s) => ({ value: s, label: t(`wfmSelf.state.${s}`) })),
            ]}
          />
        </Flex>
      }
    >
      {inbox.error ? <QueryError message={errorMessage(inbox.error)} onRetry={() => void inbox.refetch()} /> : null}
      <Table<ShiftRequest>
        data-testid={SELF_IDS.inboxTable}
        rowKey="id"
        size="small"
        loading={inbox.isLoading}
        dataSource={inbox.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('wfmSelf.inbox.empty') }}
        columns={[
          { title: t('wfmSelf.inbox.requester'), dataIndex: 'requesterName' },
          { title: t('wfmSelf.inbox.kind'), key: 'kind', render: (_, r) => t(`wfmSelf.kind.${r.kind}`) },
          { title: t('wfmSelf.inbox.shift'), key: 'shift', render: (_, r) => fmt.text(r.shift) },
          {
            title: t('wfmSelf.inbox.peer'),
            key: 'peer',
            render: (_, r) => (r.peerShift ? `${r.peerName ?? ''} · ${fmt.text(r.peerShift)}` : t('common.none')),
          },
          { title: t('wfmSelf.inbox.reason'), dataIndex: 'reason', render: (v: string) => v || t('common.none') },
          {
            title: t('wfmSelf.inbox.created'),
            dataIndex: 'createdAt',
            render: (v: string) => <DateTime value={v} timeZone={tz} />,
          },
          { title: t('wfmSelf.inbox.state'), key: 'state', render: (_, r) => <RequestStateTag state={r.state} /> },
          {
            title: t('common.actions'),
            key: 'open',
            render: (_, r) => (
              <Button size="small" type="link" onClick={() => setOpenId(r.id)} data-testid={SELF_IDS.open(r.id)}>
                {t('wfmSelf.inbox.open')}
              </Button>
            ),
          },
        ]}
      />
      <ShiftRequestDrawer id={openId} tz={tz} onClose={() => setOpenId(undefined)} />
    </Card>
  );
}
