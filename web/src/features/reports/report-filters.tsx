import { DatePicker, Flex, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays, dateIn } from '../../../../contracts/local-dates';
import { CHANNELS, type Channel } from '../../../../contracts/routing';
import { useTeams } from '../../app/lookups';
import { useSession } from '../../app/session';
import { useReportQueues } from './api';
import { GRANULARITIES, type Granularity, PRESETS, type Preset, presetRange, type ReportFilters } from './report-query';
import { REPORTS_IDS } from './testids';

/** A report's filters, starting at today in the center's zone. */
export function useReportFilters(centerTz: string, granularity: Granularity = 'total') {
  return useState<ReportFilters>(() => ({
    ...presetRange('today', dateIn(centerTz, new Date())),
    preset: 'today',
    granularity,
  }));
}

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'UTC'];
  }
})();

type Props = {
  value: ReportFilters;
  onChange: (next: ReportFilters) => void;
  centerTz: string;
  show?: { granularity?: boolean; queue?: boolean; channel?: boolean; team?: boolean };
};

/**
 * The date range (presets: today … last month), time zone (the center's by default), granularity and
 * the report's filters. Presets are computed in the chosen zone: "today" is the center's today.
 */
export function ReportFiltersBar({ value, onChange, centerTz, show = {} }: Props) {
  const { t } = useTranslation();
  const session = useSession();
  const queues = useReportQueues();
  const teams = useTeams(show.team === true && session.can('teams.view'));
  const tz = value.tz ?? centerTz;
  const today = dateIn(tz, new Date());
  const set = (patch: Partial<ReportFilters>) => onChange({ ...value, ...patch });

  const presets = useMemo(
    () =>
      PRESETS.map((p) => {
        const r = presetRange(p, today);
        return { label: t(`reports.preset.${p}`), value: [dayjs(r.from), dayjs(addDays(r.to, -1))] as [Dayjs, Dayjs] };
      }),
    [today, t],
  );
  const zoneOptions = useMemo(
    () => [
      { value: centerTz, label: t('reports.filter.centerZone', { tz: centerTz }) },
      ...ZONES.filter((z) => z !== centerTz).map((z) => ({ value: z, label: z })),
    ],
    [centerTz, t],
  );

  const onRange = (range: [Dayjs | null, Dayjs | null] | null) => {
    if (!range?.[0] || !range[1]) return;
    const from = range[0].format('YYYY-MM-DD');
    const to = addDays(range[1].format('YYYY-MM-DD'), 1);
    const preset = PRESETS.find((p) => {
      const r = presetRange(p, today);
      return r.from === from && r.to === to;
    });
    set({ from, to, preset: preset as Preset | undefined });
  };

  return (
    <Flex gap={8} wrap style={{ marginBottom: 16 }}>
      {/* The picker gives its test id to both inputs; its start and end placeholders name them. */}
      <div data-testid={REPORTS_IDS.range}>
        <DatePicker.RangePicker
          allowClear={false}
          presets={presets}
          value={[dayjs(value.from), dayjs(addDays(value.to, -1))]}
          onChange={(r) => onRange(r as [Dayjs | null, Dayjs | null] | null)}
        />
      </div>
      <Select
        data-testid={REPORTS_IDS.timeZone}
        aria-label={t('reports.filter.timeZone')}
        showSearch
        style={{ width: 260 }}
        value={tz}
        options={zoneOptions}
        onChange={(z: string) => {
          // Keep the preset's meaning in the new zone: "today" there may be another date.
          const next = z === centerTz ? undefined : z;
          const p = value.preset ? presetRange(value.preset, dateIn(z, new Date())) : {};
          set({ tz: next, ...p });
        }}
      />
      {show.granularity !== false ? (
        <Select<Granularity>
          data-testid={REPORTS_IDS.granularity}
          aria-label={t('reports.filter.granularity')}
          style={{ width: 140 }}
          value={value.granularity}
          options={GRANULARITIES.map((g) => ({ value: g, label: t(`reports.granularity.${g}`) }))}
          onChange={(granularity) => set({ granularity })}
        />
      ) : null}
      {show.queue ? (
        <Select
          data-testid={REPORTS_IDS.queueFilter}
          aria-label={t('reports.dim.queue')}
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 180 }}
          placeholder={t('reports.filter.queue')}
          value={value.queue}
          loading={queues.isLoading}
          options={(queues.data ?? []).map((q) => ({ value: q.id, label: q.name }))}
          onChange={(queue?: string) => set({ queue })}
        />
      ) : null}
      {show.channel ? (
        <Select<Channel>
          data-testid={REPORTS_IDS.channelFilter}
          aria-label={t('reports.dim.channel')}
          allowClear
          style={{ width: 140 }}
          placeholder={t('reports.filter.channel')}
          value={value.channel}
          options={CHANNELS.map((c) => ({ value: c, label: t(`acd.channel.${c}`) }))}
          onChange={(channel?: Channel) => set({ channel })}
        />
      ) : null}
      {show.team ? (
        <Select
          data-testid={REPORTS_IDS.teamFilter}
          aria-label={t('reports.dim.team')}
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 180 }}
          placeholder={t('reports.filter.team')}
          value={value.team}
          loading={teams.isLoading}
          options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          onChange={(team?: string) => set({ team })}
        />
      ) : null}
    </Flex>
  );
}
