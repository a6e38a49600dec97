export type { FlowDefinition } from '../../../../contracts/ivr';
export {
  DEFAULT_MAX_STEPS,
  type IvrCall,
  IvrHangup,
  type PromptRef,
  type QueueOutcome,
  type QueueRequest,
  type RunEnd,
  type RunnerDeps,
  type RunnerLog,
  type RunResult,
  runFlow,
} from './domain/runner';
export { sayNumber } from './domain/say';
export { DEMO_HOTLINE, seedDemoIvr } from './ivr.demo';
export type { IvrFlowFinished, IvrOutcome } from './ivr.events';
export { createIvrModule } from './ivr.module';
export { registerIvrRoutes } from './ivr.routes';
export {
  createIvrService,
  type IncidentDirectory,
  type IvrService,
  type PublishedFlow,
  type QueueDirectory,
} from './ivr.service';
