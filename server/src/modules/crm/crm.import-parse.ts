import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../../../contracts/crm';
import { importUnreadable } from './crm.errors';

export type Sheet = { header: string[]; rows: string[][] };

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** The upload as text cells: an XLSX (a zip, whatever its declared type) or CSV (UTF-8, BOM allowed). */
export async function readSheet(body: Buffer): Promise<Sheet> {
  let table: string[][];
  if (isZip(body)) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(body as unknown as ArrayBuffer);
    } catch {
      throw importUnreadable('not a readable XLSX workbook');
    }
    const ws = wb.worksheets[0];
    if (!ws) throw importUnreadable('the workbook has no sheet');
    table = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(cellText(row.getCell(c).value));
      table.push(cells);
    });
  } else {
    try {
      table = parse(body, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (err) {
      throw importUnreadable(`not a readable CSV file: ${(err as Error).message}`);
    }
  }
  const [header, ...rows] = table;
  if (!header || header.every((h) => !h.trim())) throw importUnreadable('no header row');
  return { header: header.map((h) => h.trim()), rows };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return v.result === undefined || v.result === null ? '' : String(v.result);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    return '';
  }
  return String(v);
}

/** Headers people type in Chinese spreadsheets, and the column each means. */
const ALIASES: Record<string, (typeof IMPORT_COLUMNS)[number]> = {
  类型: 'kind',
  姓名: 'name',
  名称: 'name',
  客户名称: 'name',
  电话: 'phones',
  手机: 'phones',
  邮箱: 'emails',
  账号: 'accountNumbers',
  证件号码: 'idNumber',
  身份证号: 'idNumber',
  标签: 'tags',
  等级: 'tier',
  备注: 'note',
};

export type Column = { kind: 'field'; field: (typeof IMPORT_COLUMNS)[number] } | { kind: 'custom'; key: string };

/** Each header's meaning, or null for one we do not know (reported on row 1). */
export function columnsOf(header: string[]): Array<Column | null> {
  return header.map((h) => {
    if ((IMPORT_COLUMNS as readonly string[]).includes(h)) return { kind: 'field', field: h as Column & never };
    if (ALIASES[h]) return { kind: 'field', field: ALIASES[h] };
    const m = /^cf[.:](.+)$/.exec(h);
    return m ? { kind: 'custom', key: m[1]! } : null;
  });
}

/** A list cell: values separated by ';', '；', '|' or a line break. */
export const listCell = (v: string) =>
  v
    .split(/[;；|\n]/)
    .map((x) => x.trim())
    .filter(Boolean);

const TRUE = new Set(['true', '1', 'yes', 'y', '是']);
const FALSE = new Set(['false', '0', 'no', 'n', '否']);
export function boolCell(v: string): boolean | undefined | 'bad' {
  const s = v.trim().toLowerCase();
  if (s === '') return undefined;
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return 'bad';
}
