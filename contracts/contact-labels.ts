import type { Channel, Disposition, RequestType } from './routing';

/** How a contact's queue visit ended, as the reports tell it (reporting's `Outcome`). */
export const CONTACT_OUTCOMES = ['answered', 'abandoned', 'moved', 'waiting', 'self_service'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

type Labels = {
  channel: Record<Channel, string>;
  requestType: Record<RequestType, string>;
  disposition: Record<Disposition, string>;
  outcome: Record<ContactOutcome, string>;
};

/**
 * The words for a contact's codes, in the one place both the screens (the app's `acd` locale, the
 * reports' contact lists) and the server's exports (one row per contact in CSV/XLSX) read them.
 */
export const CONTACT_LABELS: Record<'zh-CN' | 'en-US', Labels> = {
  'zh-CN': {
    channel: { voice: '语音', chat: '在线', email: '邮件', sms: '短信', callback: '回呼', task: '任务' },
    requestType: {
      inquiry: '咨询',
      query: '查询',
      service: '办理',
      fault: '故障',
      complaint: '投诉',
      suggestion: '建议',
      praise: '表扬',
    },
    disposition: {
      resolved: '已解决',
      work_order: '转工单',
      follow_up: '需回访',
      unresolved: '未解决',
      invalid: '无效',
    },
    outcome: { answered: '接通', abandoned: '放弃', moved: '转出未接', waiting: '排队中', self_service: '自助服务' },
  },
  'en-US': {
    channel: { voice: 'Voice', chat: 'Chat', email: 'E-mail', sms: 'SMS', callback: 'Callback', task: 'Task' },
    requestType: {
      inquiry: 'Inquiry',
      query: 'Query',
      service: 'Service',
      fault: 'Fault',
      complaint: 'Complaint',
      suggestion: 'Suggestion',
      praise: 'Praise',
    },
    disposition: {
      resolved: 'Resolved',
      work_order: 'Work order',
      follow_up: 'Follow-up',
      unresolved: 'Unresolved',
      invalid: 'Invalid',
    },
    outcome: {
      answered: 'Answered',
      abandoned: 'Abandoned',
      moved: 'Moved unanswered',
      waiting: 'Waiting',
      self_service: 'Self-service',
    },
  },
};

/** A code's word, or the code itself when it is not one of the known ones (an imported value). */
export function contactLabel(lang: 'zh-CN' | 'en-US', group: keyof Labels, code: string | null): string {
  if (!code) return '';
  return (CONTACT_LABELS[lang][group] as Record<string, string>)[code] ?? code;
}
