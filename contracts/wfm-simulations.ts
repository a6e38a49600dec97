import { z } from 'zod';
import { LocalDate } from './calendars';
import { RequirementsBody } from './wfm';

/**
 * Simulation (数字孪生, issue 17; docs/wfm.md "Simulation as a product"): one day of a forecast run
 * through the ACD routing engine in virtual time, replicated, with each figure's 95 % confidence
 * interval. A run is a job (`wfm.simulation`); its result is saved and listed.
 */

/** The requirement's targets, as `POST /api/v1/wfm/requirements` takes them (its forecast is the run's). */
export const SimulationTargets = RequirementsBody.omit({ forecastId: true });

/**
 * Who is on the phones: a published schedule's shifts that day (breaks taken out); the requirement's
 * agents per interval at these targets; or a fixed number all day.
 */
export const SimulationStaffing = z.discriminatedUnion('source', [
  z.object({ source: z.literal('schedule'), scheduleId: z.uuid() }).strict(),
  z
    .object({ source: z.literal('requirement'), targets: SimulationTargets.default(SimulationTargets.parse({})) })
    .strict(),
  z.object({ source: z.literal('fixed'), agents: z.int().min(1).max(2000) }).strict(),
]);
export type SimulationStaffing = z.infer<typeof SimulationStaffing>;
export const SIMULATION_SOURCES = ['schedule', 'requirement', 'fixed'] as const;
export type SimulationSource = (typeof SIMULATION_SOURCES)[number];

export const CreateSimulationBody = z
  .object({
    forecastId: z.uuid(),
    /** A day of that forecast (the centre's local day). */
    date: LocalDate,
    staffing: SimulationStaffing,
    replications: z.int().min(1).max(100).default(20),
    /** Default: drawn at random, and saved with the run so it can be repeated exactly. */
    seed: z.int().min(0).max(2_147_483_647).optional(),
    /** "Answered within T". */
    serviceLevelSeconds: z.int().min(0).max(3600).default(20),
    /** The service level aimed at: the line results are read against (it changes no figure). */
    targetServiceLevel: z.number().gt(0).max(1).default(0.8),
    /** Callers' mean patience (exponential); null or absent: nobody abandons. */
    patienceSeconds: z.number().gt(0).max(86_400).nullable().optional(),
    /** Handle times around the forecast's AHT: log-normal (default) or exponential (the Erlang models' assumption). */
    handleDistribution: z.enum(['lognormal', 'exponential']).default('lognormal'),
    /** Log-normal handle times' coefficient of variation (standard deviation ÷ mean). */
    handleCv: z.number().min(0).max(5).default(1),
    /** After-call work per contact. */
    wrapUpSeconds: z.int().min(0).max(3600).default(0),
  })
  .strict();
export type CreateSimulationBody = z.input<typeof CreateSimulationBody>;
export type CreateSimulationValues = z.output<typeof CreateSimulationBody>;

/** A mean over replications and its 95 % confidence interval (Student's t); n: replications with a value. */
export const SimEstimate = z.object({ mean: z.number(), low: z.number(), high: z.number(), n: z.int() });
export type SimEstimate = z.infer<typeof SimEstimate>;

export const SimQueueFigures = z.object({
  offered: SimEstimate,
  answered: SimEstimate,
  abandoned: SimEstimate,
  shortAbandoned: SimEstimate,
  unserved: SimEstimate,
  serviceLevel: SimEstimate.nullable(),
  serviceLevelOfAnswered: SimEstimate.nullable(),
  asaSeconds: SimEstimate.nullable(),
  meanWaitSeconds: SimEstimate.nullable(),
  abandonRate: SimEstimate.nullable(),
});
export type SimQueueFigures = z.infer<typeof SimQueueFigures>;
export const SimCenterFigures = SimQueueFigures.extend({ occupancy: SimEstimate.nullable() });
export type SimCenterFigures = z.infer<typeof SimCenterFigures>;

export const SimulationResult = z.object({
  replications: z.int(),
  /** Contacts simulated over all replications. */
  contacts: z.int(),
  total: SimCenterFigures,
  queues: z.array(z.object({ queueId: z.uuid(), queueName: z.string(), figures: SimQueueFigures })),
  intervals: z.array(
    z.object({
      /** The interval's start (ISO instant). */
      start: z.string(),
      /** Agents logged in (present) in it. */
      agents: z.int(),
      /** Contacts expected by the forecast, all queues. */
      forecastContacts: z.number(),
      total: SimCenterFigures,
      /** By queue id. */
      queues: z.record(z.string(), SimQueueFigures),
    }),
  ),
});
export type SimulationResult = z.infer<typeof SimulationResult>;

/** The request as run: defaults filled in and the seed drawn. */
export const SimulationInput = z.object({
  forecastId: z.uuid(),
  date: z.string(),
  staffing: z.union([
    z.object({ source: z.literal('schedule'), scheduleId: z.uuid() }),
    z.object({ source: z.literal('requirement'), targets: z.record(z.string(), z.unknown()) }),
    z.object({ source: z.literal('fixed'), agents: z.int() }),
  ]),
  replications: z.int(),
  seed: z.int(),
  serviceLevelSeconds: z.int(),
  targetServiceLevel: z.number(),
  patienceSeconds: z.number().nullable(),
  handleDistribution: z.enum(['lognormal', 'exponential']),
  handleCv: z.number(),
  wrapUpSeconds: z.int(),
});
export type SimulationInput = z.infer<typeof SimulationInput>;

export const SimulationSummary = z.object({
  id: z.uuid(),
  forecastId: z.uuid(),
  forecastName: z.string(),
  scheduleId: z.uuid().nullable(),
  date: z.string(),
  source: z.enum(SIMULATION_SOURCES),
  replications: z.int(),
  seed: z.int(),
  contacts: z.int(),
  /** The day's totals (means; null where there was nothing to measure). */
  serviceLevel: z.number().nullable(),
  asaSeconds: z.number().nullable(),
  abandonRate: z.number().nullable(),
  occupancy: z.number().nullable(),
  createdBy: z.uuid(),
  createdAt: z.string(),
});
export type SimulationSummary = z.infer<typeof SimulationSummary>;

export const SimulationList = z.object({ items: z.array(SimulationSummary) });

/** A saved run. `timezone`: the centre's, in which `date` is a local day and intervals are shown. */
export const Simulation = SimulationSummary.extend({
  intervalMinutes: z.int(),
  timezone: z.string(),
  input: SimulationInput,
  result: SimulationResult,
});
export type Simulation = z.infer<typeof Simulation>;

/** What the job leaves as its result. */
export const SimulationRunResult = z.object({ simulationId: z.uuid() });
export type SimulationRunResult = z.infer<typeof SimulationRunResult>;
