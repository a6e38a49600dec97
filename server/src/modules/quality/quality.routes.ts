import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import type { Permission } from '../../../../contracts/permissions';
import {
  AddCommentBody,
  Appeal,
  AppealBody,
  AssignTaskBody,
  AutoCheckBody,
  AutoCheckReply,
  AutoCheckRule,
  AutoCheckRules,
  Calibration,
  CloseCalibrationBody,
  Coaching,
  CreateCalibrationBody,
  CreateCoachingBody,
  CreateExampleBody,
  CreateScorecardBody,
  DecideAppealBody,
  DrawBody,
  DrawResult,
  Evaluation,
  EvaluationDetail,
  EvaluationPage,
  Example,
  FindingsPage,
  FindingsQuery,
  GapRow,
  ListEvaluationsQuery,
  ListTasksQuery,
  QualityContact,
  QualityReport,
  QualityReportQuery,
  SamplingPlan,
  SamplingPlanBody,
  SaveEvaluationBody,
  Scorecard,
  ScorecardVersion,
  StartEvaluationBody,
  Task,
  TaskPage,
  UpdateCoachingBody,
  UpdateScorecardBody,
} from '../../../../contracts/quality';
import { AppError } from '../../platform/errors';
import { actorOf } from '../../platform/guard';
import type { RecordingsService } from '../telephony';
import type { AutoChecks } from './quality.autocheck';
import type { Calibrations } from './quality.calibration';
import type { CoachingService } from './quality.coaching';
import type { Evaluations } from './quality.evaluations';
import type { QualityReports } from './quality.reports';
import type { Sampling } from './quality.sampling';
import type { Scorecards } from './quality.scorecards';

/** Anyone with a part in quality: the evaluation routes narrow it to what each may see. */
export const ANY_QUALITY: readonly [Permission, ...Permission[]] = [
  'qa.own',
  'qa.team',
  'qa.view',
  'qa.evaluate',
  'qa.review',
  'qa.manage',
];
const STAFF: readonly [Permission, ...Permission[]] = ['qa.view', 'qa.evaluate', 'qa.review', 'qa.manage'];

const RuleSet = z.object({ version: z.number().int(), rules: z.array(AutoCheckRule) });

