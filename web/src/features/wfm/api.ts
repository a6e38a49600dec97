import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type AdjustForecastBody,
  type CreateForecastBody,
  Forecast,
  ForecastComparison,
  ForecastSummary,
  Intraday,
  QueueHistory,
  Requirements,
  type RequirementsBody,
} from '../../../../contracts/wfm';
import {
  type ErlangARequestInput,
  ErlangAResponse,
  type ErlangCRequestInput,
  ErlangCResponse,
  type ErlangEvaluateARequestInput,
  ErlangEvaluateAResponse,
  type ErlangEvaluateCRequestInput,
  ErlangEvaluateCResponse,
} from '../../../../contracts/wfm-erlang';
import { contractApi } from '../../app/api-client';

/** Every WFM query lives under ['wfm']; a new forecast version makes the lists stale. */
export const wfmKeys = {
  all: ['wfm'] as const,
  forecasts: ['wfm', 'forecasts'] as const,
  forecast: (id: string) => ['wfm', 'forecast', id] as const,
  versions: (id: string) => ['wfm', 'forecast', id, 'versions'] as const,
  comparison: (id: string) => ['wfm', 'forecast', id, 'comparison'] as const,
  history: (queueId: string, from: string, to: string, intervalMinutes: number) =>
    ['wfm', 'history', queueId, from, to, intervalMinutes] as const,
  requirements: (body: RequirementsBody) => ['wfm', 'requirements', body] as const,
  intraday: (query: IntradayParams) => ['wfm', 'intraday', query] as const,
};

const id = (value: string) => encodeURIComponent(value);

/** `live`: asked on every mount and every minute (intraday: a forecast made elsewhere for today appears). */
export function useForecasts(options: { live?: boolean } = {}) {
  return useQuery({
    queryKey: wfmKeys.forecasts,
    queryFn: ({ signal }) => contractApi.get(z.array(ForecastSummary), '/wfm/forecasts', undefined, signal),
    ...(options.live ? { refetchOnMount: 'always' as const, refetchInterval: 60_000 } : {}),
  });
}

export function useForecast(forecastId: string | undefined) {
  return useQuery({
    queryKey: wfmKeys.forecast(forecastId ?? ''),
    queryFn: ({ signal }) => contractApi.get(Forecast, `/wfm/forecasts/${id(forecastId ?? '')}`, undefined, signal),
    enabled: Boolean(forecastId),
    // A version never changes: adjustments make a new one.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useForecastVersions(forecastId: string) {
  return useQuery({
    queryKey: wfmKeys.versions(forecastId),
    queryFn: ({ signal }) =>
      contractApi.get(z.array(ForecastSummary), `/wfm/forecasts/${id(forecastId)}/versions`, undefined, signal),
  });
}

/** The forecast against what happened; only asked for once its first day has begun. */
export function useForecastComparison(forecastId: string, enabled: boolean) {
  return useQuery({
    queryKey: wfmKeys.comparison(forecastId),
    queryFn: ({ signal }) =>
      contractApi.get(ForecastComparison, `/wfm/forecasts/${id(forecastId)}/comparison`, undefined, signal),
    enabled,
  });
}

/** A queue's contacts per local day and interval, `to` exclusive; disabled for an empty range. */
export function useQueueHistory(queueId: string, from: string, to: string, intervalMinutes: number) {
  return useQuery({
    queryKey: wfmKeys.history(queueId, from, to, intervalMinutes),
    queryFn: ({ signal }) =>
      contractApi.get(QueueHistory, '/wfm/history', { queueId, from, to, intervalMinutes }, signal),
    enabled: from < to,
    staleTime: 60_000,
  });
}

export function useCreateForecast() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateForecastBody) => contractApi.post(Forecast, '/wfm/forecasts', body),
    onSuccess: (created) => {
      client.setQueryData(wfmKeys.forecast(created.id), created);
      void client.invalidateQueries({ queryKey: wfmKeys.forecasts });
    },
  });
}

/** Saves the planner's adjustments (the whole list) as the forecast's next version. */
export function useAdjustForecast(forecastId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof AdjustForecastBody>) =>
      contractApi.post(Forecast, `/wfm/forecasts/${id(forecastId)}/versions`, body),
    onSuccess: (created) => {
      client.setQueryData(wfmKeys.forecast(created.id), created);
      void client.invalidateQueries({ queryKey: wfmKeys.forecasts });
      void client.invalidateQueries({ queryKey: ['wfm', 'forecast'] });
    },
  });
}

/** Agents per interval for a forecast; the what-if answers keep the last chart on screen while they load. */
export function useRequirements(body: RequirementsBody | undefined) {
  return useQuery({
    queryKey: wfmKeys.requirements(body ?? { forecastId: '' }),
    // A query, though a POST: the body is the question and nothing is written.
    queryFn: () => contractApi.post(Requirements, '/wfm/requirements', body),
    enabled: body !== undefined,
    placeholderData: keepPreviousData,
  });
}

/** The intraday question (IntradayQuery) as the screen sends it: today, shares and seconds. */
export type IntradayParams = {
  forecastId: string;
  targetServiceLevel: number;
  targetAnswerSeconds: number;
  shrinkage: number;
  maxOccupancy: number;
};

/** Today against its forecast; asked again every minute while the tab is open (the day moves on). */
export function useIntraday(query: IntradayParams | undefined) {
  return useQuery({
    queryKey: wfmKeys.intraday(
      query ?? { forecastId: '', targetServiceLevel: 0, targetAnswerSeconds: 0, shrinkage: 0, maxOccupancy: 0 },
    ),
    queryFn: ({ signal }) => contractApi.get(Intraday, '/wfm/intraday', query, signal),
    enabled: query !== undefined,
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

export const erlangApi = {
  staffC: (body: ErlangCRequestInput) => contractApi.post(ErlangCResponse, '/wfm/erlang-c', body),
  staffA: (body: ErlangARequestInput) => contractApi.post(ErlangAResponse, '/wfm/erlang-a', body),
  evaluateC: (body: ErlangEvaluateCRequestInput) =>
    contractApi.post(ErlangEvaluateCResponse, '/wfm/erlang-c/evaluate', body),
  evaluateA: (body: ErlangEvaluateARequestInput) =>
    contractApi.post(ErlangEvaluateAResponse, '/wfm/erlang-a/evaluate', body),
};
