import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Flex, Input, List, Tag, Typography, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoverageEffect, Shift, ShiftRequestDetail } from '../../../../contracts/wfm-schedules';
import { useErrorMessage } from '../../app/errors';
import { DateTime } from '../../ui/date-time';
import { EChart, type EChartOption } from '../../ui/echart';
import { QueryError } from '../../ui/query-error';
import { dayLabel, intervalTime } from './dates';
import { RequestStateTag, useRequestErrorMessage, useShiftFormat, useViolationText } from './my-schedule-shared';
import { SELF_IDS } from './my-schedule-testids';
import { useDecideShiftRequest, useShiftRequest } from './requests-api';

/** The intervals worth drawing: from an hour before the first staffed or required one to an hour after the last. */
export function effectWindow(e: CoverageEffect): { first: number; last: number } {
  const n = e.required.length;
  const busy = (i: number) => (e.required[i] ?? 0) > 0 || (e.before[i] ?? 0) > 0 || (e.after[i] ?? 0) > 0;
  let first = 0;
  while (first < n && !busy(first)) first++;
  let last = n - 1;
  while (last > first && !busy(last)) last--;
  if (first >= n) return { first: 0, last: n - 1 };
  const pad = Math.max(1, Math.round(60 / e.intervalMinutes));
  return { first: Math.max(0, first - pad), last: Math.min(n - 1, last + pad) };
}

/** A team lead's view of one request: both shifts, the coverage effect per day, the rules it breaks; approve or reject. */
export function ShiftRequestDrawer({ id, tz, onClose }: { id: string | undefined; tz: string; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const request = useShiftRequest(id);
  const r = request.data?.id === id ? request.data : undefined;
  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={760}
      destroyOnHidden
      title={r ? t('wfmSelf.detail.title', { name: r.requesterName, kind: t(`wfmSelf.kind.${r.kind}`) }) : ''}
    >
      <div data-testid={SELF_IDS.drawer} data-state={r?.state}>
        {request.error ? (
          <QueryError message={errorMessage(request.error)} onRetry={() => void request.refetch()} />
        ) : null}
        {r ? <Detail r={r} tz={tz} onDone={onClose} /> : null}
      </div>
    </Drawer>
  );
}

function ShiftLine({ shift, tz }: { shift: Shift; tz: string }) {
  const { t } = useTranslation();
  const fmt = useShiftFormat(tz);
  return (
    <span>
      {shift.agentName} · {fmt.text(shift)} · {shift.templateName}
      {shift.breaks.length ? (
        <Typography.Text type="secondary">
          {' '}
          ({shift.breaks.map((b) => `${b.name} ${fmt.time(b)}`).join(t('wfmSelf.listSeparator'))})
        </Typography.Text>
      ) : null}
      {shift.state !== 'active' ? (
        <Tag color="orange" style={{ marginInlineStart: 8 }}>
          {t(`wfmSelf.shiftState.${shift.state}`)}
        </Tag>
      ) : null}
    </span>
  );
}

