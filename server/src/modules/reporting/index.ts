export type { KpiEngine } from './reporting.kpis';
export { createReportingModule, type ReportingServices, type ReportingSettings } from './reporting.module';
export type { AnswerInput } from './reporting.projector';
export type { AgentStateSpan, StaffedQuarter, WaitingTotals, Workload, WorkloadQuarter } from './reporting.workload';
