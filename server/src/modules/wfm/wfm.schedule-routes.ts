import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import { JobStarted } from '../../../../contracts/jobs';
import {
  AdherenceReport,
  AdherenceReportQuery,
  LiveAdherence,
  LiveAdherenceQuery,
} from '../../../../contracts/wfm-adherence';
import {
  AgentRulesBody,
  CreateScheduleBody,
  CreateShiftRequestBody,
  DecideRequestBody,
  MyShiftsQuery,
  RequestListQuery,
  Schedule,
  ScheduleList,
  ScheduleSummary,
  ShiftList,
  ShiftRequestDetail,
  ShiftRequestList,
  ShiftTemplate,
  ShiftTemplateBody,
  ShiftTemplateList,
  WfmAgent,
  WfmAgentList,
} from '../../../../contracts/wfm-schedules';
import { actorOf, principalOf } from '../../platform/guard';
import type { AdherenceService } from './wfm.adherence';
import type { ShiftRequests } from './wfm.requests';
import type { ScheduleSetup } from './wfm.schedule-setup';
import type { Schedules } from './wfm.schedules';

const plan = { config: { permission: 'wfm.plan' as const } };
const own = { config: { permission: 'wfm.own' as const } };
const approve = { config: { permission: 'wfm.approve' as const } };

/** Days a shift list may span (a month and a bit): keeps the answer small. */
const MAX_SPAN_DAYS = 42;
const ShiftRange = MyShiftsQuery.refine((q) => q.to >= q.from, {
  message: 'to must not be before from',
  path: ['to'],
}).refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_SPAN_DAYS * 86_400_000, {
  message: `at most ${MAX_SPAN_DAYS} days`,
  path: ['to'],
});

