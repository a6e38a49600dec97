import {
  Alert,
  Descriptions,
  Drawer,
  Empty,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallDetail, CallLeg } from '../../../../contracts/calls';
import { useErrorMessage } from '../../app/errors';
import { useSession } from '../../app/session';
import { DateTime, useDateTimeFormat } from '../../ui/date-time';
import { QueryError } from '../../ui/query-error';
import { RecordingAudio } from '../../ui/recording';
import { formatDuration, useCall } from './api';
import { CALLS_IDS } from './testids';

/** The recordings of a call: a player each for holders of recordings.listen, otherwise why there is none. */
function Recordings({ call }: { call: CallDetail }) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const session = useSession();
  if (call.recordings.length === 0) {
    return <Typography.Text type="secondary">{t('calls.noRecording')}</Typography.Text>;
  }
  if (!session.can('recordings.listen')) {
    return <Typography.Text type="secondary">{t('calls.recordingNoPermission')}</Typography.Text>;
  }
  return (
    <>
      {call.recordings.map((r, i) => (
        <div key={r.id} style={{ marginBottom: 12 }}>
          {r.deleted ? (
            <Typography.Text type="secondary">{t('calls.recordingDeleted')}</Typography.Text>
          ) : (
            <>
              <RecordingAudio
                id={r.id}
                testId={CALLS_IDS.recording}
                label={
                  call.recordings.length > 1
                    ? t('calls.recordingPart', { part: i + 1, count: call.recordings.length })
                    : t('calls.recording')
                }
              />
              <Typography.Text type="secondary">
                {call.recordings.length > 1
                  ? `${t('calls.recordingPart', { part: i + 1, count: call.recordings.length })} · `
                  : ''}
                {t('calls.recordingMeta', {
                  duration: formatDuration(r.durationMs),
                  expires: formatTime(r.expiresAt, 'date'),
                })}
              </Typography.Text>
            </>
          )}
        </div>
      ))}
    </>
  );
}

function Legs({ legs }: { legs: CallLeg[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<CallLeg> = [
    { key: 'kind', title: t('calls.leg.kind'), dataIndex: 'kind', render: (k: string) => t(`calls.legKind.${k}`) },
    {
      key: 'remote',
      title: t('calls.leg.remote'),
      render: (_, l) => (l.agentName ? `${l.agentName} · ${l.remote}` : <span className="mono">{l.remote}</span>),
    },
    {
      key: 'startedAt',
      title: t('calls.leg.startedAt'),
      dataIndex: 'startedAt',
      render: (v) => <DateTime value={v} />,
    },
    {
      key: 'answeredAt',
      title: t('calls.leg.answeredAt'),
      dataIndex: 'answeredAt',
      render: (v) => <DateTime value={v} />,
    },
    {
      key: 'end',
      title: t('calls.leg.end'),
      render: (_, l) =>
        l.endReason
          ? `${t(`calls.endReason.${l.endReason}`, { defaultValue: l.endReason })}${l.sipCode ? ` (${l.sipCode})` : ''}`
          : t('common.none'),
    },
  ];
  return <Table<CallLeg> rowKey="id" size="small" columns={columns} dataSource={legs} pagination={false} />;
}

/**
 * What a step of the IVR came to: a known outcome in words; a menu's next node (an id the admin
 * typed) as written; an HTTP error with its reason after the word.
 */
function IvrResult({ result }: { result: string }) {
  const { t, i18n } = useTranslation();
  const [code, ...rest] = result.split(': ');
  const known = code !== undefined && i18n.exists(`calls.ivrResult.${code}`);
  if (!known) return <span data-identifier>→ {result}</span>;
  return (
    <span title={result}>
      → {t(`calls.ivrResult.${code}`)}
      {rest.length ? <span className="mono">: {rest.join(': ')}</span> : null}
    </span>
  );
}

/** One call: its figures, the IVR path the caller took, every leg and the recording. */
export function CallDetailDrawer({ callId, onClose }: { callId: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const call = useCall(callId);
  const c = call.data;
  const none = t('common.none');

  return (
    <Drawer open={Boolean(callId)} onClose={onClose} size={720} title={t('calls.detail')} destroyOnHidden>
      <div data-testid={CALLS_IDS.detail}>
        {call.isLoading ? <Spin /> : null}
        {call.isError ? <QueryError message={errorMessage(call.error)} onRetry={() => void call.refetch()} /> : null}
        {c ? (
          <>
            {c.endedAt === null ? (
              <Alert type="info" showIcon title={t('calls.inProgress')} style={{ marginBottom: 16 }} />
            ) : null}
            <Descriptions
              size="small"
              column={2}
              items={[
                { key: 'caller', label: t('calls.col.caller'), children: <span className="mono">{c.caller}</span> },
                { key: 'called', label: t('calls.col.called'), children: <span className="mono">{c.called}</span> },
                { key: 'direction', label: t('calls.direction'), children: t(`calls.directions.${c.direction}`) },
                { key: 'queue', label: t('calls.col.queue'), children: c.queue?.name ?? c.queue?.key ?? none },
                { key: 'startedAt', label: t('calls.col.startedAt'), children: <DateTime value={c.startedAt} /> },
                { key: 'endedAt', label: t('calls.endedAt'), children: <DateTime value={c.endedAt} /> },
                {
                  key: 'agents',
                  label: t('calls.col.agent'),
                  children: c.agents.length ? c.agents.map((a) => a.name ?? a.userId.slice(-8)).join('、') : none,
                },
                {
                  key: 'endReason',
                  label: t('calls.col.endReason'),
                  children: c.endReason ? <Tag>{t(`calls.endReason.${c.endReason}`)}</Tag> : none,
                },
                { key: 'queueMs', label: t('calls.col.queueWait'), children: formatDuration(c.queueMs) ?? none },
                { key: 'ringMs', label: t('calls.ring'), children: formatDuration(c.ringMs) ?? none },
                { key: 'talkMs', label: t('calls.col.talk'), children: formatDuration(c.talkMs) ?? none },
                { key: 'holdMs', label: t('calls.hold'), children: formatDuration(c.holdMs) ?? none },
                { key: 'transfers', label: t('calls.transfers'), children: c.transfers },
                { key: 'sipCode', label: t('calls.sipCode'), children: c.sipCode ?? none },
              ]}
            />
            <Typography.Title level={5}>{t('calls.recording')}</Typography.Title>
            <Recordings call={c} />
            <Typography.Title level={5}>{t('calls.ivrPath')}</Typography.Title>
            {c.ivrPath.length ? (
              <Timeline
                items={c.ivrPath.map((s, i) => ({
                  key: `${s.at}-${i}`,
                  title: <DateTime value={s.at} />,
                  content: (
                    <>
                      <Typography.Text strong data-identifier>
                        {s.node}
                      </Typography.Text>{' '}
                      <Tag title={s.type}>{t(`calls.ivrNodeType.${s.type}`, { defaultValue: s.type })}</Tag>
                      {s.input !== undefined ? (
                        <span>
                          {t('calls.ivrInput')}: <span className="mono">{s.input}</span>{' '}
                        </span>
                      ) : null}
                      {s.result !== undefined ? <IvrResult result={s.result} /> : null}
                    </>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('calls.noIvr')} />
            )}
            <Typography.Title level={5}>{t('calls.legs')}</Typography.Title>
            <Legs legs={c.legs} />
          </>
        ) : null}
      </div>
    </Drawer>
  );
}
