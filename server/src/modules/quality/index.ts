export type { SpeechToText } from './quality.autocheck';
export type { ContactChecked, EvaluationChanged, TasksAssigned } from './quality.events';
export { createQualityModule, type QualityServices, type QualitySettings } from './quality.module';
export { createSherpaSpeechToText, modelProblem as speechModelProblem } from './stt-sherpa';
