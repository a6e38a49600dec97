import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import {
  type AutoCheckBody,
  AutoCheckReply,
  AutoCheckRule,
  type AutoCheckRuleInput,
  type CreateScorecardBody,
  DrawResult,
  SamplingPlan,
  type SamplingPlanInput,
  Scorecard,
  type UpdateScorecardBody,
} from '../../../../contracts/quality';
import { contractApi } from '../../app/api-client';

/** The quality settings (qa.manage): scorecards, automatic check rules, sampling plans. */
export const settingsKeys = {
  scorecards: ['quality', 'settings', 'scorecards'] as const,
  rules: ['quality', 'settings', 'rules'] as const,
  plans: ['quality', 'settings', 'plans'] as const,
};

const id = (value: string) => encodeURIComponent(value);

export function useScorecards(enabled = true) {
  return useQuery({
    queryKey: settingsKeys.scorecards,
    queryFn: ({ signal }) => contractApi.get(z.array(Scorecard), '/quality/scorecards', undefined, signal),
    enabled,
  });
}

export const createScorecard = (body: CreateScorecardBody) => contractApi.post(Scorecard, '/quality/scorecards', body);
export const updateScorecard = (scorecardId: string, body: UpdateScorecardBody) =>
  contractApi.patch(Scorecard, `/quality/scorecards/${id(scorecardId)}`, body);
export const publishScorecard = (scorecardId: string) =>
  contractApi.post(Scorecard, `/quality/scorecards/${id(scorecardId)}/publish`);

export const RuleSet = z.object({ version: z.number().int(), rules: z.array(AutoCheckRule) });
export type RuleSet = z.infer<typeof RuleSet>;

export function useRules(enabled = true) {
  return useQuery({
    queryKey: settingsKeys.rules,
    queryFn: ({ signal }) => contractApi.get(RuleSet, '/quality/rules', undefined, signal),
    enabled,
  });
}

export const saveRules = (rules: AutoCheckRuleInput[]) => contractApi.put(RuleSet, '/quality/rules', { rules });
/** A dry run of the phrase rules (the ones given: the unsaved edits) on a sample transcript. */
export const dryRun = (body: Omit<AutoCheckBody, 'rules'> & { rules?: AutoCheckRuleInput[] }) =>
  contractApi.post(AutoCheckReply, '/quality/auto-check', body);

export function usePlans(enabled = true) {
  return useQuery({
    queryKey: settingsKeys.plans,
    queryFn: ({ signal }) => contractApi.get(z.array(SamplingPlan), '/quality/plans', undefined, signal),
    enabled,
  });
}

export const createPlan = (body: SamplingPlanInput) => contractApi.post(SamplingPlan, '/quality/plans', body);
export const updatePlan = (planId: string, body: SamplingPlanInput) =>
  contractApi.put(SamplingPlan, `/quality/plans/${id(planId)}`, body);
export const drawPlan = (planId: string, periodStart?: string) =>
  contractApi.post(DrawResult, `/quality/plans/${id(planId)}/draw`, periodStart ? { periodStart } : {});