export function registerQualityRoutes(
  app: FastifyInstance,
  deps: {
    scorecards: Scorecards;
    evaluations: Evaluations;
    autoChecks: AutoChecks;
    sampling: Sampling;
    reports: QualityReports;
    calibrations: Calibrations;
    coaching: CoachingService;
    recordings: RecordingsService;
    contactView(contactId: string, actor: ReturnType<typeof actorOf>): Promise<QualityContact>;
  },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['quality'];

  // Scorecards -------------------------------------------------------------------------------------
  r.get(
    '/api/v1/quality/scorecards',
    {
      config: { permission: STAFF },
      schema: {
        tags,
        summary: 'Scorecards (评分表) with their published content',
        response: { 200: z.array(Scorecard) },
      },
    },
    async () => deps.scorecards.list(),
  );
  r.get(
    '/api/v1/quality/scorecards/:id',
    {
      config: { permission: STAFF },
      schema: { tags, summary: 'One scorecard', params: IdParams, response: { 200: Scorecard } },
    },
    async (req) => deps.scorecards.get(req.params.id),
  );
  r.get(
    '/api/v1/quality/scorecards/:id/versions/:version',
    {
      config: { permission: STAFF },
      schema: {
        tags,
        summary: 'A published version of a scorecard (never changes)',
        params: z.object({ id: z.uuid(), version: z.coerce.number().int().min(1).max(100_000) }),
        response: { 200: ScorecardVersion },
      },
    },
    async (req) => deps.scorecards.version(req.params.id, req.params.version),
  );
  r.post(
    '/api/v1/quality/scorecards',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Create a scorecard (a draft until published)',
        body: CreateScorecardBody,
        response: { 201: Scorecard },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.scorecards.create(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/quality/scorecards/:id',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Rename, map to queues, archive, or save new content as the draft',
        params: IdParams,
        body: UpdateScorecardBody,
        response: { 200: Scorecard },
      },
    },
    async (req) => deps.scorecards.update(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/scorecards/:id/publish',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Publish the draft as the next version',
        params: IdParams,
        response: { 200: Scorecard },
      },
    },
    async (req) => deps.scorecards.publish(req.params.id, actorOf(req)),
  );

  // Automatic checks ------------------------------------------------------------------------------
  r.get(
    '/api/v1/quality/rules',
    {
      config: { permission: STAFF },
      schema: { tags, summary: 'The active automatic check rules (自动质检规则)', response: { 200: RuleSet } },
    },
    async () => deps.autoChecks.activeRules(),
  );
  r.put(
    '/api/v1/quality/rules',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Save the rules as a new version (they apply to contacts checked from now on)',
        body: z.object({ rules: AutoCheckRules }),
        response: { 200: RuleSet },
      },
    },
    async (req) => deps.autoChecks.saveRules(req.body.rules, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/auto-check',
    {
      config: { permission: ['qa.manage', 'qa.evaluate'] },
      schema: {
        tags,
        summary: 'Dry run of the phrase rules (or the rules given) on a sample transcript',
        body: AutoCheckBody,
        response: { 200: AutoCheckReply },
      },
    },
    async (req) => ({ findings: await deps.autoChecks.dryRun(req.body) }),
  );
  r.get(
    '/api/v1/quality/contacts/:id',
    {
      config: { permission: ANY_QUALITY },
      schema: {
        tags,
        summary: 'A handled contact with its automatic check findings',
        params: IdParams,
        response: { 200: QualityContact },
      },
    },
    async (req) => deps.contactView(req.params.id, actorOf(req)),
  );

  // Evaluations -----------------------------------------------------------------------------------
  r.post(
    '/api/v1/quality/evaluations',
    {
      config: { permission: 'qa.evaluate' },
      schema: {
        tags,
        summary: 'Start evaluating a contact (a draft; starting again returns your draft)',
        body: StartEvaluationBody,
        response: { 201: EvaluationDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.evaluations.start(req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/quality/evaluations',
    {
      config: { permission: ANY_QUALITY },
      schema: {
        tags,
        summary: 'Evaluations you may see (agents: their own; team leads: their teams’; QA: all)',
        querystring: ListEvaluationsQuery,
        response: { 200: EvaluationPage },
      },
    },
    async (req) => deps.evaluations.list(req.query, actorOf(req)),
  );
  r.get(
    '/api/v1/quality/evaluations/:id',
    {
      config: { permission: ANY_QUALITY },
      schema: {
        tags,
        summary: 'One evaluation with its scorecard, comments, history and appeals',
        params: IdParams,
        response: { 200: EvaluationDetail },
      },
    },
    async (req) => deps.evaluations.get(req.params.id, actorOf(req)),
  );
  r.patch(
    '/api/v1/quality/evaluations/:id',
    {
      config: { permission: 'qa.evaluate' },
      schema: {
        tags,
        summary: 'Auto-save a draft (answers may be partial)',
        params: IdParams,
        body: SaveEvaluationBody,
        response: { 200: Evaluation },
      },
    },
    async (req) => deps.evaluations.save(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/evaluations/:id/comments',
    {
      config: { permission: ['qa.evaluate', 'qa.review', 'qa.manage'] },
      schema: {
        tags,
        summary: 'A comment at a moment of the recording (atMs) or on an item',
        params: IdParams,
        body: AddCommentBody,
        response: { 200: EvaluationDetail },
      },
    },
    async (req) => deps.evaluations.comment(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/evaluations/:id/submit',
    {
      config: { permission: 'qa.evaluate' },
      schema: {
        tags,
        summary: 'Submit: every item answered; the agent is told',
        params: IdParams,
        response: { 200: EvaluationDetail },
      },
    },
    async (req) => deps.evaluations.submit(req.params.id, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/evaluations/:id/acknowledge',
    {
      config: { permission: 'qa.own' },
      schema: {
        tags,
        summary: 'The agent confirms the evaluation (确认)',
        params: IdParams,
        response: { 200: EvaluationDetail },
      },
    },
    async (req) => deps.evaluations.acknowledge(req.params.id, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/evaluations/:id/appeal',
    {
      config: { permission: 'qa.own' },
      schema: {
        tags,
        summary: 'The agent appeals (申诉) within the appeal window, with a reason',
        params: IdParams,
        body: AppealBody,
        response: { 200: EvaluationDetail },
      },
    },
    async (req) => deps.evaluations.appeal(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/quality/evaluations/:id/recording',
    {
      config: { permission: ANY_QUALITY },
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'The evaluated call’s recording (audio/wav) for those who may see the evaluation; audited',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const detail = await deps.evaluations.get(req.params.id, actor);
      const id = detail.contact?.recordingId;
      if (!id) throw new AppError('RECORDINGS.NOT_FOUND', 'The evaluated contact has no recording');
      const { stream, bytes } = await deps.recordings.play(id, actor, { evaluationId: detail.id });
      return reply
        .header('content-type', 'audio/wav')
        .header('content-length', bytes)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );

  // Appeals ---------------------------------------------------------------------------------------
  const AppealWithEvaluation = Appeal.extend({ evaluation: Evaluation });
  r.get(
    '/api/v1/quality/appeals',
    {
      config: { permission: ['qa.review', 'qa.manage', 'qa.view', 'qa.team'] },
      schema: {
        tags,
        summary: 'Appeals, open ones for reviewers',
        querystring: z.object({ status: z.enum(['open', 'decided']).optional() }),
        response: { 200: z.array(AppealWithEvaluation) },
      },
    },
    async (req) => deps.evaluations.listAppeals(req.query.status, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/appeals/:id/decision',
    {
      config: { permission: 'qa.review' },
      schema: {
        tags,
        summary: 'Decide an appeal: uphold, or change answers (a second reviewer, not the evaluator)',
        params: IdParams,
        body: DecideAppealBody,
        response: { 200: EvaluationDetail },
      },
    },
    async (req) => deps.evaluations.decide(req.params.id, req.body, actorOf(req)),
  );

  // Sampling and work lists ----------------------------------------------------------------------
  r.get(
    '/api/v1/quality/plans',
    {
      config: { permission: ['qa.manage', 'qa.evaluate'] },
      schema: { tags, summary: 'Sampling plans (抽样计划)', response: { 200: z.array(SamplingPlan) } },
    },
    async () => deps.sampling.listPlans(),
  );
  r.post(
    '/api/v1/quality/plans',
    {
      config: { permission: 'qa.manage' },
      schema: { tags, summary: 'Create a sampling plan', body: SamplingPlanBody, response: { 201: SamplingPlan } },
    },
    async (req, reply) => reply.status(201).send(await deps.sampling.createPlan(req.body, actorOf(req))),
  );
  r.put(
    '/api/v1/quality/plans/:id',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Change a sampling plan',
        params: IdParams,
        body: SamplingPlanBody,
        response: { 200: SamplingPlan },
      },
    },
    async (req) => deps.sampling.updatePlan(req.params.id, req.body, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/plans/:id/draw',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Draw a period now (default the last complete one); drawing it again changes nothing',
        params: IdParams,
        body: DrawBody,
        response: { 200: DrawResult },
      },
    },
    async (req) => deps.sampling.draw(req.params.id, req.body.periodStart, actorOf(req)),
  );
  r.get(
    '/api/v1/quality/tasks',
    {
      config: { permission: ['qa.evaluate', 'qa.manage'] },
      schema: {
        tags,
        summary: 'A work list: contacts to evaluate with why each was chosen and when it is due',
        querystring: ListTasksQuery,
        response: { 200: TaskPage },
      },
    },
    async (req) => deps.sampling.listTasks(req.query, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/tasks',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Put a contact on an evaluator’s work list by hand',
        body: AssignTaskBody,
        response: { 201: Task },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.sampling.assign(req.body, actorOf(req))),
  );

  // Reports, gap analysis, findings ---------------------------------------------------------------
  const REPORT_READERS: readonly [Permission, ...Permission[]] = [
    'qa.view',
    'qa.team',
    'qa.own',
    'qa.evaluate',
    'qa.manage',
  ];
  r.get(
    '/api/v1/quality/reports',
    {
      config: { permission: REPORT_READERS },
      schema: {
        tags,
        summary: 'Quality scores by agent, team, queue, evaluator or period (within what you may see)',
        querystring: QualityReportQuery,
        response: { 200: QualityReport },
      },
    },
    async (req) => deps.reports.report(req.query, actorOf(req)),
  );
  r.get(
    '/api/v1/quality/gaps',
    {
      config: { permission: REPORT_READERS },
      schema: {
        tags,
        summary: 'Gap analysis (差距分析): the items that fail most, for an agent, a team or all',
        querystring: QualityReportQuery.omit({ groupBy: true }),
        response: { 200: z.array(GapRow) },
      },
    },
    async (req) => deps.reports.gaps(req.query, actorOf(req)),
  );
  r.get(
    '/api/v1/quality/findings',
    {
      config: { permission: REPORT_READERS },
      schema: {
        tags,
        summary: 'Contacts the automatic checks found something on (e.g. every forbidden phrase this week)',
        querystring: FindingsQuery,
        response: { 200: FindingsPage },
      },
    },
    async (req) => deps.reports.findings(req.query, actorOf(req)),
  );

  // Calibration -----------------------------------------------------------------------------------
  r.get(
    '/api/v1/quality/calibrations',
    {
      config: { permission: ['qa.manage', 'qa.evaluate'] },
      schema: {
        tags,
        summary: 'Calibration sessions (校准会议) you run or score in',
        response: { 200: z.array(Calibration) },
      },
    },
    async (req) => deps.calibrations.list(actorOf(req)),
  );
  r.post(
    '/api/v1/quality/calibrations',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Start a calibration session',
        body: CreateCalibrationBody,
        response: { 201: Calibration },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.calibrations.create(req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/quality/calibrations/:id',
    {
      config: { permission: ['qa.manage', 'qa.evaluate'] },
      schema: {
        tags,
        summary: 'A session: disagreement per item and deviation per evaluator (blind until closed)',
        params: IdParams,
        response: { 200: Calibration },
      },
    },
    async (req) => deps.calibrations.get(req.params.id, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/calibrations/:id/evaluations',
    {
      config: { permission: 'qa.evaluate' },
      schema: {
        tags,
        summary: 'Score one of the session’s contacts (your own draft, then submit it as usual)',
        params: IdParams,
        body: z.object({ contactId: z.uuid() }),
        response: { 200: EvaluationDetail },
      },
    },
    async (req) => deps.calibrations.evaluate(req.params.id, req.body.contactId, actorOf(req)),
  );
  r.post(
    '/api/v1/quality/calibrations/:id/close',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Close a session with the agreed answers',
        params: IdParams,
        body: CloseCalibrationBody,
        response: { 200: Calibration },
      },
    },
    async (req) => deps.calibrations.close(req.params.id, req.body, actorOf(req)),
  );

  // Coaching and the best-practice library ---------------------------------------------------------
  r.get(
    '/api/v1/quality/coaching',
    {
      config: { permission: ANY_QUALITY },
      schema: {
        tags,
        summary: 'Coaching tasks (一对一辅导): agents their own, team leads their teams’, QA all',
        querystring: z.object({ status: z.enum(['open', 'done']).optional() }),
        response: { 200: z.array(Coaching) },
      },
    },
    async (req) => deps.coaching.listCoaching(actorOf(req), req.query.status),
  );
  r.post(
    '/api/v1/quality/coaching',
    {
      config: { permission: ['qa.team', 'qa.evaluate', 'qa.manage'] },
      schema: {
        tags,
        summary: 'Create a coaching task for an agent',
        body: CreateCoachingBody,
        response: { 201: Coaching },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.coaching.createCoaching(req.body, actorOf(req))),
  );
  r.patch(
    '/api/v1/quality/coaching/:id',
    {
      config: { permission: ['qa.team', 'qa.evaluate', 'qa.manage'] },
      schema: {
        tags,
        summary: 'Notes on a coaching task, or mark it done',
        params: IdParams,
        body: UpdateCoachingBody,
        response: { 200: Coaching },
      },
    },
    async (req) => deps.coaching.updateCoaching(req.params.id, req.body, actorOf(req)),
  );
  r.get(
    '/api/v1/quality/examples',
    {
      config: { permission: ANY_QUALITY },
      schema: {
        tags,
        summary: 'The best-practice library (优秀案例) as far as you may see it',
        response: { 200: z.array(Example) },
      },
    },
    async (req) => deps.coaching.listExamples(actorOf(req)),
  );
  r.get(
    '/api/v1/quality/examples/:id/recording',
    {
      config: { permission: ANY_QUALITY },
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: 'An example’s recording (audio/wav) for the audience it was shared with; audited',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      // The list's rule (the example's audience), not the evaluation's: an agent learns from a
      // colleague's call they could not otherwise open.
      const { recordingId, contactId } = await deps.coaching.exampleRecording(req.params.id, actor);
      const { stream, bytes } = await deps.recordings.play(recordingId, actor, {
        exampleId: req.params.id,
        contactId,
      });
      return reply
        .header('content-type', 'audio/wav')
        .header('content-length', bytes)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );
  r.post(
    '/api/v1/quality/examples',
    {
      config: { permission: 'qa.manage' },
      schema: {
        tags,
        summary: 'Mark a contact as a best-practice example',
        body: CreateExampleBody,
        response: { 201: Example },
      },
    },
    async (req, reply) => reply.status(201).send(await deps.coaching.createExample(req.body, actorOf(req))),
  );
  r.delete(
    '/api/v1/quality/examples/:id',
    {
      config: { permission: 'qa.manage' },
      schema: { tags, summary: 'Remove an example from the library', params: IdParams },
    },
    async (req, reply) => {
      await deps.coaching.deleteExample(req.params.id, actorOf(req));
      return reply.status(204).send();
    },
  );
}
