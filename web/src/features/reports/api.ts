import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { CallDetail } from '../../../../contracts/calls';
import {
  DRILL_FIGURES,
  type DrillFigure,
  IvrReport,
  type IvrReportQuery,
  KpiReport,
  ReportContact,
  ReportContactsPage,
} from '../../../../contracts/reports';
import { Contact, type CreateContactBody } from '../../../../contracts/routing';
import { contractApi, downloadFile, type QueryParams } from '../../app/api-client';
import { centerZoneKey, useCenterTimeZone } from '../../app/lookups';

export { useCenterTimeZone };

/** The figures behind which GET /reports/contacts lists contacts (contracts/reports.ts). */
export const CONTACT_FIGURES = DRILL_FIGURES;
export type ContactFigure = DrillFigure;
export { ReportContact };
export const ReportContactPage = ReportContactsPage;

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
  centerZone: centerZoneKey,
  queues: ['reports', 'queues'] as const,
  kpis: (q: QueryParams) => ['reports', 'kpis', q] as const,
  contacts: (q: QueryParams) => ['reports', 'contacts', q] as const,
  ivrAll: ['reports', 'ivr'] as const,
  ivr: (q: IvrReportQuery) => ['reports', 'ivr', q] as const,
};

/** Reports are history: they change as contacts end, not from second to second. */
const STALE_MS = 30_000;

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

/** Each IVR flow's runs, how they ended and where callers dropped out of the menus (GET /reports/ivr). */
export function useIvrReport(query: IvrReportQuery) {
  return useQuery({
    queryKey: reportKeys.ivr(query),
    queryFn: ({ signal }) => contractApi.get(IvrReport, '/reports/ivr', query, signal),
    placeholderData: keepPreviousData,
    staleTime: STALE_MS,
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
