/** A paper handed in (or closed by the clock) and graded; `passed` is null while case answers wait. */
export type AttemptSubmitted = {
  attemptId: string;
  examId: string;
  userId: string;
  percent: number;
  passed: boolean | null;
};

declare module '../../platform/bus' {
  interface EventMap {
    'training.attempt.submitted': AttemptSubmitted;
  }
}
