import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import {
  type AddCommentBody,
  Appeal,
  type AppealBody,
  Calibration,
  type CloseCalibrationBody,
  Coaching,
  type CreateCalibrationBody,
  type CreateCoachingBody,
  type CreateExampleBody,
  type DecideAppealBody,
  Evaluation,
  EvaluationDetail,
  EvaluationPage,
  Example,
  FindingsPage,
  GapRow,
  QualityContact,
  QualityReport,
  type SaveEvaluationBody,
  ScorecardVersion,
  TaskPage,
  type UpdateCoachingBody,
} from '../../../../contracts/quality';
import { contractApi, fetchBlob, type QueryParams } from '../../app/api-client';

/**
 * The quality API of the screens an evaluator, an agent, a reviewer and a team lead use; the
 * settings (scorecards, rules, plans) are in settings-api.ts. Every query lives under ['quality'],
 * which the realtime events `quality.*` make stale.
 */
export const qualityKeys = {
  all: ['quality'] as const,
  tasks: (q: QueryParams) => ['quality', 'tasks', q] as const,
  evaluations: (q: QueryParams) => ['quality', 'evaluations', q] as const,
  evaluation: (id: string) => ['quality', 'evaluation', id] as const,
  contact: (id: string) => ['quality', 'contact', id] as const,
  appeals: (status: string) => ['quality', 'appeals', status] as const,
  calibrations: ['quality', 'calibrations'] as const,
  calibration: (id: string) => ['quality', 'calibration', id] as const,
  report: (q: QueryParams) => ['quality', 'report', q] as const,
  gaps: (q: QueryParams) => ['quality', 'gaps', q] as const,
  findings: (q: QueryParams) => ['quality', 'findings', q] as const,
  coaching: (status: string) => ['quality', 'coaching', status] as const,
  examples: ['quality', 'examples'] as const,
};

const id = (value: string) => encodeURIComponent(value);

