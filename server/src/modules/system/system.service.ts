import type { OverviewQueue, OverviewTrunk, SystemOverview } from '../../../../contracts/system';
import type { Clock } from '../../platform/clock';
import type { LogRing } from '../../platform/logger';
import type { RoutingService } from '../routing';
import type { CallsService, NumbersService, TelephonyService, TelephonyServices } from '../telephony';

export type SystemDeps = {
  clock: Clock;
  /** The logger's ring of recent warnings and errors (absent when the logger is not Kefu's own). */
  logRing: LogRing | undefined;
  telephony: Pick<TelephonyService, 'list'>;
  numbers: Pick<NumbersService, 'listTrunks'>;
  calls: Pick<CallsService, 'trunkUsage'>;
  sip: Pick<TelephonyServices['sip'], 'stack'>;
  routing: Pick<RoutingService, 'wallboard'>;
};

/**
 * The system overview (系统概览): read only, assembled from the other modules' services — the phones
 * and trunks of telephony, the queues of the ACD — and the platform logger's recent warnings and
 * errors. It owns no table and writes nothing.
 */
export function createSystemService(deps: SystemDeps) {
  const startedAt = deps.clock.now().toISOString();

  return {
    async overview(logLimit: number): Promise<SystemOverview> {
      const now = deps.clock.now();
      const [phones, trunks, usage, board] = await Promise.all([
        deps.telephony.list(),
        deps.numbers.listTrunks(),
        deps.calls.trunkUsage(now),
        deps.routing.wallboard(),
      ]);
      const enabled = phones.filter((p) => !p.disabled);
      const ring = deps.logRing;
      const counts = ring?.counts() ?? { warn: 0, error: 0 };
      return {
        at: now.toISOString(),
        startedAt,
        phones: {
          total: phones.length,
          enabled: enabled.length,
          registered: enabled.filter((p) => p.registered).length,
          sipRunning: deps.sip.stack() !== undefined,
        },
        trunks: trunks.map(
          (t): OverviewTrunk => ({
            id: t.id,
            name: t.name,
            disabled: t.disabled,
            inboundAddresses: t.inboundAddresses.length,
            outbound: t.outboundHost !== null,
            callsLastDay: usage.get(t.id)?.callsLastDay ?? 0,
            lastCallAt: usage.get(t.id)?.lastCallAt ?? null,
          }),
        ),
        queues: board.queues.map(
          (q): OverviewQueue => ({
            id: q.queueId,
            key: q.key,
            name: q.name,
            open: q.open,
            waiting: q.waiting,
            longestWaitSeconds: q.longestWaitSeconds,
            agentsReady: q.agentsByState.ready ?? 0,
            agentsSignedIn: Object.entries(q.agentsByState)
              .filter(([state]) => state !== 'logged_out')
              .reduce((sum, [, n]) => sum + n, 0),
            answeredToday: q.answeredToday,
            abandonedToday: q.abandonedToday,
          }),
        ),
        log: { entries: ring?.recent(logLimit) ?? [], warnings: counts.warn, errors: counts.error },
      };
    },
  };
}
export type SystemService = ReturnType<typeof createSystemService>;
