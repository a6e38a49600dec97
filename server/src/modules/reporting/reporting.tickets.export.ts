import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { TICKET_SLA_COLUMNS, type TicketSlaReport } from '../../../../contracts/report-tickets';
import { type ExportLanguage, safeText } from './reporting.export';

const COLUMN_LABELS: Record<ExportLanguage, Record<(typeof TICKET_SLA_COLUMNS)[number], string>> = {
  'zh-CN': {
    created: '新建工单',
    finished: '办结工单',
    slaMet: 'SLA 达标',
    slaMissed: 'SLA 未达标',
    slaMetShare: 'SLA 达标率',
    responseMetShare: '响应及时率',
    resolveMetShare: '解决及时率',
    open: '未结工单',
    overdueOpen: '超时未结',
  },
  'en-US': {
    created: 'Created',
    finished: 'Finished',
    slaMet: 'SLA met',
    slaMissed: 'SLA missed',
    slaMetShare: 'SLA met share',
    responseMetShare: 'Response met share',
    resolveMetShare: 'Resolution met share',
    open: 'Open',
    overdueOpen: 'Overdue open',
  },
};

const DIMENSION_LABELS: Record<ExportLanguage, Record<TicketSlaReport['groupBy'] | 'total', string>> = {
  'zh-CN': { agent: '座席', team: '班组', type: '工单类型', day: '日期', total: '合计' },
  'en-US': { agent: 'Agent', team: 'Team', type: 'Type', day: 'Day', total: 'Total' },
};

type Cell = string | number | null;

/** The SLA report as a table (same values as the JSON), then the total: the KPI exports' style. */
export function ticketSlaTable(report: TicketSlaReport, lang: ExportLanguage): Cell[][] {
  const D = DIMENSION_LABELS[lang];
  const out: Cell[][] = [[D[report.groupBy], ...TICKET_SLA_COLUMNS.map((c) => COLUMN_LABELS[lang][c])]];
  for (const r of report.rows)
    out.push([safeText(String(r.name ?? r.key ?? '')), ...TICKET_SLA_COLUMNS.map((c) => r[c])]);
  out.push([D.total, ...TICKET_SLA_COLUMNS.map((c) => report.total[c])]);
  return out;
}

/** UTF-8 with a BOM (Excel opens the Chinese intact); a share without data is an empty cell. */
export function ticketSlaCsv(report: TicketSlaReport, lang: ExportLanguage): string {
  return `\ufeff${stringify(ticketSlaTable(report, lang).map((row) => row.map((c) => (c === null ? '' : c))))}`;
}

export async function ticketSlaXlsx(report: TicketSlaReport, lang: ExportLanguage): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(lang === 'zh-CN' ? '工单SLA' : 'Work-order SLA');
  const rows = ticketSlaTable(report, lang);
  for (const row of rows) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  ws.getRow(rows.length).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (let i = 1; i <= rows[0]!.length; i++) ws.getColumn(i).width = i === 1 ? 22 : 14;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
