export type { AttemptSubmitted } from './training.events';
export { createTrainingModule, type TrainingServices } from './training.module';
