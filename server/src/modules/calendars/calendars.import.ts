import chineseDays from 'chinese-days';
import { parse } from 'csv-parse/sync';
import {
  type CalendarDay,
  DAY_KINDS,
  type DayKind,
  type ImportDaysBody,
  type ImportRowIssue,
  isRealDate,
} from '../../../../contracts/calendars';
import { importInvalid } from './calendars.errors';

type RawRow = { date: string; name: string; kind: string };
type ImportedDay = { date: string; kind: DayKind; name: string; hours: null };

/** Reads CSV text with a `date,name,kind` header into rows; a malformed file is row 1's problem. */
function csvRows(text: string): RawRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    });
  } catch (err) {
    throw importInvalid([{ row: 1, field: 'row', message: `not CSV: ${(err as Error).message}` }]);
  }
  const missing = ['date', 'name', 'kind'].filter((c) => records.length && !(c in records[0]!));
  if (!records.length || missing.length) {
    throw importInvalid([{ row: 1, field: 'row', message: 'the header must be date,name,kind' }]);
  }
  return records.map((r) => ({ date: r.date ?? '', name: r.name ?? '', kind: r.kind ?? '' }));
}

/**
 * Checks every row (real date, a name, holiday|workday, no date twice) and reports all the bad ones
 * at once, so an admin fixes the file in one go; rows count from 1 after the CSV header.
 */
export function parseImport(body: ImportDaysBody): ImportedDay[] {
  const raw = body.format === 'csv' ? csvRows(body.csv ?? '') : (body.days ?? []);
  const issues: ImportRowIssue[] = [];
  const seen = new Map<string, number>();
  const out: ImportedDay[] = [];
  raw.forEach((r, i) => {
    const row = i + 1;
    const date = r.date.trim();
    const name = r.name.trim();
    const kind = r.kind.trim().toLowerCase();
    if (!isRealDate(date)) issues.push({ row, field: 'date', message: `not a YYYY-MM-DD date: ${date}` });
    else if (seen.has(date)) issues.push({ row, field: 'date', message: `${date} is also on row ${seen.get(date)}` });
    else seen.set(date, row);
    if (!name || name.length > 100) issues.push({ row, field: 'name', message: 'a name of 1 to 100 characters' });
    if (!(DAY_KINDS as readonly string[]).includes(kind)) {
      issues.push({ row, field: 'kind', message: `holiday or workday, not ${kind || 'nothing'}` });
    }
    out.push({ date, kind: kind as DayKind, name, hours: null });
  });
  if (issues.length) throw importInvalid(issues.slice(0, 200));
  return out;
}

/**
 * China's public holidays and 调休 make-up days of a year (chinese-days' State Council schedule),
 * named in Chinese ('春节'); undefined when the package does not know the year yet.
 */
export function nationalDays(year: number): CalendarDay[] | undefined {
  const days: CalendarDay[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const detail = chineseDays.getDayDetail(date);
    // Ordinary days are named after their weekday; the schedule's days read 'Spring Festival,春节,4'.
    const parts = detail.name.split(',');
    if (parts.length < 2) continue;
    const holiday = parts[1]!.trim() || parts[0]!.trim();
    const name = detail.work ? `${holiday}调休` : holiday;
    days.push({ date, kind: detail.work ? 'workday' : 'holiday', name, hours: null });
  }
  return days.length ? days : undefined;
}
