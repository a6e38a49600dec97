/**
 * What an uploaded file may be (docs/work-orders.md, "Attachments"): decided from the bytes alone —
 * what `file-type` sniffed, and for text (which has no magic number) whether the bytes are UTF-8
 * without NULs. The client's declared type is never asked. The name only tells apart formats that
 * share a container (a .docx whose zip `file-type` could not look into, a .xls in an OLE file).
 */

/** What `file-type` answered: undefined when no magic number matched. */
export type Sniffed = { ext: string; mime: string } | undefined;
export type TextFacts = { utf8: boolean; nul: boolean };
export type AttachmentVerdict = { ok: true; contentType: string; inline: boolean } | { ok: false; detected: string };

/** Shown in the browser when opened (no script can run in them); everything else downloads. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'application/pdf']);

const OOXML: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
const LEGACY_OFFICE: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};
const ACCEPTED = new Set([
  ...INLINE,
  'image/tiff',
  ...Object.values(OOXML),
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/rtf',
]);

/** Whether a stored type may be shown in the browser rather than downloaded. */
export const isInline = (contentType: string) => INLINE.has(contentType);

const extOf = (fileName: string) => /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';

export function classifyAttachment(sniffed: Sniffed, text: TextFacts, fileName: string): AttachmentVerdict {
  const ext = extOf(fileName);
  if (!sniffed) {
    // No magic number: text, if it is valid UTF-8 with no NUL (binary junk and UTF-16 are refused).
    if (!text.utf8 || text.nul) return { ok: false, detected: 'unknown' };
    const type = ext === 'csv' ? 'text/csv' : 'text/plain';
    return { ok: true, contentType: `${type}; charset=utf-8`, inline: false };
  }
  if (ACCEPTED.has(sniffed.mime)) return { ok: true, contentType: sniffed.mime, inline: INLINE.has(sniffed.mime) };
  // Office documents are zip (OOXML) or OLE (97-2003) containers: the name says which document.
  if (sniffed.ext === 'zip' && OOXML[ext]) return { ok: true, contentType: OOXML[ext], inline: false };
  if (sniffed.ext === 'cfb' && LEGACY_OFFICE[ext]) return { ok: true, contentType: LEGACY_OFFICE[ext], inline: false };
  return { ok: false, detected: sniffed.mime };
}

const printableAscii = (c: string) => c >= ' ' && c <= '~';
const control = (c: string) => c < ' ' || c === '\u007f';

/**
 * `Content-Disposition` for a name in any script: an ASCII fallback (non-ASCII and quotes replaced)
 * and the UTF-8 name per RFC 5987 / RFC 6266, which every current browser prefers.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = [...fileName].map((c) => (printableAscii(c) && c !== '"' && c !== '\\' ? c : '_')).join('');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A name safe to show and to send back: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => !control(c))
    .join('')
    .trim();
  return (clean || 'file').slice(0, 255);
}
