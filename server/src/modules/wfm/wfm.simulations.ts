import { randomInt } from 'node:crypto';
import type { Forecast } from '../../../../contracts/wfm';
import type {
  CreateSimulationValues,
  SimulationInput as SavedInput,
  SimulationResult as SavedResult,
  Simulation,
  SimulationRunResult,
  SimulationSummary,
} from '../../../../contracts/wfm-simulations';
import type { Actor, AuditLog } from '../../platform/audit';
import type { EventBus } from '../../platform/bus';
import { addDays, zonedInstant } from '../../platform/calendar';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db';
import { AppError } from '../../platform/errors';
import type { IdGenerator } from '../../platform/ids';
import type { Jobs } from '../../platform/jobs';
import type { Distribution, Shift, SimAgent, SimQueue, SimulationInput } from './domain/simulation-model';
import { type MinuteShift, requirementShifts, scheduledShifts } from './domain/simulation-staffing';
import { dateOutOfForecast, scheduleNotFound, simulationInput, simulationNotFound } from './wfm.errors';
import type { Forecasts } from './wfm.forecasts';
import type { SchedulesRepo } from './wfm.schedules.repo';
import { simulateInWorker } from './wfm.simulation-runner';
import type { SimulationRow, SimulationsRepo } from './wfm.simulations.repo';
import type { Staffing } from './wfm.staffing';

export type SimulationsDeps = {
  db: Database;
  repo: SimulationsRepo;
  schedulesRepo: Pick<SchedulesRepo, 'schedule' | 'shiftsOf'>;
  bus: EventBus;
  audit: AuditLog;
  clock: Clock;
  ids: IdGenerator;
  jobs: Jobs;
  timezone: string;
  forecasts: Pick<Forecasts, 'forStaffing'>;
  staffing: Pick<Staffing, 'requirements'>;
};

const LIST_LIMIT = 50;

/** What a run needs once its input has been checked: the domain's input and what the answer shows beside it. */
type Built = {
  saved: SavedInput;
  forecast: Forecast;
  input: SimulationInput;
  /** Agents present per interval, and the forecast's contacts per interval (all queues). */
  agents: number[];
  forecastContacts: number[];
};

/** A duration around a mean: what the planner chose for handle times. */
function handleOf(body: CreateSimulationValues, mean: number): Distribution {
  return body.handleDistribution === 'exponential'
    ? { kind: 'exponential', mean }
    : { kind: 'lognormal', mean, cv: body.handleCv };
}

const presentIn = (shifts: readonly Shift[], k: number) => shifts.some((s) => s.from <= k && k < s.to);

/**
 * Simulation runs (模拟): a day of a forecast with a staffing (a published schedule, the requirement,
 * or a fixed number of agents) through the ACD engine in a worker thread, as a job; each run is saved.
 *
 * One pool: every simulated agent serves every queue of the forecast (a membership in each, equal
 * priority, no skill requirement). Of the three sources only a schedule names people, and what it
 * carries of them are skill keys without levels while queues ask for levels, and agents' routing may
 * have changed since the schedule was made; the requirement and the fixed count name nobody. So the
 * simulation answers "this many people on these queues", like the requirement it is compared with —
 * which sums the queues as if each had its own agents, so a pooled run of several queues shows the
 * pooling gain (docs/wfm.md, "Simulation as a product").
 */