function Detail({ r, tz, onDone }: { r: ShiftRequestDetail; tz: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fmt = useShiftFormat(tz);
  const rule = useViolationText();
  const errorText = useRequestErrorMessage();
  const decide = useDecideShiftRequest();
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<unknown>();
  const names = new Map<string, string>([[r.requesterId, r.requesterName]]);
  if (r.peerId && r.peerName) names.set(r.peerId, r.peerName);
  const blocking = r.violations.some((v) => v.blocking);
  const open = r.state === 'pending' || r.state === 'pending_peer';

  const send = (approve: boolean) => {
    setFailure(undefined);
    decide.mutate(
      { id: r.id, approve, note },
      {
        onSuccess: () => {
          void message.success(t(approve ? 'wfmSelf.detail.approved' : 'wfmSelf.detail.rejected'));
          onDone();
        },
        onError: setFailure,
      },
    );
  };

  return (
    <Flex vertical gap={16}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('wfmSelf.inbox.state')}>
          <RequestStateTag state={r.state} />
        </Descriptions.Item>
        <Descriptions.Item label={t('wfmSelf.detail.shift')}>
          <ShiftLine shift={r.shift} tz={tz} />
        </Descriptions.Item>
        {r.peerShift ? (
          <Descriptions.Item label={t('wfmSelf.detail.peerShift')}>
            <ShiftLine shift={r.peerShift} tz={tz} />
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('wfmSelf.detail.reason')}>{r.reason || t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('wfmSelf.detail.created')}>
          <DateTime value={r.createdAt} timeZone={tz} />
        </Descriptions.Item>
        {r.decidedAt ? (
          <Descriptions.Item label={t('wfmSelf.detail.note')}>
            {r.note || t('common.none')}
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {t('wfmSelf.detail.decided', { name: r.decidedByName ?? '' })}
              <DateTime value={r.decidedAt} timeZone={tz} />
            </Typography.Text>
          </Descriptions.Item>
        ) : null}
      </Descriptions>

      {open ? (
        <Card size="small" title={t('wfmSelf.detail.violations')} data-testid={SELF_IDS.violations}>
          {blocking ? (
            <Alert type="error" showIcon title={t('wfmSelf.detail.blockingAlert')} style={{ marginBottom: 8 }} />
          ) : null}
          {r.violations.length === 0 ? (
            <Typography.Text type="success">{t('wfmSelf.detail.noViolations')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={r.violations}
              renderItem={(v) => {
                const name = names.get(v.agentId) ?? '';
                const text = v.date
                  ? t('wfmSelf.violationOn', { name, date: fmt.day(v.date), rule: rule(v.code) })
                  : t('wfmSelf.violationOf', { name, rule: rule(v.code) });
                return (
                  <List.Item data-code={v.code} data-blocking={String(v.blocking)}>
                    <Typography.Text type={v.blocking ? 'danger' : undefined}>{text}</Typography.Text>
                    <Tag color={v.blocking ? 'error' : 'warning'}>
                      {t(v.blocking ? 'wfmSelf.blocking' : 'wfmSelf.notBlocking')}
                    </Tag>
                  </List.Item>
                );
              }}
            />
          )}
        </Card>
      ) : null}

      {/* The server weighs only open requests: a decided one has changed the schedule already. */}
      {r.effect.length > 0 || open ? (
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('wfmSelf.detail.effect')}
        </Typography.Title>
      ) : null}
      {r.effect.length === 0 && open ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
      {r.effect.map((e) => (
        <EffectChart key={e.date} effect={e} />
      ))}

      {r.state === 'pending' ? (
        <Card size="small">
          {failure !== undefined ? (
            <Alert type="error" showIcon title={errorText(failure)} role="alert" style={{ marginBottom: 8 }} />
          ) : null}
          <Input.TextArea
            data-testid={SELF_IDS.note}
            value={note}
            onChange={(ev) => setNote(ev.target.value)}
            placeholder={t('wfmSelf.detail.notePlaceholder')}
            maxLength={500}
            rows={2}
          />
          <Flex gap={8} justify="flex-end" style={{ marginTop: 8 }}>
            <Button
              danger
              onClick={() => send(false)}
              loading={decide.isPending && decide.variables?.approve === false}
              data-testid={SELF_IDS.reject}
            >
              {t('wfmSelf.detail.reject')}
            </Button>
            <Button
              type="primary"
              onClick={() => send(true)}
              disabled={blocking}
              loading={decide.isPending && decide.variables?.approve === true}
              data-testid={SELF_IDS.approve}
            >
              {t('wfmSelf.detail.approve')}
            </Button>
          </Flex>
        </Card>
      ) : null}
    </Flex>
  );
}

function EffectChart({ effect: e }: { effect: CoverageEffect }) {
  const { t, i18n } = useTranslation();
  const { token } = theme.useToken();
  const hours = (n: number) =>
    new Intl.NumberFormat(i18n.language === 'en-US' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 1 }).format(n);
  const option = useMemo<EChartOption>(() => {
    const { first, last } = effectWindow(e);
    const idx = Array.from({ length: last - first + 1 }, (_, k) => first + k);
    const names = {
      required: t('wfmSelf.detail.required'),
      before: t('wfmSelf.detail.before'),
      after: t('wfmSelf.detail.after'),
    };
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [names.required, names.before, names.after] },
      grid: { left: 36, right: 16, top: 36, bottom: 28 },
      xAxis: {
        type: 'category',
        data: idx.map((i) => intervalTime(i, e.intervalMinutes)),
        axisLabel: { interval: Math.max(0, Math.round(idx.length / 10) - 1) },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: names.required,
          type: 'bar',
          color: token.colorFillSecondary,
          itemStyle: { color: token.colorTextQuaternary },
          data: idx.map((i) => Math.round((e.required[i] ?? 0) * 10) / 10),
        },
        {
          name: names.before,
          type: 'line',
          step: 'middle',
          showSymbol: false,
          color: token.colorPrimary,
          lineStyle: { type: 'dashed' },
          data: idx.map((i) => e.before[i] ?? 0),
        },
        {
          name: names.after,
          type: 'line',
          step: 'middle',
          showSymbol: false,
          color: e.underAfter > e.underBefore ? token.colorError : token.colorSuccess,
          data: idx.map((i) => e.after[i] ?? 0),
        },
      ],
    };
  }, [e, t, token]);
  const day = dayLabel(e.date, i18n.language);
  return (
    <Card
      size="small"
      title={
        <span data-testid={SELF_IDS.effectUnder(e.date)} data-before={e.underBefore} data-after={e.underAfter}>
          {t('wfmSelf.detail.effectDay', { date: day, before: hours(e.underBefore), after: hours(e.underAfter) })}
        </span>
      }
    >
      <EChart
        option={option}
        height={240}
        ariaLabel={t('wfmSelf.detail.chartLabel', { date: day })}
        testId={SELF_IDS.effectChart(e.date)}
      />
    </Card>
  );
}
