import type { KefuModule, Platform } from '../../platform/module';
import { createTrainingExams, type TrainingExams } from './training.exams';
import { createTrainingRepo } from './training.repo';
import { registerTrainingRoutes } from './training.routes';

export type TrainingServices = { training: { exams: TrainingExams } };

/**
 * Training (培训与认证, docs/training.md): the question bank, exams with papers drawn per candidate,
 * attempts timed and graded by the server, item analysis. Courses, enrolment and certification
 * follow.
 */
export function createTrainingModule(p: Platform): KefuModule<TrainingServices> {
  const exams = createTrainingExams({ ...p, repo: createTrainingRepo() });
  return {
    name: 'training',
    services: { training: { exams } },
    routes: (app) => registerTrainingRoutes(app, { exams }),
    audiences: { 'training.attempt.submitted': { permissions: ['training.manage'], users: (e) => [e.userId] } },
  };
}
