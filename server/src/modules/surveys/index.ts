export type { SurveyAnswered, SurveyLowScore } from './surveys.events';
export { createSurveysModule, type SurveysServices, type SurveysSettings } from './surveys.module';
export type { SurveyAnswers } from './surveys.service';
