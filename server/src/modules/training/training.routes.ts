import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common';
import {
  Answer,
  AnswerParams,
  Attempt,
  Award,
  Certification,
  CertificationBody,
  EvaluateBody,
  Evaluation,
  Exam,
  ExamBody,
  ItemAnalysis,
  Question,
  QuestionBody,
  QuestionQuery,
} from '../../../../contracts/training';
import { actorOf, principalOf } from '../../platform/guard';
import type { Certifications } from './training.certifications';
import type { TrainingExams } from './training.exams';

export function registerTrainingRoutes(
  app: FastifyInstance,
  deps: { exams: TrainingExams; certifications: Certifications },
): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];
  const { exams } = deps;
  const manage = { permission: 'training.manage' } as const;
  const learn = { permission: 'training.learn' } as const;

  r.get(
    '/api/v1/training/questions',
    {
      config: manage,
      schema: {
        tags,
        summary: 'The question bank (题库)',
        querystring: QuestionQuery,
        response: { 200: z.array(Question) },
      },
    },
    async (req) => exams.questions(req.query),
  );
  r.post(
    '/api/v1/training/questions',
    { config: manage, schema: { tags, summary: 'Add a question', body: QuestionBody, response: { 201: Question } } },
    async (req, reply) => reply.status(201).send(await exams.createQuestion(req.body, actorOf(req))),
  );
  r.put(
    '/api/v1/training/questions/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a question (papers already drawn keep it)',
        params: IdParams,
        body: QuestionBody,
        response: { 200: Question },
      },
    },
    async (req) => exams.updateQuestion(req.params.id, req.body),
  );
  r.post(
    '/api/v1/training/questions/:id/retire',
    { config: manage, schema: { tags, summary: 'Take a question out of new papers', params: IdParams } },
    async (req, reply) => {
      await exams.retireQuestion(req.params.id);
      return reply.status(204).send();
    },
  );
  r.get(
    '/api/v1/training/exams',
    {
      config: { permission: ['training.manage', 'training.learn'] },
      schema: { tags, summary: 'Exams', response: { 200: z.array(Exam) } },
    },
    async () => exams.exams(),
  );
  r.post(
    '/api/v1/training/exams',
    {
      config: manage,
      schema: {
        tags,
        summary: 'An exam: draw rules by tag and difficulty, time limit, pass mark, attempts, window',
        body: ExamBody,
        response: { 201: Exam },
      },
    },
    async (req, reply) => reply.status(201).send(await exams.createExam(req.body, actorOf(req))),
  );
  r.get(
    '/api/v1/training/exams/:id/analysis',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Item analysis: difficulty and discrimination per question',
        params: IdParams,
        response: { 200: ItemAnalysis },
      },
    },
    async (req) => exams.analysis(req.params.id),
  );
  r.post(
    '/api/v1/training/exams/:id/attempts',
    {
      config: learn,
      schema: {
        tags,
        summary: 'Start an attempt: a paper drawn for the candidate, the clock running on the server',
        params: IdParams,
        response: { 201: Attempt },
      },
    },
    async (req, reply) => reply.status(201).send(await exams.start(req.params.id, actorOf(req))),
  );
  r.get(
    '/api/v1/training/attempts/:id',
    {
      config: learn,
      schema: {
        tags,
        summary: "One's attempt (closed by the server's clock when its time ran out)",
        params: IdParams,
        response: { 200: Attempt },
      },
    },
    async (req) => exams.attempt(req.params.id, actorOf(req)),
  );
  r.put(
    '/api/v1/training/attempts/:id/answers/:questionId',
    {
      config: learn,
      schema: {
        tags,
        summary: 'Save one answer as given (409 TRAINING.TIME_UP once the time is over)',
        params: AnswerParams,
        body: Answer,
        response: { 200: Attempt },
      },
    },
    async (req) => exams.saveAnswer(req.params.id, req.params.questionId, req.body, actorOf(req)),
  );
  r.post(
    '/api/v1/training/attempts/:id/submit',
    {
      config: learn,
      schema: {
        tags,
        summary: 'Hand the paper in: graded as saved, at the deadline at the latest',
        params: IdParams,
        response: { 200: Attempt },
      },
    },
    async (req) => exams.submit(req.params.id, actorOf(req)),
  );

  const { certifications } = deps;
  r.get(
    '/api/v1/training/certifications',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Certifications (初级 / 中级 / 高级) and their criteria',
        response: { 200: z.array(Certification) },
      },
    },
    async () => certifications.list(),
  );
  r.post(
    '/api/v1/training/certifications',
    {
      config: manage,
      schema: {
        tags,
        summary: 'A certification: level, the routing skill it grants, criteria, validity',
        body: CertificationBody,
        response: { 201: Certification },
      },
    },
    async (req, reply) => reply.status(201).send(await certifications.create(req.body, actorOf(req))),
  );
  r.post(
    '/api/v1/training/certifications/:id/evaluate',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Check an agent against the criteria; award the certification (and its skill) when met',
        params: IdParams,
        body: EvaluateBody,
        response: { 200: Evaluation },
      },
    },
    async (req) => certifications.evaluate(req.params.id, req.body.userId, actorOf(req)),
  );
  r.get(
    '/api/v1/training/users/:id/awards',
    {
      config: manage,
      schema: { tags, summary: "An agent's certifications", params: IdParams, response: { 200: z.array(Award) } },
    },
    async (req) => certifications.awardsOf(req.params.id),
  );
  r.get(
    '/api/v1/training/me/awards',
    { config: learn, schema: { tags, summary: "One's own certifications", response: { 200: z.array(Award) } } },
    async (req) => certifications.awardsOf(principalOf(req).userId),
  );
}
