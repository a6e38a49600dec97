/**
 * What an uploaded file may be (work orders: docs/work-orders.md, "Attachments"; conversations: docs/channels.md): decided from the bytes alone —
 * what `file-type` sniffed, and for text (which has no magic number) whether the bytes are UTF-8
 * without NULs. The client's declared type is never asked. The name tells apart formats that share a
 * container (a .docx whose zip `file-type` could not look into, a .xls in an OLE file), decides
 * whether text is welcome at all (only .txt, .csv and .log: text named .bat, .js, .html or .svg is
 * a script or a page to whoever opens it), and is then made to agree with the type: a name whose
 * extension is not one of the sniffed type's gets the type's own appended (`x.html` sniffed as PNG
 * is kept as `x.html.png`: what the client called it stays readable, and the last extension — the
 * one an operating system opens it by — is the truth).
 */

/** What `file-type` answered: undefined when no magic number matched. */
export type Sniffed = { ext: string; mime: string } | undefined;
export type TextFacts = { utf8: boolean; nul: boolean };
export type AttachmentVerdict =
  | { ok: true; contentType: string; inline: boolean; fileName: string }
  | { ok: false; detected: string };

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

/** The extensions each accepted type may carry; the first is appended when the name has none of them. */
const EXTENSIONS: Record<string, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/bmp': ['bmp'],
  'image/tiff': ['tif', 'tiff'],
  'application/pdf': ['pdf'],
  ...Object.fromEntries(Object.entries(OOXML).map(([ext, mime]) => [mime, [ext]])),
  ...Object.fromEntries(Object.entries(LEGACY_OFFICE).map(([ext, mime]) => [mime, [ext]])),
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  'application/rtf': ['rtf'],
  'text/plain': ['txt', 'log'],
  'text/csv': ['csv'],
};
/** Text is taken only under these names; anything else that is "just text" may be a script or a page. */
const TEXT_TYPES: Record<string, string> = { txt: 'text/plain', log: 'text/plain', csv: 'text/csv' };

/** Whether a stored type may be shown in the browser rather than downloaded. */
export const isInline = (contentType: string) => INLINE.has(contentType);

const extOf = (fileName: string) => /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';

export function classifyAttachment(sniffed: Sniffed, text: TextFacts, fileName: string): AttachmentVerdict {
  const ext = extOf(fileName);
  const ok = (contentType: string, inline: boolean): AttachmentVerdict => ({
    ok: true,
    contentType,
    inline,
    fileName: nameForType(contentType, fileName),
  });
  if (!sniffed) {
    // No magic number: text, if it is valid UTF-8 with no NUL (binary junk and UTF-16 are refused),
    // and only under a text file's name.
    if (!text.utf8 || text.nul) return { ok: false, detected: 'unknown' };
    const type = TEXT_TYPES[ext];
    if (!type) return { ok: false, detected: 'text/plain' };
    return ok(`${type}; charset=utf-8`, false);
  }
  if (ACCEPTED.has(sniffed.mime)) return ok(sniffed.mime, INLINE.has(sniffed.mime));
  // Office documents are zip (OOXML) or OLE (97-2003) containers: the name says which document.
  if (sniffed.ext === 'zip' && OOXML[ext]) return ok(OOXML[ext], false);
  if (sniffed.ext === 'cfb' && LEGACY_OFFICE[ext]) return ok(LEGACY_OFFICE[ext], false);
  return { ok: false, detected: sniffed.mime };
}

/** At most 255 characters (code points, never half a surrogate pair). */
const MAX_NAME = 255;
const truncate = (s: string, n: number) => [...s].slice(0, n).join('');

/**
 * The name with an extension of its type: kept when it already has one, else the type's own
 * appended (shortening the name, never the extension, to stay within 255 characters). Also applied
 * when a stored attachment is listed or served, so a row recorded before this rule is sent right too.
 */
export function nameForType(contentType: string, fileName: string): string {
  const allowed = EXTENSIONS[contentType.split(';')[0]!.trim()];
  if (!allowed || allowed.includes(extOf(fileName))) return fileName;
  const suffix = `.${allowed[0]}`;
  return truncate(fileName, MAX_NAME - suffix.length) + suffix;
}

const printableAscii = (c: string) => c >= ' ' && c <= '~';
/** C0, DEL and C1 controls. */
const control = (c: string) => c < ' ' || (c >= '\u007f' && c <= '\u009f');
/**
 * Bidirectional formatting (LRM/RLM, the ALM, embeddings and overrides U+202A–E, isolates
 * U+2066–9): invisible, they make `gpj.exe` read as `exe.jpg`.
 */
const bidi = (c: string) =>
  c === '\u061c' ||
  c === '\u200e' ||
  c === '\u200f' ||
  (c >= '\u202a' && c <= '\u202e') ||
  (c >= '\u2066' && c <= '\u2069');

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

/**
 * A name safe to show and to send back: no path, no control or bidirectional formatting characters,
 * no trailing dots or spaces (which Windows drops, uncovering the extension before them), at most
 * 255 characters.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = [...base]
    .filter((c) => !control(c) && !bidi(c))
    .join('')
    .trim()
    .replace(/[.\s]+$/u, '');
  return truncate(clean || 'file', MAX_NAME);
}
