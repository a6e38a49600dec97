import { describe, expect, it } from 'vitest';
import { classifyAttachment, cleanFileName, contentDisposition } from './attachment-type';

const text = { utf8: true, nul: false };
const binary = { utf8: false, nul: true };

describe('what an attachment may be', () => {
  it('takes images and PDF as sniffed, shown inline', () => {
    expect(classifyAttachment({ ext: 'png', mime: 'image/png' }, binary, 'x.jpg')).toEqual({
      ok: true,
      contentType: 'image/png',
      inline: true,
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
    expect(classifyAttachment(undefined, text, 'a.html')).toMatchObject({ contentType: 'text/plain; charset=utf-8' });
    expect(classifyAttachment(undefined, { utf8: true, nul: true }, 'a.txt')).toEqual({
      ok: false,
      detected: 'unknown',
    });
    expect(classifyAttachment(undefined, { utf8: false, nul: false }, 'a.txt').ok).toBe(false);
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

  it('sends a Chinese name per RFC 5987 with an ASCII fallback', () => {
    expect(contentDisposition('attachment', '发票 "1".pdf')).toBe(
      `attachment; filename="__ _1_.pdf"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%20%221%22.pdf`,
    );
  });
});
