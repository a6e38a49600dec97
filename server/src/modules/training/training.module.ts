import type { KefuModule, Platform } from '../../platform/module';
import type { UsersService } from '../auth';
import type { RoutingService } from '../routing';
import { type Certifications, createCertifications } from './training.certifications';
import { createTrainingExams, type TrainingExams } from './training.exams';
import { createTrainingRepo } from './training.repo';
import { registerTrainingRoutes } from './training.routes';

export type TrainingServices = { training: { exams: TrainingExams; certifications: Certifications } };

/** How often expired certifications give back their skills. */
const SWEEP_MS = 60_000;

/**
 * Training (培训与认证, docs/training.md): the question bank, exams with papers drawn per candidate,
 * attempts timed and graded by the server, item analysis; certifications that grant routing skills
 * and take them back when they expire. Courses and enrolment follow.
 */
export function createTrainingModule(
  p: Platform,
  s: { users: UsersService; routing: RoutingService },
): KefuModule<TrainingServices> {
  const repo = createTrainingRepo();
  const exams = createTrainingExams({ ...p, repo });
  const certifications = createCertifications({ ...p, repo, users: s.users, routing: s.routing });
  let off: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'training',
    services: { training: { exams, certifications } },
    routes: (app) => registerTrainingRoutes(app, { exams, certifications }),
    audiences: { 'training.attempt.submitted': { permissions: ['training.manage'], users: (e) => [e.userId] } },
    start() {
      off = p.bus.subscribe('training.attempt.submitted', (e) => certifications.onAttemptSubmitted(e.payload));
      timer = setInterval(() => {
        certifications.sweep().catch((err) => p.log.error({ err }, 'training: the certification sweep failed'));
      }, SWEEP_MS);
      timer.unref();
    },
    stop() {
      off?.();
      if (timer) clearInterval(timer);
    },
  };
}
