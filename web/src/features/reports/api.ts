import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { CallDetail } from '../../../../contracts/calls';
import { KpiReport } from '../../../../contracts/reports';
import { Channel, Contact, type CreateContactBody } from '../../../../contracts/routing';
import { contractApi, downloadFile, type QueryParams } from '../../app/api-client';

/**
 * The figures behind which GET /reports/contacts lists contacts.
 * TODO(reports contract): move to contracts/reports.ts as `ReportContactsQuery` / `ReportContact` once
 * the lead lands /reports/contacts on main; these mirror the agreed shape until then.
 */
export const CONTACT_FIGURES = [
  'offered',
  'answered',
  'abandoned',
  'shortAbandoned',
  'answeredWithinThreshold',
  'answeredLate',
  'waiting',
  'handled',
  'transferred',
  'rona',
  'fcrResolved',
  'fcrUnresolved',
  'selfService',
  'surveyed',
] as const;
export type ContactFigure = (typeof CONTACT_FIGURES)[number];

export const ReportContact = z.object({
  id: z.string(),
  rootId: z.string().nullable(),
  channel: Channel,
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  customerId: z.string().nullable(),
  enteredAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  waitSeconds: z.number().nullable(),
  talkSeconds: z.number().nullable(),
  holdSeconds: z.number().nullable(),
  wrapUpSeconds: z.number().nullable(),
  handleSeconds: z.number().nullable(),
  outcome: z.string().nullable(),
  requestType: z.string().nullable(),
  disposition: z.string().nullable(),
  csat: z.number().nullable(),
  nps: z.number().nullable(),
  ces: z.number().nullable(),
  transferred: z.boolean(),
  rona: z.number().nullable(),
  callId: z.string().nullable(),
});
export type ReportContact = z.infer<typeof ReportContact>;

export const ReportContactPage = z.object({
  items: z.array(ReportContact),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** The thresholds each queue's KPIs use (GET /reports/queues). */
export const ReportQueue = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  active: z.boolean(),
  serviceLevelSeconds: z.number(),
  shortAbandonSeconds: z.number(),
  fcrWindowHours: z.number(),
});
export type ReportQueue = z.infer<typeof ReportQueue>;

export const reportKeys = {
  all: ['reports'] as const,
  centerZone: ['reports', 'center-zone'] as const,
  queues: ['reports', 'queues'] as const,
  kpis: (q: QueryParams) => ['reports', 'kpis', q] as const,
  contacts: (q: QueryParams) => ['reports', 'contacts', q] as const,
};

/** Reports are history: they change as contacts end, not from second to second. */
const STALE_MS = 30_000;

/**
 * The center's time zone. No endpoint names it on its own; every KPI reply does (`tz` when the
 * question gave none), so the smallest question — one past day, by channel, no empty rows — asks it.
 */
export function useCenterTimeZone() {
  return useQuery({
    queryKey: reportKeys.centerZone,
    queryFn: ({ signal }) =>
      contractApi
        .get(
          KpiReport,
          '/reports/kpis',
          { from: '2000-01-01', to: '2000-01-02', groupBy: 'channel', fill: false },
          signal,
        )
        .then((r) => r.tz),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useKpis(query: QueryParams | undefined, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: reportKeys.kpis(query ?? {}),
    queryFn: ({ signal }) => contractApi.get(KpiReport, '/reports/kpis', query, signal),
    enabled: query !== undefined,
    placeholderData: keepPreviousData,
    staleTime: STALE_MS,
    refetchInterval: options.refetchInterval,
  });
}

export function useReportQueues() {
  return useQuery({
    queryKey: reportKeys.queues,
    queryFn: ({ signal }) =>
      contractApi
        .get(z.object({ items: z.array(ReportQueue) }), '/reports/queues', undefined, signal)
        .then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useReportContacts(query: QueryParams | undefined) {
  return useQuery({
    queryKey: reportKeys.contacts(query ?? {}),
    queryFn: ({ signal }) => contractApi.get(ReportContactPage, '/reports/contacts', query, signal),
    enabled: query !== undefined,
    placeholderData: keepPreviousData,
    staleTime: STALE_MS,
  });
}

export type ExportFormat = 'csv' | 'xlsx';

export const exportKpis = (query: QueryParams, format: ExportFormat, lang: string, fileName: string) =>
  downloadFile(`/reports/kpis.${format}`, { ...query, lang }, `${fileName}.${format}`);

/** Every contact of the list (the server exports all pages, not the one on screen). */
export function exportContacts(query: QueryParams, format: ExportFormat, lang: string, fileName: string) {
  const { page: _p, pageSize: _s, ...rest } = query;
  return downloadFile(`/reports/contacts.${format}`, { ...rest, lang }, `${fileName}.${format}`);
}

/**
 * The number to call back: the caller of the contact's call. Null when the contact had no call, or
 * the viewer sees masked numbers only (no pii.view) — a masked number cannot be dialled.
 */
export async function callbackNumberOf(contact: ReportContact): Promise<string | null> {
  if (!contact.callId) return null;
  const call = await contractApi.get(CallDetail, `/calls/${encodeURIComponent(contact.callId)}`);
  const caller = call.caller.trim();
  return caller && !caller.includes('*') ? caller : null;
}

/**
 * A callback contact in the same queue: an agent gets it like any routed contact and dials the number
 * from the desktop (contact-panel reads `attributes.callbackNumber`).
 */
export function createCallback(contact: ReportContact, phone: string) {
  const body: CreateContactBody = {
    channel: 'callback',
    direction: 'outbound',
    queue: contact.queueId ?? '',
    priority: 0,
    attributes: { callbackNumber: phone, abandonedContactId: contact.id },
    customer: { ...(contact.customerId ? { id: contact.customerId } : {}), phone },
  };
  return contractApi.post(Contact, '/contacts', body);
}
