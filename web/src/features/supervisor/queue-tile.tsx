import { UnorderedListOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENT_STATES, type QueueStats } from '../../../../contracts/routing';
import { STATE_COLOR } from '../../ui/agent-state-tag';
import { formatDuration } from '../../ui/use-now';
import { SUPERVISOR_IDS } from './testids';

export type Level = 'ok' | 'amber' | 'red';

const worst = (levels: Level[]): Level => (levels.includes('red') ? 'red' : levels.includes('amber') ? 'amber' : 'ok');
const above = (value: number, amber: number, red: number): Level =>
  value >= red ? 'red' : value >= amber ? 'amber' : 'ok';

/** How a tile is coloured: each figure against the queue's own thresholds, the worst one wins. */
export function levelsOf(q: QueueStats, longestWait: number) {
  const th = q.thresholds;
  const sl = q.serviceLevelToday === null ? null : q.serviceLevelToday * 100;
  const levels = {
    waiting: above(q.waiting, th.waitingAmber, th.waitingRed),
    longestWait: q.waiting > 0 ? above(longestWait, th.longestWaitAmberSeconds, th.longestWaitRedSeconds) : 'ok',
    serviceLevel: sl === null ? 'ok' : sl < th.serviceLevelRed ? 'red' : sl < th.serviceLevelAmber ? 'amber' : 'ok',
  } satisfies Record<string, Level>;
  return { ...levels, tile: worst(Object.values(levels)) };
}

type FigureProps = { label: string; value: ReactNode; level?: Level; testId: string; hint?: string };

function Figure({ label, value, level, testId, hint }: FigureProps) {
  return (
    <div className={`figure figure-${level ?? 'ok'}`}>
      <div className="figure-label">{label}</div>
      <div className="figure-value" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="figure-hint">{hint}</div> : null}
    </div>
  );
}

/** A count worth knowing but not worth a colour: small, on one line, explained on hover or focus. */
function MinorFigure({ label, hint, value, testId }: { label: string; hint: string; value: number; testId: string }) {
  return (
    <Tooltip title={hint}>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focus shows the explanation to keyboard users */}
      <span tabIndex={0} className="muted">
        {label} <span data-testid={testId}>{value}</span>
      </span>
    </Tooltip>
  );
}

type Props = {
  queue: QueueStats;
  /** Seconds since the wallboard was read: the longest wait keeps counting between refreshes. */
  elapsed: number;
  onShowWaiting: () => void;
};

/**
 * One queue on the wallboard: waiting now, longest wait, today's service level, abandons and answers,
 * today's offers not answered (RONA) and not delivered to a phone, agents by state.
 */
export function QueueTile({ queue: q, elapsed, onShowWaiting }: Props) {
  const { t } = useTranslation();
  const longest = q.waiting > 0 ? q.longestWaitSeconds + elapsed : 0;
  const level = levelsOf(q, longest);
  const id = (figure: string) => SUPERVISOR_IDS.queueTile(q.key, figure);
  const sl = q.serviceLevelToday === null ? t('common.none') : `${Math.round(q.serviceLevelToday * 1000) / 10}%`;
  return (
    <Card
      size="small"
      className={`queue-tile queue-tile-${level.tile}`}
      data-testid={SUPERVISOR_IDS.queueTile(q.key)}
      data-level={level.tile}
      title={
        <Flex gap={8} align="center">
          <span>{q.name}</span>
          {q.open ? null : <Tag>{t('wallboard.closed')}</Tag>}
          {level.tile !== 'ok' ? (
            <Tag color={level.tile === 'red' ? 'error' : 'warning'}>{t(`wallboard.level.${level.tile}`)}</Tag>
          ) : null}
        </Flex>
      }
      extra={
        <Tooltip title={t('wallboard.showWaiting')}>
          <Button
            size="small"
            type="text"
            icon={<UnorderedListOutlined />}
            onClick={onShowWaiting}
            aria-label={t('wallboard.showWaitingOf', { name: q.name })}
            data-testid={id('waiting-list')}
          />
        </Tooltip>
      }
    >
      <div className="figures">
        <Figure label={t('wallboard.waiting')} value={q.waiting} level={level.waiting} testId={id('waiting')} />
        <Figure
          label={t('wallboard.longestWait')}
          value={formatDuration(longest)}
          level={level.longestWait}
          testId={id('longest')}
        />
        <Figure
          label={t('wallboard.serviceLevel')}
          hint={t('wallboard.serviceLevelGoal', { percent: q.serviceLevelPercent, seconds: q.serviceLevelSeconds })}
          value={sl}
          level={level.serviceLevel}
          testId={id('sl')}
        />
        <Figure label={t('wallboard.answered')} value={q.answeredToday} testId={id('answered')} />
        <Figure label={t('wallboard.abandoned')} value={q.abandonedToday} testId={id('abandoned')} />
        <Figure
          label={t('wallboard.aht')}
          value={q.ahtSeconds === null ? t('common.none') : formatDuration(q.ahtSeconds)}
          testId={id('aht')}
        />
      </div>
      <Flex wrap gap="0 16px" className="tile-minor">
        <MinorFigure
          label={t('wallboard.rona')}
          hint={t('wallboard.ronaHint')}
          value={q.ronaToday}
          testId={id('rona')}
        />
        <MinorFigure
          label={t('wallboard.undelivered')}
          hint={t('wallboard.undeliveredHint')}
          value={q.undeliveredToday}
          testId={id('undelivered')}
        />
      </Flex>
      <Flex wrap gap={4} className="tile-agents" data-testid={id('agents')}>
        {AGENT_STATES.filter((s) => s !== 'logged_out' && (q.agentsByState[s] ?? 0) > 0).map((s) => (
          <Tag key={s} color={STATE_COLOR[s]} data-testid={id(`agents-${s}`)}>
            {t(`acd.state.${s}`)} {q.agentsByState[s]}
          </Tag>
        ))}
        {AGENT_STATES.every((s) => s === 'logged_out' || (q.agentsByState[s] ?? 0) === 0) ? (
          <span className="muted">{t('wallboard.noAgentsIn')}</span>
        ) : null}
      </Flex>
    </Card>
  );
}
