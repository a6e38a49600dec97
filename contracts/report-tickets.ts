import { z } from 'zod';
import { KpiQuery } from './reports';

/**
 * Work-order SLA performance (issue 14): per agent, team, type or day, how many orders were
 * created, finished and finished within their SLA. Definitions in docs/reports.md ("Work orders").
 */
export const TICKET_REPORT_DIMENSIONS = ['agent', 'team', 'type', 'day'] as const;
export type TicketReportDimension = (typeof TICKET_REPORT_DIMENSIONS)[number];

/** `GET /api/v1/reports/tickets` (and `.csv`, `.xlsx`): `from` inclusive, `to` exclusive; a bare date is midnight in `tz`. */
export const TicketSlaQuery = KpiQuery.pick({ from: true, to: true, tz: true, lang: true }).extend({
  groupBy: z.enum(TICKET_REPORT_DIMENSIONS).default('agent'),
});
export type TicketSlaQuery = z.infer<typeof TicketSlaQuery>;

export const TicketSlaFigures = z.object({
  /** Orders created in the range. */
  created: z.number().int(),
  /** Orders resolved (or closed) in the range; cancelled orders are not finished work. */
  finished: z.number().int(),
  /** Of the finished orders under an SLA policy: both targets met, or not. */
  slaMet: z.number().int(),
  slaMissed: z.number().int(),
  /** slaMet ÷ (slaMet + slaMissed), 0–1; null without finished orders under a policy. */
  slaMetShare: z.number().nullable(),
  /** Of the same orders: first response by its due time. */
  responseMetShare: z.number().nullable(),
  /** Of the same orders: resolved by its due time. */
  resolveMetShare: z.number().nullable(),
  /** Orders still open at the end of the range (or of the day). */
  open: z.number().int(),
  /** Of those, past a due time they had not met by then. */
  overdueOpen: z.number().int(),
});
export type TicketSlaFigures = z.infer<typeof TicketSlaFigures>;

export const TicketSlaRow = TicketSlaFigures.extend({
  /** The agent or team id, the type, or the day (YYYY-MM-DD); null: orders with no team. */
  key: z.string().nullable(),
  name: z.string().nullable(),
});
export type TicketSlaRow = z.infer<typeof TicketSlaRow>;

export const TicketSlaReport = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  groupBy: z.enum(TICKET_REPORT_DIMENSIONS),
  rows: z.array(TicketSlaRow),
  total: TicketSlaFigures,
});
export type TicketSlaReport = z.infer<typeof TicketSlaReport>;

/** The columns of an export, in order (CSV and XLSX share them). */
export const TICKET_SLA_COLUMNS = [
  'created',
  'finished',
  'slaMet',
  'slaMissed',
  'slaMetShare',
  'responseMetShare',
  'resolveMetShare',
  'open',
  'overdueOpen',
] as const satisfies ReadonlyArray<keyof TicketSlaFigures>;
