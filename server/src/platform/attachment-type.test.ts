import { describe, expect, it } from 'vitest';
import { classifyAttachment, cleanFileName, contentDisposition, nameForType } from './attachment-type';

const text = { utf8: true, nul: false };
const binary = { utf8: false, nul: true };

describe('what an attachment may be', () => {
  it('takes images and PDF as sniffed, shown inline', () => {
    expect(classifyAttachment({ ext: 'png', mime: 'image/png' }, binary, 'x.png')).toEqual({
      ok: true,
      contentType: 'image/png',
      inline: true,
      fileName: 'x.png',
    });
    expect(classifyAttachment({ ext: 'pdf', mime: 'application/pdf' }, binary, 'x')).toMatchObject({ inline: true });
  });

  it('takes a zip as an Office document only when its name says which one', () => {
    const zip = { ext: 'zip', mime: 'application/zip' };
    expect(classifyAttachment(zip, binary, '报表.XLSX')).toMatchObject({
      ok: true,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      inline: false,
    });
    expect(classifyAttachment(zip, binary, 'archive.zip')).toEqual({ ok: false, detected: 'application/zip' });
    expect(classifyAttachment({ ext: 'cfb', mime: 'application/x-cfb' }, binary, 'old.doc')).toMatchObject({
      contentType: 'application/msword',
    });
  });

  it('takes text only as UTF-8 without NULs, as a download', () => {
    expect(classifyAttachment(undefined, text, 'a.csv')).toMatchObject({
      contentType: 'text/csv; charset=utf-8',
      inline: false,
    });
    expect(classifyAttachment(undefined, text, 'server.LOG')).toMatchObject({
      contentType: 'text/plain; charset=utf-8',
      fileName: 'server.LOG',
    });
    expect(classifyAttachment(undefined, { utf8: true, nul: true }, 'a.txt')).toEqual({
      ok: false,
      detected: 'unknown',
    });
    expect(classifyAttachment(undefined, { utf8: false, nul: false }, 'a.txt').ok).toBe(false);
  });

  it('refuses text under any name but .txt, .csv or .log: it would be a script or a page', () => {
    for (const name of [
      'run.bat',
      'run.cmd',
      'app.js',
      'x.vbs',
      'x.hta',
      'x.ps1',
      'page.html',
      'a.svg',
      'README',
      'a.txt.js',
    ]) {
      expect(classifyAttachment(undefined, text, name), name).toEqual({ ok: false, detected: 'text/plain' });
    }
  });

  it("gives a sniffed file its type's extension when its name has another, or none", () => {
    const png = { ext: 'png', mime: 'image/png' };
    expect(classifyAttachment(png, binary, 'x.html')).toMatchObject({
      contentType: 'image/png',
      fileName: 'x.html.png',
    });
    expect(classifyAttachment(png, binary, 'x.jpg')).toMatchObject({ fileName: 'x.jpg.png' });
    expect(classifyAttachment(png, binary, 'scan')).toMatchObject({ fileName: 'scan.png' });
    expect(classifyAttachment(png, binary, '照片.PNG')).toMatchObject({ fileName: '照片.PNG' });
    const jpeg = { ext: 'jpg', mime: 'image/jpeg' };
    expect(classifyAttachment(jpeg, binary, 'a.jpeg')).toMatchObject({ fileName: 'a.jpeg' });
    expect(classifyAttachment(jpeg, binary, 'a.svg')).toMatchObject({ fileName: 'a.svg.jpg' });
    expect(classifyAttachment({ ext: 'pdf', mime: 'application/pdf' }, binary, 'contract.txt')).toMatchObject({
      fileName: 'contract.txt.pdf',
    });
    expect(classifyAttachment({ ext: 'cfb', mime: 'application/x-cfb' }, binary, 'old.xls')).toMatchObject({
      fileName: 'old.xls',
    });
  });

  it('keeps a name with its new extension within 255 characters, shortening the name', () => {
    const long = `${'长'.repeat(300)}.html`;
    const got = nameForType('image/png', cleanFileName(long));
    expect([...got]).toHaveLength(255);
    expect(got.endsWith('长.png')).toBe(true);
    // Not a surrogate pair cut in half.
    expect([...nameForType('application/pdf', '😀'.repeat(255))].at(-5)).toBe('😀');
  });

  it('rights the name of a stored attachment by its type, leaving a right one alone', () => {
    expect(nameForType('text/plain; charset=utf-8', 'page.html')).toBe('page.html.txt');
    expect(nameForType('text/csv; charset=utf-8', 'a.csv')).toBe('a.csv');
    expect(nameForType('text/plain; charset=utf-8', 'a.log')).toBe('a.log');
    expect(nameForType('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'x')).toBe('x.docx');
    expect(nameForType('application/x-unknown', 'x.bin')).toBe('x.bin');
  });

  it('refuses executables whatever their name', () => {
    expect(classifyAttachment({ ext: 'exe', mime: 'application/x-msdownload' }, binary, 'photo.png')).toEqual({
      ok: false,
      detected: 'application/x-msdownload',
    });
  });
});

describe('file names', () => {
  it('keeps the last path part without control characters', () => {
    expect(cleanFileName('C:\\Users\\王\\照片.png')).toBe('照片.png');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000\nb.txt')).toBe('ab.txt');
    expect(cleanFileName('///')).toBe('file');
  });

  it('drops C1 controls and bidirectional formatting, which can disguise an extension', () => {
    // "invoice<RLO>gpj.exe" reads as "invoiceexe.jpg".
    expect(cleanFileName('invoice\u202egpj.exe')).toBe('invoicegpj.exe');
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(cleanFileName(`a${c}b.txt`), c.codePointAt(0)!.toString(16)).toBe('ab.txt');
    }
    expect(cleanFileName('a\u200e\u200f\u061cb.txt')).toBe('ab.txt');
    expect(cleanFileName('a\u0080\u0085\u009fb.txt')).toBe('ab.txt');
    expect(cleanFileName('a\u007fb.txt')).toBe('ab.txt');
    // Letters just past the C1 block and ordinary non-Latin names stay.
    expect(cleanFileName('caf\u00e9 报告.txt')).toBe('café 报告.txt');
  });

  it('drops trailing dots and spaces, which Windows would drop to uncover the extension before them', () => {
    expect(cleanFileName('run.bat. . ')).toBe('run.bat');
    expect(cleanFileName('...')).toBe('file');
  });

  it('sends a Chinese name per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('attachment', '发票 "1".pdf')).toBe(
      `attachment; filename="__ _1_.pdf"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%20%221%22.pdf`,
    );
  });
});
