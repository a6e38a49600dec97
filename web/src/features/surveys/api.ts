import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { z } from 'zod';
import {
  type CreateSurveyTemplateBody,
  type PublicAnswerBody,
  PublicSurvey,
  QueueTemplate,
  SurveyAnswerPage,
  SurveyTemplate,
  type UpdateSurveyTemplateBody,
} from '../../../../contracts/surveys';
import { contractApi, type QueryParams } from '../../app/api-client';

export const surveyKeys = {
  all: ['surveys'] as const,
  answers: (q: QueryParams) => ['surveys', 'answers', q] as const,
  templates: ['surveys', 'templates'] as const,
  queues: ['surveys', 'queues'] as const,
  public: (token: string) => ['surveys', 'public', token] as const,
};

export function useSurveyAnswers(q: QueryParams) {
  return useQuery({
    queryKey: surveyKeys.answers(q),
    queryFn: ({ signal }) => contractApi.get(SurveyAnswerPage, '/surveys/answers', q, signal),
    placeholderData: (previous) => previous,
  });
}

export function useSurveyTemplates() {
  return useQuery({
    queryKey: surveyKeys.templates,
    queryFn: ({ signal }) => contractApi.get(z.array(SurveyTemplate), '/surveys/templates', undefined, signal),
  });
}

export const createTemplate = (body: CreateSurveyTemplateBody) =>
  contractApi.post(SurveyTemplate, '/surveys/templates', body);
export const updateTemplate = (id: string, body: UpdateSurveyTemplateBody) =>
  contractApi.patch(SurveyTemplate, `/surveys/templates/${encodeURIComponent(id)}`, body);
export const setQueueTemplate = (queueId: string, templateId: string | null) =>
  contractApi.put(QueueTemplate, `/surveys/queues/${encodeURIComponent(queueId)}`, { templateId });

export function useInvalidateSurveys(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: surveyKeys.all }), [queryClient]);
}

// The public page: no session (these routes are public; a failure never speaks about a session).
export const fetchPublicSurvey = (token: string, signal?: AbortSignal) =>
  contractApi.get(PublicSurvey, `/public/surveys/${encodeURIComponent(token)}`, undefined, signal);
export const answerPublicSurvey = (token: string, body: PublicAnswerBody) =>
  contractApi.post(z.object({ answered: z.literal(true) }), `/public/surveys/${encodeURIComponent(token)}`, body);