/** Schedules (排班表; contracts/wfm-schedules.ts): templates, agents' rules, runs, publishing, shifts, requests. */
export function registerScheduleRoutes(
  app: FastifyInstance,
  deps: {
    setup: ScheduleSetup;
    schedules: Schedules;
    requests: ShiftRequests;
    adherence: AdherenceService;
    /** The centre's time zone: shift lists name it, so agents' screens show the centre's days. */
    timezone: string;
  },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['wfm'];
  const { setup, schedules, requests, timezone } = deps;

  // ---- templates and agents' rules ----
  r.get(
    '/api/v1/wfm/shift-templates',
    { ...plan, schema: { tags, summary: 'Shift templates', response: { 200: ShiftTemplateList } } },
    async () => ({ items: await setup.listTemplates() }),
  );
  r.post(
    '/api/v1/wfm/shift-templates',
    {
      ...plan,
      schema: { tags, summary: 'Create a shift template', body: ShiftTemplateBody, response: { 201: ShiftTemplate } },
    },
    async (req, reply) => reply.status(201).send(await setup.createTemplate(req.body, actorOf(req))),
  );
  r.put(
    '/api/v1/wfm/shift-templates/:id',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Change a shift template (whole; inactive ones are not offered to new runs)',
        params: IdParams,
        body: ShiftTemplateBody,
        response: { 200: ShiftTemplate },
      },
    },
    async (req) => setup.updateTemplate(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/wfm/agents',
    {
      ...plan,
      schema: { tags, summary: "The ACD's agents with their scheduling rules", response: { 200: WfmAgentList } },
    },
    async () => ({ items: await setup.agents() }),
  );
  r.put(
    '/api/v1/wfm/agents/:id/rules',
    {
      ...plan,
      schema: {
        tags,
        summary: "Set an agent's scheduling rules",
        params: IdParams,
        body: AgentRulesBody,
        response: { 200: WfmAgent },
      },
    },
    async (req) => setup.putAgentRules(req.params.id, req.body, actorOf(req)),
  );

  // ---- schedules ----
  r.post(
    '/api/v1/wfm/schedules',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Run the scheduler (a job: follow GET /api/v1/jobs/:id; its result names the schedule)',
        body: CreateScheduleBody,
        response: { 202: JobStarted },
      },
    },
    async (req, reply) => reply.status(202).send(await schedules.start(req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/wfm/schedules',
    { ...plan, schema: { tags, summary: 'Schedules, newest first', response: { 200: ScheduleList } } },
    async () => ({ items: await schedules.list() }),
  );
  r.get(
    '/api/v1/wfm/schedules/:id',
    {
      ...plan,
      schema: {
        tags,
        summary: 'A schedule with its shifts and coverage',
        params: IdParams,
        response: { 200: Schedule },
      },
    },
    async (req) => schedules.get(req.params.id),
  );
  r.post(
    '/api/v1/wfm/schedules/:id/publish',
    {
      ...plan,
      schema: {
        tags,
        summary: 'Publish a draft: agents see their shifts; it replaces earlier publications of its days',
        params: IdParams,
        response: { 200: ScheduleSummary },
      },
    },
    async (req) => schedules.publish(req.params.id, actorOf(req)),
  );
  r.post(
    '/api/v1/wfm/schedules/:id/discard',
    {
      ...plan,
      schema: { tags, summary: 'Discard a draft', params: IdParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await schedules.discard(req.params.id, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  // ---- an agent's own shifts, and their team's ----
  r.get(
    '/api/v1/wfm/my-shifts',
    {
      ...own,
      schema: {
        tags,
        summary: "The caller's published shifts on the local days [from, to]",
        querystring: ShiftRange,
        response: { 200: ShiftList },
      },
    },
    async (req) => ({
      items: await schedules.publishedShifts({ ...req.query, agentIds: [principalOf(req).userId] }),
      timezone,
    }),
  );
  r.get(
    '/api/v1/wfm/team-shifts',
    {
      ...own,
      schema: {
        tags,
        summary: "The caller's team's published shifts on the local days [from, to] (to choose a swap)",
        querystring: ShiftRange,
        response: { 200: ShiftList },
      },
    },
    async (req) => ({ items: await schedules.teamShifts(principalOf(req).userId, req.query), timezone }),
  );

  // ---- requests ----
  r.post(
    '/api/v1/wfm/requests',
    {
      ...own,
      schema: {
        tags,
        summary: 'Ask for leave (请假) on one of one’s shifts, or to swap it with a colleague’s (换班)',
        body: CreateShiftRequestBody,
        response: { 201: ShiftRequestDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await requests.create(req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/wfm/requests',
    {
      ...own,
      schema: {
        tags,
        summary: "The caller's requests and the swaps waiting for their consent",
        querystring: RequestListQuery,
        response: { 200: ShiftRequestList },
      },
    },
    async (req) => ({ items: await requests.mine(req.query, actorOf(req)), timezone }),
  );
  r.get(
    '/api/v1/wfm/requests/inbox',
    {
      ...approve,
      schema: {
        tags,
        summary: 'Requests of the teams one leads (everyone’s for planners and supervisors)',
        querystring: RequestListQuery,
        response: { 200: ShiftRequestList },
      },
    },
    async (req) => ({ items: await requests.inbox(req.query, actorOf(req)), timezone }),
  );
  r.get(
    '/api/v1/wfm/requests/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags,
        summary: 'A request with its coverage effect and the rules it would break (its people and approvers)',
        params: IdParams,
        response: { 200: ShiftRequestDetail },
      },
    },
    async (req) => requests.get(req.params.id, actorOf(req)),
  );
  for (const [verb, summary, run] of [
    [
      'accept',
      'Agree to a colleague’s swap',
      (id: string, a: ReturnType<typeof actorOf>) => requests.answer(id, true, a),
    ],
    [
      'decline',
      'Refuse a colleague’s swap',
      (id: string, a: ReturnType<typeof actorOf>) => requests.answer(id, false, a),
    ],
    ['cancel', 'Withdraw one’s request', (id: string, a: ReturnType<typeof actorOf>) => requests.cancel(id, a)],
  ] as const) {
    r.post(
      `/api/v1/wfm/requests/:id/${verb}`,
      { ...own, schema: { tags, summary, params: IdParams, response: { 200: ShiftRequestDetail } } },
      async (req) => run(req.params.id, actorOf(req)),
    );
  }
  for (const [verb, ok] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    r.post(
      `/api/v1/wfm/requests/:id/${verb}`,
      {
        ...approve,
        schema: {
          tags,
          summary: ok ? 'Approve a request (applies it)' : 'Reject a request',
          params: IdParams,
          body: DecideRequestBody,
          response: { 200: ShiftRequestDetail },
        },
      },
      async (req) => requests.decide(req.params.id, ok, req.body.note, actorOf(req)),
    );
  }

  // ---- adherence ----
  r.get(
    '/api/v1/wfm/adherence/live',
    {
      ...approve,
      schema: {
        tags,
        summary: "Each scheduled or signed-in agent's state against their schedule now (one's teams; planners: all)",
        querystring: LiveAdherenceQuery,
        response: { 200: LiveAdherence },
      },
    },
    async (req) => deps.adherence.live(req.query, actorOf(req)),
  );
  r.get(
    '/api/v1/wfm/adherence/report',
    {
      ...approve,
      schema: {
        tags,
        summary: 'Adherence and conformance per agent and team over local days [from, to]',
        querystring: AdherenceReportQuery,
        response: { 200: AdherenceReport },
      },
    },
    async (req) => deps.adherence.report(req.query, actorOf(req)),
  );
}
