import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { contactLabel } from '../../../../contracts/contact-labels';
import { type KpiColumn, REPORT_LABELS } from '../../../../contracts/report-labels';
import { KPI_COLUMNS, type KpiReport, type ReportContact } from '../../../../contracts/reports';
import { localDateTimeText } from '../../platform/calendar';

export type ExportLanguage = 'zh-CN' | 'en-US';

/** Seconds columns: the unit goes in an export's heading (a screen formats the value instead). */
const SECONDS: Record<ExportLanguage, string> = { 'zh-CN': '(秒)', 'en-US': ' (s)' };
const columnLabel = (lang: ExportLanguage, c: KpiColumn) =>
  REPORT_LABELS[lang].kpi[c] + (c.endsWith('Seconds') ? SECONDS[lang] : '');

type Cell = string | number | null;

/** A text cell a spreadsheet would run as a formula (= + - @ tab CR) is kept as text; numbers stay numbers. */
export const safeText = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** The report as a table: the dimension columns, then every KPI (same values as the JSON), then the total. */
export function kpiTable(report: KpiReport, lang: ExportLanguage): Cell[][] {
  const dims: string[] = [];
  const entity = report.groupBy.find((g) => g !== 'interval' && !['hour', 'day', 'week', 'month'].includes(g));
  if (entity) dims.push(entity);
  if (report.groupBy.length > (entity ? 1 : 0)) dims.push('start');
  const D: Record<string, string> = REPORT_LABELS[lang].dimension;
  const head: Cell[] = [
    ...dims.map((d) => (d === 'start' ? D.time : D[d]) ?? d),
    ...KPI_COLUMNS.map((c) => columnLabel(lang, c)),
  ];
  const out: Cell[][] = [head];
  for (const r of report.rows) {
    out.push([
      ...dims.map((d) => safeText(String((d === 'start' ? r.start : (r.name ?? r.key)) ?? ''))),
      ...KPI_COLUMNS.map((c) => r[c] ?? null),
    ]);
  }
  out.push([...dims.map((_, i) => (i === 0 ? D.total! : '')), ...KPI_COLUMNS.map((c) => report.total[c] ?? null)]);
  return out;
}

/** UTF-8 with a BOM (Excel opens the Chinese intact); a figure without data is an empty cell. */
export function kpiCsv(report: KpiReport, lang: ExportLanguage): string {
  return `\ufeff${stringify(kpiTable(report, lang).map((row) => row.map((c) => (c === null ? '' : c))))}`;
}

export async function kpiXlsx(report: KpiReport, lang: ExportLanguage): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(lang === 'zh-CN' ? '指标' : 'KPIs');
  const rows = kpiTable(report, lang);
  for (const row of rows) ws.addRow(row.map((c) => (c === null ? null : c)));
  ws.getRow(1).font = { bold: true };
  ws.getRow(rows.length).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const cols = rows[0]!.length;
  for (let i = 1; i <= cols; i++) ws.getColumn(i).width = i <= 2 ? 22 : 14;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const CONTACT_HEADERS: Record<ExportLanguage, string[]> = {
  'zh-CN': [
    '接触编号',
    '渠道',
    '队列',
    '座席',
    '客户',
    '进入队列',
    '接通时间',
    '结束时间',
    '等待(秒)',
    '通话(秒)',
    '保持(秒)',
    '话后处理(秒)',
    '处理时长(秒)',
    '结果',
    '诉求类型',
    '处理结果',
    '满意度',
    'NPS',
    '客户努力度',
    '转接',
    '振铃未接',
    '外部编号',
  ],
  'en-US': [
    'Contact',
    'Channel',
    'Queue',
    'Agent',
    'Customer',
    'Entered queue',
    'Answered',
    'Ended',
    'Wait (s)',
    'Talk (s)',
    'Hold (s)',
    'Wrap-up (s)',
    'Handle (s)',
    'Outcome',
    'Request type',
    'Disposition',
    'CSAT',
    'NPS',
    'CES',
    'Transferred',
    'RONA',
    'External id',
  ],
};
/** The contacts behind a figure, one row per contact; times in the report's zone. */
export function contactsTable(items: readonly ReportContact[], lang: ExportLanguage, tz: string): Cell[][] {
  const local = (iso: string | null) => (iso ? localDateTimeText(tz, new Date(iso)) : '');
  const yes = lang === 'zh-CN' ? '是' : 'yes';
  const out: Cell[][] = [CONTACT_HEADERS[lang]];
  for (const c of items) {
    out.push([
      c.id,
      contactLabel(lang, 'channel', c.channel),
      safeText(c.queueName ?? ''),
      safeText(c.agentName ?? ''),
      safeText(c.customerId ?? ''),
      local(c.enteredAt),
      local(c.answeredAt),
      local(c.endedAt),
      c.waitSeconds,
      c.talkSeconds,
      c.holdSeconds,
      c.wrapUpSeconds,
      c.handleSeconds,
      contactLabel(lang, 'outcome', c.outcome),
      safeText(contactLabel(lang, 'requestType', c.requestType)),
      safeText(contactLabel(lang, 'disposition', c.disposition)),
      c.csat,
      c.nps,
      c.ces,
      c.transferred ? yes : '',
      c.rona,
      safeText(c.externalId ?? ''),
    ]);
  }
  return out;
}

export function tableCsv(rows: Cell[][]): string {
  return `\ufeff${stringify(rows.map((row) => row.map((c) => (c === null ? '' : c))))}`;
}

export async function tableXlsx(rows: Cell[][], sheet: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const row of rows) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
