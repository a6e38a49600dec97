import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { Job, JobStarted } from '../../../../contracts/jobs';
import {
  type AgentRulesBody,
  type CreateScheduleBody,
  Schedule,
  ScheduleList,
  ScheduleSummary,
  ShiftTemplate,
  type ShiftTemplateBody,
  ShiftTemplateList,
  WfmAgent,
  WfmAgentList,
} from '../../../../contracts/wfm-schedules';
import { contractApi } from '../../app/api-client';

/** The schedules' queries live under ['wfm', …] too, so anything that stales all WFM data stales them. */
export const scheduleKeys = {
  schedules: ['wfm', 'schedules'] as const,
  schedule: (id: string) => ['wfm', 'schedules', id] as const,
  templates: ['wfm', 'shift-templates'] as const,
  agents: ['wfm', 'agents'] as const,
  job: (id: string) => ['jobs', id] as const,
};

const id = (value: string) => encodeURIComponent(value);

export function useSchedules() {
  return useQuery({
    queryKey: scheduleKeys.schedules,
    queryFn: ({ signal }) => contractApi.get(ScheduleList, '/wfm/schedules', undefined, signal).then((r) => r.items),
  });
}

export function useSchedule(scheduleId: string) {
  return useQuery({
    queryKey: scheduleKeys.schedule(scheduleId),
    queryFn: ({ signal }) => contractApi.get(Schedule, `/wfm/schedules/${id(scheduleId)}`, undefined, signal),
  });
}

/** Starts a schedule run: the answer names the job that solves it. */
export function useStartSchedule() {
  return useMutation({
    mutationFn: (body: CreateScheduleBody) => contractApi.post(JobStarted, '/wfm/schedules', body),
  });
}

const finished = (job: Job | undefined) => job?.state === 'done' || job?.state === 'failed';

/** A job, asked every second until it has ended. */
export function useJob(jobId: string | undefined) {
  return useQuery({
    queryKey: scheduleKeys.job(jobId ?? ''),
    queryFn: ({ signal }) => contractApi.get(Job, `/jobs/${id(jobId ?? '')}`, undefined, signal),
    enabled: Boolean(jobId),
    refetchInterval: (q) => (finished(q.state.data) ? false : 1000),
  });
}

/** Publish or discard a draft; the list and the schedule are asked again. */
export function useScheduleAction(scheduleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: 'publish' | 'discard') =>
      action === 'publish'
        ? contractApi.post(ScheduleSummary, `/wfm/schedules/${id(scheduleId)}/publish`)
        : contractApi.post(z.null(), `/wfm/schedules/${id(scheduleId)}/discard`),
    onSuccess: () => void client.invalidateQueries({ queryKey: scheduleKeys.schedules }),
  });
}

export function useShiftTemplates() {
  return useQuery({
    queryKey: scheduleKeys.templates,
    queryFn: ({ signal }) =>
      contractApi.get(ShiftTemplateList, '/wfm/shift-templates', undefined, signal).then((r) => r.items),
  });
}

/** Creates a template (no id) or replaces one whole. */
export function useSaveShiftTemplate(templateId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ShiftTemplateBody) =>
      templateId
        ? contractApi.put(ShiftTemplate, `/wfm/shift-templates/${id(templateId)}`, body)
        : contractApi.post(ShiftTemplate, '/wfm/shift-templates', body),
    onSuccess: () => void client.invalidateQueries({ queryKey: scheduleKeys.templates }),
  });
}

export function useWfmAgents() {
  return useQuery({
    queryKey: scheduleKeys.agents,
    queryFn: ({ signal }) => contractApi.get(WfmAgentList, '/wfm/agents', undefined, signal).then((r) => r.items),
  });
}

export function useSaveAgentRules(agentId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AgentRulesBody) => contractApi.put(WfmAgent, `/wfm/agents/${id(agentId)}/rules`, body),
    onSuccess: () => void client.invalidateQueries({ queryKey: scheduleKeys.agents }),
  });
}
