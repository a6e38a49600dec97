import type { ReportLanguage } from '../../../../contracts/report-schedules';
import type { KpiFigures } from '../../../../contracts/reports';

/** The headline figures a scheduled report's mail shows in its body (the XLSX has them all). */
const HEADLINE = ['offered', 'answered', 'serviceLevel', 'abandonRate', 'ahtSeconds', 'csat'] as const;

const LABELS: Record<ReportLanguage, Record<(typeof HEADLINE)[number], string>> = {
  'zh-CN': {
    offered: '呼入量',
    answered: '接通量',
    serviceLevel: '服务水平',
    abandonRate: '放弃率',
    ahtSeconds: '平均处理时长',
    csat: '满意度',
  },
  'en-US': {
    offered: 'Offered',
    answered: 'Answered',
    serviceLevel: 'Service level',
    abandonRate: 'Abandon rate',
    ahtSeconds: 'AHT',
    csat: 'CSAT',
  },
};

const WORDS: Record<ReportLanguage, { range: string; attached: string; none: string; seconds: string }> = {
  'zh-CN': { range: '统计范围', attached: '完整报表见附件（XLSX）。', none: '—', seconds: '秒' },
  'en-US': { range: 'Period', attached: 'The full report is attached (XLSX).', none: '—', seconds: 's' },
};

/** A figure as the mail shows it: ratios as percentages, seconds rounded, no data as a dash. */
export function formatFigure(key: (typeof HEADLINE)[number], v: number | null, lang: ReportLanguage): string {
  if (v === null) return WORDS[lang].none;
  if (key === 'serviceLevel' || key === 'abandonRate' || key === 'csat') return `${(v * 100).toFixed(1)}%`;
  if (key === 'ahtSeconds') return `${Math.round(v)}${lang === 'zh-CN' ? ' ' : ''}${WORDS[lang].seconds}`;
  return String(v);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The mail's text and HTML bodies: the headline of the total and where the rest is. */
export function summaryBodies(
  total: KpiFigures,
  lang: ReportLanguage,
  heading: string,
  rangeText: string,
): { text: string; html: string } {
  const lines = HEADLINE.map((k) => [LABELS[lang][k], formatFigure(k, total[k], lang)] as const);
  const w = WORDS[lang];
  const sep = lang === 'zh-CN' ? '：' : ': ';
  const text = [
    heading,
    `${w.range}${sep}${rangeText}`,
    '',
    ...lines.map(([l, v]) => `${l}${sep}${v}`),
    '',
    w.attached,
  ].join('\n');
  const html = [
    `<p><strong>${escapeHtml(heading)}</strong><br>${escapeHtml(w.range)}${sep}${escapeHtml(rangeText)}</p>`,
    '<table cellpadding="4" style="border-collapse:collapse">',
    ...lines.map(([l, v]) => `<tr><td>${escapeHtml(l)}</td><td style="text-align:right">${escapeHtml(v)}</td></tr>`),
    '</table>',
    `<p>${escapeHtml(w.attached)}</p>`,
  ].join('\n');
  return { text, html };
}
