import type { KPI_COLUMNS } from './reports';

export type KpiColumn = (typeof KPI_COLUMNS)[number];
/** The dimensions a report's rows are named by, and its time and total columns. */
export type ReportDimension = 'queue' | 'agent' | 'team' | 'channel' | 'requestType' | 'ivrFlow' | 'time' | 'total';

type Labels = { kpi: Record<KpiColumn, string>; dimension: Record<ReportDimension, string> };

/**
 * The words for the reports' figures and dimensions, in the one place the screens (the reports'
 * locale) and the server's exports (CSV/XLSX headings, scheduled reports) read them. Seconds columns
 * carry no unit here: a screen formats the value, an export adds the unit to the heading.
 */
export const REPORT_LABELS: Record<'zh-CN' | 'en-US', Labels> = {
  'zh-CN': {
    kpi: {
      offered: '呼入量',
      answered: '接通量',
      abandoned: '放弃量',
      shortAbandoned: '短时放弃',
      answeredWithinThreshold: '阈值内接通',
      selfService: '自助服务',
      serviceLevel: '服务水平',
      abandonRate: '放弃率',
      asaSeconds: '平均应答速度',
      ahtSeconds: '平均处理时长',
      talkSeconds: '平均通话',
      holdSeconds: '平均保持',
      wrapUpSeconds: '平均话后处理',
      handled: '处理量',
      fcr: '首次解决率',
      csat: '满意度',
      csatMean: '满意度均分',
      surveyAnswers: '评价数',
      nps: 'NPS',
      ces: '客户努力度',
      qualityScore: '质检得分',
      qualityEvaluations: '质检数',
      occupancy: '占用率',
      utilization: '利用率',
      rona: '振铃未接',
      transfers: '转接',
    },
    dimension: {
      queue: '队列',
      agent: '座席',
      team: '班组',
      channel: '渠道',
      requestType: '诉求类型',
      ivrFlow: 'IVR 流程',
      time: '时间',
      total: '合计',
    },
  },
  'en-US': {
    kpi: {
      offered: 'Offered',
      answered: 'Answered',
      abandoned: 'Abandoned',
      shortAbandoned: 'Short abandons',
      answeredWithinThreshold: 'Answered in time',
      selfService: 'Self-service',
      serviceLevel: 'Service level',
      abandonRate: 'Abandon rate',
      asaSeconds: 'ASA',
      ahtSeconds: 'AHT',
      talkSeconds: 'Talk',
      holdSeconds: 'Hold',
      wrapUpSeconds: 'Wrap-up',
      handled: 'Handled',
      fcr: 'FCR',
      csat: 'CSAT',
      csatMean: 'CSAT mean',
      surveyAnswers: 'Survey answers',
      nps: 'NPS',
      ces: 'CES',
      qualityScore: 'Quality score',
      qualityEvaluations: 'Evaluations',
      occupancy: 'Occupancy',
      utilization: 'Utilization',
      rona: 'RONA',
      transfers: 'Transfers',
    },
    dimension: {
      queue: 'Queue',
      agent: 'Agent',
      team: 'Team',
      channel: 'Channel',
      requestType: 'Request type',
      ivrFlow: 'IVR flow',
      time: 'Time',
      total: 'Total',
    },
  },
};
