import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  AdjustForecastBody,
  CreateForecastBody,
  Forecast,
  ForecastComparison,
  ForecastSummary,
  HistoryQuery,
  Intraday,
  IntradayQuery,
  QueueHistory,
  Requirements,
  RequirementsBody,
} from '../../../../contracts/wfm';
import {
  ErlangARequest,
  ErlangAResponse,
  ErlangCRequest,
  ErlangCResponse,
  ErlangEvaluateARequest,
  ErlangEvaluateAResponse,
  ErlangEvaluateCRequest,
  ErlangEvaluateCResponse,
} from '../../../../contracts/wfm-erlang';
import { AppError } from '../../platform/errors';
import { actorOf } from '../../platform/guard';
import {
  type EvaluationOutcome,
  evaluateErlangA,
  evaluateErlangC,
  type StaffingOutcome,
  staffErlangA,
  staffErlangC,
} from './domain/erlang';
import type { Forecasts } from './wfm.forecasts';
import type { QueueHistories } from './wfm.history';
import type { IntradayService } from './wfm.intraday';
import type { Staffing } from './wfm.staffing';

const plan = { config: { permission: 'wfm.plan' as const } };

function staffed<R>(o: StaffingOutcome<R>): R {
  if (o.kind === 'staffed') return o.staffing;
  throw new AppError('WFM.TARGET_UNREACHABLE', 'No staffing meets these targets', { ...o.unreachable });
}
function evaluated<R>(o: EvaluationOutcome<R>): R {
  if (o.kind === 'evaluated') return o.evaluation;
  throw new AppError('WFM.OVERLOADED', 'Agents must exceed the traffic in Erlangs', { ...o.overloaded });
}

export function registerWfmRoutes(
  app: FastifyInstance,
  deps: { forecasts: Forecasts; staffing: Staffing; histories: QueueHistories; intraday: IntradayService },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['wfm'];

  // ---- Erlang calculators (stateless) ----
  r.post(
    '/api/v1/wfm/erlang-c',
    {
      ...plan,
      schema: { tags, summary: 'Agents needed by Erlang C', body: ErlangCRequest, response: { 200: ErlangCResponse } },
    },
    async (req) => staffed(staffErlangC(req.body)),
  );
  r.post(
    '/api/v1/wfm/erlang-a',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Agents needed by Erlang A (callers abandon)',
        body: ErlangARequest,
        response: { 200: ErlangAResponse },
      },
    },
    async (req) => staffed(staffErlangA(req.body)),
  );
  r.post(
    '/api/v1/wfm/erlang-c/evaluate',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Erlang C metrics of a staffing',
        body: ErlangEvaluateCRequest,
        response: { 200: ErlangEvaluateCResponse },
      },
    },
    async (req) => evaluated(evaluateErlangC(req.body)),
  );
  r.post(
    '/api/v1/wfm/erlang-a/evaluate',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Erlang A metrics of a staffing',
        body: ErlangEvaluateARequest,
        response: { 200: ErlangEvaluateAResponse },
      },
    },
    async (req) => evaluated(evaluateErlangA(req.body)),
  );

  // ---- History, forecasts, requirements ----
  r.get(
    '/api/v1/wfm/history',
    {
      ...plan,
      schema: {
        tags,
        summary: "A queue's contacts by local day and interval",
        querystring: HistoryQuery,
        response: { 200: QueueHistory },
      },
    },
    async (req) => deps.histories.queue(req.query),
  );
  r.get(
    '/api/v1/wfm/forecasts',
    {
      ...plan,
      schema: { tags, summary: 'Forecasts (the newest version of each)', response: { 200: z.array(ForecastSummary) } },
    },
    async () => deps.forecasts.list(),
  );
  r.post(
    '/api/v1/wfm/forecasts',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Forecast queues from their history',
        body: CreateForecastBody,
        response: { 201: Forecast },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.forecasts.create(req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/wfm/forecasts/:id',
    { ...plan, schema: { tags, summary: 'One forecast version', params: IdParams, response: { 200: Forecast } } },
    async (req) => deps.forecasts.get(req.params.id),
  );
  r.get(
    '/api/v1/wfm/forecasts/:id/versions',
    {
      ...plan,
      schema: {
        tags,
        summary: "The forecast's versions, newest first",
        params: IdParams,
        response: { 200: z.array(ForecastSummary) },
      },
    },
    async (req) => deps.forecasts.versions(req.params.id),
  );
  r.post(
    '/api/v1/wfm/forecasts/:id/versions',
    {
      ...plan,
      schema: {
        tags,
        summary: "Save the planner's adjustments as the next version",
        params: IdParams,
        body: AdjustForecastBody,
        response: { 201: Forecast },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.forecasts.adjust(req.params.id, req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/wfm/forecasts/:id/comparison',
    {
      ...plan,
      schema: {
        tags,
        summary: 'The forecast against what happened',
        params: IdParams,
        response: { 200: ForecastComparison },
      },
    },
    async (req) => deps.forecasts.compare(req.params.id),
  );
  r.post(
    '/api/v1/wfm/requirements',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Agents needed per interval for a forecast (what-if factors)',
        body: RequirementsBody,
        response: { 200: Requirements },
      },
    },
    async (req) => deps.staffing.requirements(req.body),
  );
  r.get(
    '/api/v1/wfm/intraday',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Today against its forecast, the rest re-forecast, and suggestions',
        querystring: IntradayQuery,
        response: { 200: Intraday },
      },
    },
    async (req) => deps.intraday.day(req.query),
  );
}
