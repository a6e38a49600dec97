import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../../test/seeded-random';
import { csvRecords } from './csv-records';

/** All records of a text cut into pieces at these offsets. */
function read(text: string, cuts: readonly number[] = []) {
  const r = csvRecords();
  const out: string[][] = [];
  let at = 0;
  for (const c of [...cuts, text.length]) {
    out.push(...r.push(text.slice(at, c)));
    at = c;
  }
  const end = r.end();
  return { records: [...out, ...end.records], unclosed: end.unclosed };
}

describe('CSV records', () => {
  it('splits plain lines on commas; CRLF or LF; a BOM and empty lines are dropped; a last line without a break counts', () => {
    expect(read('\uFEFFa,b,c\r\n1,,3\n\n\r\nx,y').records).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['x', 'y'],
    ]);
  });

  it('quoted fields hold commas, doubled quotes and line breaks', () => {
    expect(read('a,"b, c","say ""hi""","two\r\nlines"\r\nz,"",q\n').records).toEqual([
      ['a', 'b, c', 'say "hi"', 'two\r\nlines'],
      ['z', '', 'q'],
    ]);
  });

  it('a quote never closed is reported at the end', () => {
    expect(read('a,b\n"open,c\n')).toEqual({ records: [['a', 'b']], unclosed: true });
  });

  it('gives the same records however the text is cut, and as csv-parse does on well-formed files', () => {
    const rnd = seededRandom(7);
    const cells = ['plain', '', 'with, comma', 'say "x"', 'line\nbreak', '旧热线', ' spaced '];
    const quote = (c: string) => (/[",\n]/.test(c) || rnd() < 0.2 ? `"${c.replaceAll('"', '""')}"` : c);
    for (let round = 0; round < 50; round++) {
      const rows = Array.from({ length: 1 + Math.floor(rnd() * 20) }, () =>
        Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => cells[Math.floor(rnd() * cells.length)]!),
      ).filter((r) => r.join('') !== '');
      const text = rows.map((r) => r.map(quote).join(',')).join(rnd() < 0.5 ? '\n' : '\r\n');
      const cuts = Array.from({ length: 5 }, () => Math.floor(rnd() * text.length)).sort((a, b) => a - b);
      const expected = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
      expect(read(text, cuts).records, text).toEqual(expected);
      expect(read(text).records).toEqual(expected);
    }
  });
});