export function createSimulations(deps: SimulationsDeps) {
  const { db, repo, bus, audit, clock, ids, jobs, timezone } = deps;

  async function forecastOf(id: string): Promise<Forecast> {
    try {
      return await deps.forecasts.forStaffing(id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'WFM.FORECAST_NOT_FOUND') {
        throw new AppError('WFM.FORECAST_NOT_FOUND', `No forecast ${id}`, {
          fields: [{ location: 'body', path: 'forecastId', message: 'no such forecast' }],
        });
      }
      throw err;
    }
  }

  /** Each agent's shifts in the day, by the chosen source. */
  async function staffOf(body: CreateSimulationValues, K: number, minutes: number): Promise<Shift[][]> {
    const s = body.staffing;
    if (s.source === 'fixed') return Array.from({ length: s.agents }, () => [{ from: 0, to: K }]);
    if (s.source === 'requirement') {
      const req = await deps.staffing.requirements({ ...s.targets, forecastId: body.forecastId });
      const day = req.days.find((d) => d.date === body.date);
      if (!day) throw dateOutOfForecast(body.date, 'date');
      return requirementShifts(day.intervals.map((x) => x.agents));
    }
    const row = await deps.schedulesRepo.schedule(db, s.scheduleId);
    if (!row || row.state === 'discarded') {
      throw new AppError('WFM.SCHEDULE_NOT_FOUND', scheduleNotFound(s.scheduleId).message, {
        fields: [{ location: 'body', path: 'staffing.scheduleId', message: 'no such schedule' }],
      });
    }
    if (row.state !== 'published') {
      throw simulationInput('Only a published schedule can be simulated', 'staffing.scheduleId', 'not published');
    }
    if (!row.coverage.some((d) => d.date === body.date)) {
      throw simulationInput(`The schedule does not cover ${body.date}`, 'staffing.scheduleId', 'does not cover date');
    }
    // The day's shifts and the night shifts of the day before that run into it; not those taken
    // off by a leave or replaced by a later publication.
    const previous = addDays(body.date, -1);
    const byAgent = new Map<string, MinuteShift[]>();
    for (const r of await deps.schedulesRepo.shiftsOf(db, row.id)) {
      if (r.state !== 'active' || (r.date !== body.date && r.date !== previous)) continue;
      const offset = r.date === body.date ? 0 : -1440;
      const start = offset + r.startMinute;
      const list = byAgent.get(r.agentId) ?? [];
      list.push({
        start,
        end: start + r.lengthMinutes,
        breaks: r.breaks.map((b) => ({ start: offset + b.start, end: offset + b.start + b.minutes })),
      });
      byAgent.set(r.agentId, list);
    }
    return [...byAgent.values()].map((shifts) => scheduledShifts(shifts, minutes, K));
  }

  /** Checks the input (400/404 at once) and builds the domain's. */
  async function build(body: CreateSimulationValues): Promise<Built> {
    const forecast = await forecastOf(body.forecastId);
    const minutes = forecast.intervalMinutes;
    const K = 1440 / minutes;
    const days = forecast.queues.map((q) => q.days.find((d) => d.date === body.date));
    if (!forecast.queues.length || days.some((d) => !d)) throw dateOutOfForecast(body.date, 'date');
    const forecastContacts = Array.from({ length: K }, (_, k) => days.reduce((a, d) => a + (d!.calls[k] ?? 0), 0));
    if (!(forecastContacts.reduce((a, v) => a + v, 0) > 0)) {
      throw simulationInput(`The forecast expects no contacts on ${body.date}`, 'date', 'no contacts forecast');
    }
    const staff = (await staffOf(body, K, minutes)).filter((shifts) => shifts.length > 0);
    if (!staff.length) throw simulationInput('Nobody is on the phones that day', 'staffing', 'no agent present');

    const queues: SimQueue[] = forecast.queues.map((q, i) => {
      const day = days[i]!;
      const volume = Array.from({ length: K }, (_, k) => Math.max(0, day.calls[k] ?? 0));
      const weight = volume.reduce((a, v, k) => a + v * (day.ahtSeconds[k] ?? 0), 0);
      const count = volume.reduce((a, v) => a + v, 0);
      // Intervals without a forecast AHT (no contacts) take the day's mean; a queue idle all day any.
      const mean = count > 0 && weight > 0 ? weight / count : 180;
      return {
        id: q.queueId,
        strategy: 'longest_idle',
        skills: [],
        volume,
        handle: handleOf(body, mean),
        handleByInterval: volume.map((_, k) =>
          handleOf(body, (day.ahtSeconds[k] ?? 0) > 0 ? day.ahtSeconds[k]! : mean),
        ),
        patience: body.patienceSeconds ? { kind: 'exponential', mean: body.patienceSeconds } : null,
      };
    });
    const memberships = queues.map((q) => ({ queueId: q.id, priority: 1, delaySeconds: 0 }));
    const agents: SimAgent[] = staff.map((shifts, i) => ({
      id: `agent-${i + 1}`,
      skills: {},
      memberships,
      wrapUpSeconds: body.wrapUpSeconds,
      shifts,
    }));
    const seed = body.seed ?? randomInt(0, 2_147_483_647);
    const saved: SavedInput = {
      forecastId: body.forecastId,
      date: body.date,
      staffing: body.staffing,
      replications: body.replications,
      seed,
      serviceLevelSeconds: body.serviceLevelSeconds,
      targetServiceLevel: body.targetServiceLevel,
      patienceSeconds: body.patienceSeconds ?? null,
      handleDistribution: body.handleDistribution,
      handleCv: body.handleCv,
      wrapUpSeconds: body.wrapUpSeconds,
    };
    return {
      saved,
      forecast,
      forecastContacts,
      agents: Array.from({ length: K }, (_, k) => staff.filter((s) => presentIn(s, k)).length),
      input: {
        intervalSeconds: minutes * 60,
        queues,
        agents,
        replications: body.replications,
        seed,
        serviceLevelSeconds: body.serviceLevelSeconds,
      },
    };
  }

  async function runAndSave(
    built: Built,
    actor: Actor,
    progress: (p: { percent: number; phase: string; rowsDone: number; rowsTotal: number }) => void,
  ): Promise<SimulationRunResult> {
    const { forecast, saved } = built;
    const total = saved.replications;
    progress({ percent: 0, phase: `replication 0 of ${total}`, rowsDone: 0, rowsTotal: total });
    const out = await simulateInWorker(built.input, (done) =>
      progress({
        percent: Math.round((done / total) * 95),
        phase: `replication ${done} of ${total}`,
        rowsDone: done,
        rowsTotal: total,
      }),
    );
    progress({ percent: 97, phase: 'saving', rowsDone: total, rowsTotal: total });
    const minutes = forecast.intervalMinutes;
    const dayStart = zonedInstant(timezone, `${saved.date}T00:00:00`).getTime();
    const result: SavedResult = {
      replications: out.replications,
      contacts: out.contacts,
      total: out.total,
      queues: forecast.queues.map((q) => ({
        queueId: q.queueId,
        queueName: q.queueName,
        figures: out.queues[q.queueId]!,
      })),
      intervals: out.intervals.map((iv, k) => ({
        start: new Date(dayStart + k * minutes * 60_000).toISOString(),
        agents: built.agents[k] ?? 0,
        forecastContacts: Math.round((built.forecastContacts[k] ?? 0) * 1e4) / 1e4,
        total: iv.total,
        queues: iv.queues,
      })),
    };
    const id = ids.next();
    const row: SimulationRow = {
      id,
      forecastId: forecast.id,
      forecastName: forecast.name,
      source: saved.staffing.source,
      scheduleId: saved.staffing.source === 'schedule' ? saved.staffing.scheduleId : null,
      date: saved.date,
      intervalMinutes: minutes,
      input: saved,
      result,
      contacts: out.contacts,
      createdBy: actor.userId!,
      createdAt: clock.now(),
    };
    await bus.transaction(async (tx) => {
      await repo.insert(tx, row);
      await audit.append(tx, actor, {
        action: 'wfm.simulation.created',
        entityType: 'simulation',
        entityId: id,
        details: {
          forecastId: forecast.id,
          date: saved.date,
          source: saved.staffing.source,
          replications: saved.replications,
          seed: saved.seed,
          serviceLevel: result.total.serviceLevel?.mean ?? null,
        },
      });
    });
    return { simulationId: id };
  }

  function summary(r: SimulationRow): SimulationSummary {
    const t = r.result.total;
    return {
      id: r.id,
      forecastId: r.forecastId,
      forecastName: r.forecastName,
      scheduleId: r.scheduleId,
      date: r.date,
      source: r.source as SimulationSummary['source'],
      replications: r.input.replications,
      seed: r.input.seed,
      contacts: r.contacts,
      serviceLevel: t.serviceLevel?.mean ?? null,
      asaSeconds: t.asaSeconds?.mean ?? null,
      abandonRate: t.abandonRate?.mean ?? null,
      occupancy: t.occupancy?.mean ?? null,
      createdBy: r.createdBy,
      createdAt: r.createdAt.toISOString(),
    };
  }

  return {
    /** Checks the input now (400 at once) and runs it as a job: follow `GET /api/v1/jobs/:id`. */
    async start(body: CreateSimulationValues, actor: Actor): Promise<{ jobId: string }> {
      const built = await build(body);
      const jobId = await jobs.start('wfm.simulation', actor.userId, (job) =>
        runAndSave(built, actor, (p) => job.progress(p)),
      );
      return { jobId };
    },

    /** Runs at once, without a job (the demo seed): still in the worker thread. */
    async runNow(body: CreateSimulationValues, actor: Actor): Promise<SimulationRunResult> {
      return runAndSave(await build(body), actor, () => undefined);
    },

    async list(): Promise<SimulationSummary[]> {
      return (await repo.list(db, LIST_LIMIT)).map(summary);
    },

    async get(id: string): Promise<Simulation> {
      const row = await repo.find(db, id);
      if (!row) throw simulationNotFound(id);
      return { ...summary(row), intervalMinutes: row.intervalMinutes, timezone, input: row.input, result: row.result };
    },
  };
}
export type Simulations = ReturnType<typeof createSimulations>;