export function useTasks(q: QueryParams, enabled = true) {
  return useQuery({
    queryKey: qualityKeys.tasks(q),
    queryFn: ({ signal }) => contractApi.get(TaskPage, '/quality/tasks', q, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEvaluations(q: QueryParams, enabled = true) {
  return useQuery({
    queryKey: qualityKeys.evaluations(q),
    queryFn: ({ signal }) => contractApi.get(EvaluationPage, '/quality/evaluations', q, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useEvaluation(evaluationId: string) {
  return useQuery({
    queryKey: qualityKeys.evaluation(evaluationId),
    queryFn: ({ signal }) =>
      contractApi.get(EvaluationDetail, `/quality/evaluations/${id(evaluationId)}`, undefined, signal),
  });
}

export function useQualityContact(contactId: string | undefined) {
  return useQuery({
    queryKey: qualityKeys.contact(contactId ?? ''),
    queryFn: ({ signal }) =>
      contractApi.get(QualityContact, `/quality/contacts/${id(contactId ?? '')}`, undefined, signal),
    enabled: Boolean(contactId),
    staleTime: 60_000,
  });
}

/** The evaluated call's recording (audio/wav), for the waveform player. */
export const fetchRecording = (evaluationId: string, signal?: AbortSignal) =>
  fetchBlob(`/quality/evaluations/${id(evaluationId)}/recording`, signal);

/** A best-practice example's recording (audio/wav): for its audience, audited like every playback. */
export const fetchExampleRecording = (exampleId: string, signal?: AbortSignal) =>
  fetchBlob(`/quality/examples/${id(exampleId)}/recording`, signal);

export const startEvaluation = (body: { contactId: string; taskId?: string }) =>
  contractApi.post(EvaluationDetail, '/quality/evaluations', body);
export const saveEvaluation = (evaluationId: string, body: SaveEvaluationBody) =>
  contractApi.patch(Evaluation, `/quality/evaluations/${id(evaluationId)}`, body);
export const submitEvaluation = (evaluationId: string) =>
  contractApi.post(EvaluationDetail, `/quality/evaluations/${id(evaluationId)}/submit`);
export const addComment = (evaluationId: string, body: Partial<AddCommentBody> & { text: string }) =>
  contractApi.post(EvaluationDetail, `/quality/evaluations/${id(evaluationId)}/comments`, body);
export const acknowledgeEvaluation = (evaluationId: string) =>
  contractApi.post(EvaluationDetail, `/quality/evaluations/${id(evaluationId)}/acknowledge`);
export const appealEvaluation = (evaluationId: string, body: AppealBody) =>
  contractApi.post(EvaluationDetail, `/quality/evaluations/${id(evaluationId)}/appeal`, body);

export const AppealWithEvaluation = Appeal.extend({ evaluation: Evaluation });
export type AppealWithEvaluation = z.infer<typeof AppealWithEvaluation>;

export function useAppeals(status: 'open' | 'decided', enabled = true) {
  return useQuery({
    queryKey: qualityKeys.appeals(status),
    queryFn: ({ signal }) => contractApi.get(z.array(AppealWithEvaluation), '/quality/appeals', { status }, signal),
    enabled,
  });
}

export const decideAppeal = (appealId: string, body: DecideAppealBody) =>
  contractApi.post(EvaluationDetail, `/quality/appeals/${id(appealId)}/decision`, body);

export function useCalibrations(enabled = true) {
  return useQuery({
    queryKey: qualityKeys.calibrations,
    queryFn: ({ signal }) => contractApi.get(z.array(Calibration), '/quality/calibrations', undefined, signal),
    enabled,
  });
}

export function useCalibration(calibrationId: string) {
  return useQuery({
    queryKey: qualityKeys.calibration(calibrationId),
    queryFn: ({ signal }) =>
      contractApi.get(Calibration, `/quality/calibrations/${id(calibrationId)}`, undefined, signal),
  });
}

/** A published scorecard version (never changes): the items a calibration session's answers belong to. */
export function useScorecardVersion(scorecardId: string | undefined, version: number | undefined) {
  return useQuery({
    queryKey: ['quality', 'scorecard-version', scorecardId, version],
    queryFn: ({ signal }) =>
      contractApi.get(
        ScorecardVersion,
        `/quality/scorecards/${id(scorecardId ?? '')}/versions/${version}`,
        undefined,
        signal,
      ),
    enabled: Boolean(scorecardId && version),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export const createCalibration = (body: CreateCalibrationBody) =>
  contractApi.post(Calibration, '/quality/calibrations', body);
export const scoreCalibrationContact = (calibrationId: string, contactId: string) =>
  contractApi.post(EvaluationDetail, `/quality/calibrations/${id(calibrationId)}/evaluations`, { contactId });
export const closeCalibration = (calibrationId: string, body: CloseCalibrationBody) =>
  contractApi.post(Calibration, `/quality/calibrations/${id(calibrationId)}/close`, body);

export function useQualityReport(q: QueryParams) {
  return useQuery({
    queryKey: qualityKeys.report(q),
    queryFn: ({ signal }) => contractApi.get(QualityReport, '/quality/reports', q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useGaps(q: QueryParams) {
  return useQuery({
    queryKey: qualityKeys.gaps(q),
    queryFn: ({ signal }) => contractApi.get(z.array(GapRow), '/quality/gaps', q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useFindings(q: QueryParams) {
  return useQuery({
    queryKey: qualityKeys.findings(q),
    queryFn: ({ signal }) => contractApi.get(FindingsPage, '/quality/findings', q, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCoaching(status: 'open' | 'done' | 'all') {
  return useQuery({
    queryKey: qualityKeys.coaching(status),
    queryFn: ({ signal }) =>
      contractApi.get(z.array(Coaching), '/quality/coaching', status === 'all' ? undefined : { status }, signal),
  });
}

export const createCoaching = (body: CreateCoachingBody) => contractApi.post(Coaching, '/quality/coaching', body);
export const updateCoaching = (coachingId: string, body: UpdateCoachingBody) =>
  contractApi.patch(Coaching, `/quality/coaching/${id(coachingId)}`, body);

export function useExamples() {
  return useQuery({
    queryKey: qualityKeys.examples,
    queryFn: ({ signal }) => contractApi.get(z.array(Example), '/quality/examples', undefined, signal),
  });
}

export const createExample = (body: CreateExampleBody) => contractApi.post(Example, '/quality/examples', body);
export const deleteExample = (exampleId: string) =>
  contractApi.delete(z.undefined(), `/quality/examples/${id(exampleId)}`);

/** Everything quality shows is stale after a change: lists, the evaluation, reports. */
export function useInvalidateQuality(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: qualityKeys.all }), [queryClient]);
}
