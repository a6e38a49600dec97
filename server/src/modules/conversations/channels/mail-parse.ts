import { type AddressObject, simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { collapseQuoted, LOOP_HEADERS, type LoopHeader, messageIdsIn, normaliseMessageId } from '../domain/mail-text';

export type MailAddress = { address: string; name: string };

/** A file of the mail, kept: `content` is decoded. */
export type ParsedAttachment = {
  filename: string;
  /** As the mail declared it (not sniffed: check the bytes before trusting it). */
  contentType: string;
  size: number;
  content: Buffer;
  /** Content-ID without brackets: `<img src="cid:…">` in `safeHtml` points at it. */
  cid?: string;
  /** Shown in the body (an inline image) rather than offered as a file. */
  inline: boolean;
};

/** A file the mail had that was not kept, so the agent can be told it existed. */
export type SkippedAttachment = {
  filename: string;
  contentType: string;
  size: number;
  reason: 'too-large' | 'too-many';
};

export type ParsedMail = {
  /** Normalised (`<local@domain>`, see normaliseMessageId); null when the mail had none. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: MailAddress | null;
  /** Where a reply should go when set (mailing systems, shops that send on behalf of someone). */
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** The Date header; null when missing or unreadable. */
  date: Date | null;
  /** The plain text: the text part, or else safeHtml converted to text (html-to-text, via mailparser). */
  text: string;
  /** The HTML part made safe to show (see parseMail); null when the mail had no HTML. */
  safeHtml: string | null;
  /** `text` split by collapseQuoted. */
  visibleText: string;
  quotedText: string;
  attachments: ParsedAttachment[];
  skippedAttachments: SkippedAttachment[];
  /** The headers loopVerdict reads (lowercase names; the subject decoded). */
  headers: Partial<Record<LoopHeader, string>>;
};

export type ParseMailOptions = {
  /** A larger attachment (or inline image) is listed in skippedAttachments instead. */
  maxAttachmentBytes: number;
  /** Attachments past this many, in the mail's order, are listed in skippedAttachments. */
  maxAttachments: number;
};

/**
 * Reads a raw RFC 5322 mail into what a conversation needs.
 *
 * Charsets: bodies and RFC 2047 words in any charset iconv-lite knows (GBK, GB2312, GB18030, Big5 …)
 * decode through mailparser. Headers sent as raw 8-bit bytes that are not UTF-8 (older Chinese
 * clients do this with GBK subjects) are decoded with the mail's charset, or GB18030 when it names
 * none, before parsing.
 *
 * `text` is the text part; without one (or an empty one), `safeHtml` converted to text.
 *
 * `safeHtml` keeps basic formatting, tables, a few harmless inline styles and links (http, https,
 * mailto, tel; opened in a new tab with rel="noopener noreferrer nofollow"). Scripts, styles,
 * iframes, forms, objects, event handlers and javascript: URLs are dropped. Images stay only as
 * `src="cid:<cid>"` pointing at an entry of `attachments`: a `data:` image becomes such an
 * attachment, and remote images (tracking pixels) and images whose file was skipped are removed.
 * The renderer swaps `cid:` for the attachment's own URL.
 */
export async function parseMail(raw: Buffer, opts: ParseMailOptions): Promise<ParsedMail> {
  const parsed = await simpleParser(decode8bitHeaders(raw), {
    keepCidLinks: true,
    skipImageLinks: true,
    skipTextToHtml: true,
    // The text is made from safeHtml below: no remote image URLs, no script text.
    skipHtmlToText: true,
  });

  const attachments: ParsedAttachment[] = [];
  const skippedAttachments: SkippedAttachment[] = [];
  const keep = (a: ParsedAttachment) => {
    if (a.size > opts.maxAttachmentBytes) {
      skippedAttachments.push({ filename: a.filename, contentType: a.contentType, size: a.size, reason: 'too-large' });
    } else if (attachments.length >= opts.maxAttachments) {
      skippedAttachments.push({ filename: a.filename, contentType: a.contentType, size: a.size, reason: 'too-many' });
    } else {
      attachments.push(a);
      return true;
    }
    return false;
  };
  for (const a of parsed.attachments) {
    const declared = a.headers.get('content-type');
    const contentType =
      declared && typeof declared === 'object' && 'value' in declared && typeof declared.value === 'string'
        ? declared.value.toLowerCase()
        : a.contentType;
    keep({
      filename: cleanFilename(a.filename, attachments.length + skippedAttachments.length + 1),
      contentType,
      size: a.size,
      content: a.content,
      ...(a.cid ? { cid: a.cid } : {}),
      inline: a.contentDisposition === 'inline' || Boolean(a.related),
    });
  }

  const html = typeof parsed.html === 'string' && parsed.html ? parsed.html : null;
  const safeHtml = html ? sanitize(html, attachments, keep) : null;
  const plain = parsed.text?.trim() ? parsed.text : safeHtml ? await htmlToText(safeHtml) : '';
  const text = plain.replace(/ ?\[cid:[^\]\s]*\]/g, '').trimEnd();
  const { visible, quoted } = collapseQuoted(text);

  const headers: Partial<Record<LoopHeader, string>> = {};
  const wanted = new Set<string>(LOOP_HEADERS);
  for (const { key, line } of parsed.headerLines) {
    if (!wanted.has(key) || key in headers) continue;
    headers[key as LoopHeader] = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
  }
  if (parsed.subject !== undefined) headers.subject = parsed.subject;

  const hasDate = parsed.headerLines.some((h) => h.key === 'date');
  return {
    messageId: parsed.messageId ? (normaliseMessageId(parsed.messageId) ?? null) : null,
    inReplyTo: messageIdsIn(parsed.inReplyTo)[0] ?? null,
    references: messageIdsIn(parsed.references),
    from: addresses(parsed.from)[0] ?? null,
    replyTo: addresses(parsed.replyTo),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    date: hasDate && parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    text,
    safeHtml,
    visibleText: visible,
    quotedText: quoted,
    attachments,
    skippedAttachments,
    headers,
  };
}

/**
 * HTML to text with mailparser's converter (html-to-text), by parsing the HTML as a mail of its own:
 * mailparser converts only an HTML body at the root or beside a text part, and an HTML body inside
 * multipart/mixed or multipart/related, which many clients send, would get no text at all.
 */
async function htmlToText(html: string): Promise<string> {
  const again = await simpleParser(Buffer.from(`Content-Type: text/html; charset=utf-8\r\n\r\n${html}`), {
    skipTextToHtml: true,
    skipImageLinks: true,
  });
  return again.text ?? '';
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  if (!value) return [];
  const out: MailAddress[] = [];
  const walk = (list: AddressObject['value']) => {
    for (const a of list) {
      if (a.group) walk(a.group);
      else if (a.address) out.push({ address: a.address.trim(), name: a.name.trim() });
    }
  };
  for (const obj of Array.isArray(value) ? value : [value]) walk(obj.value);
  return out;
}

/** A name that can be shown and stored: no path, no control characters, not empty, not endless. */
function cleanFilename(name: string | undefined, n: number): string {
  const base = (name ?? '')
    .split(/[/\\]/)
    .pop()!
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .replace(/^\.+/, '');
  return (base || `attachment-${n}`).slice(0, 200);
}

/**
 * Raw 8-bit header bytes that are not UTF-8 re-encoded as UTF-8 (which mailparser reads), taking
 * the charset from the top Content-Type, or GB18030 (a superset of GBK and GB2312) without one.
 */
function decode8bitHeaders(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
  const head = raw.subarray(0, end >= 0 ? end : raw.length);
  if (!head.some((b) => b >= 0x80)) return raw;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head);
    return raw;
  } catch {
    // not UTF-8: decoded below
  }
  const declared = /^content-type:[^\n]*?charset\s*=\s*"?([\w.:-]+)/im.exec(head.toString('latin1'))?.[1];
  let decoded: string | undefined;
  if (declared && !/^(?:utf-?8|us-ascii)$/i.test(declared)) {
    try {
      decoded = new TextDecoder(declared, { fatal: true }).decode(head);
    } catch {
      // an unknown label, or bytes that are not that charset: the fallback below
    }
  }
  decoded ??= new TextDecoder('gb18030').decode(head);
  return Buffer.concat([Buffer.from(decoded, 'utf8'), raw.subarray(head.length)]);
}

const RASTER_DATA_URL = /^data:(image\/(?:png|jpe?g|gif|webp|bmp));base64,([a-z0-9+/=\s]+)$/i;
/** A colour: a name, #hex, rgb()/rgba()/hsl()/hsla() of numbers; nothing that could load or run anything. */
const STYLE_VALUE = [/^(?:#[0-9a-f]{3,8}|[a-z]{3,30}|(?:rgba?|hsla?)\([\d\s.,%]{1,40}\))$/i];

function sanitize(html: string, attachments: ParsedAttachment[], keep: (a: ParsedAttachment) => boolean): string {
  let inlineImages = 0;
  const imageSrc = (src: string | undefined): string | undefined => {
    if (!src) return undefined;
    const trimmed = src.trim();
    if (/^cid:/i.test(trimmed)) {
      const cid = trimmed.slice(4);
      return attachments.some((a) => a.cid === cid) ? `cid:${cid}` : undefined;
    }
    const data = RASTER_DATA_URL.exec(trimmed);
    if (!data) return undefined;
    const content = Buffer.from(data[2]!.replace(/\s+/g, ''), 'base64');
    const contentType = data[1]!.toLowerCase();
    const cid = `inline-${++inlineImages}@kefu`;
    const extension = contentType.split('/')[1]!.replace('jpeg', 'jpg');
    const kept = keep({
      filename: `image-${inlineImages}.${extension}`,
      contentType,
      size: content.length,
      content,
      cid,
      inline: true,
    });
    return kept ? `cid:${cid}` : undefined;
  };

  return sanitizeHtml(html, {
    allowedTags: [
      ...['p', 'br', 'div', 'span', 'hr', 'blockquote', 'pre', 'code', 'center', 'font'],
      ...['b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'big', 'mark'],
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd'],
      ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'colgroup', 'col'],
      ...['a', 'img'],
    ],
    allowedAttributes: {
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['border', 'cellpadding', 'cellspacing', 'width'],
      col: ['span', 'width'],
      font: ['color'],
      '*': ['style', 'dir', 'align'],
    },
    // Colour and emphasis only: nothing that positions, sizes over the page or loads a URL.
    allowedStyles: {
      '*': {
        color: STYLE_VALUE,
        'background-color': STYLE_VALUE,
        'text-align': [/^(?:left|right|center|justify)$/i],
        'font-weight': [/^(?:normal|bold|bolder|lighter|[1-9]00)$/i],
        'font-style': [/^(?:normal|italic)$/i],
        'text-decoration': [/^(?:none|underline|line-through)$/i],
      },
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['cid'] },
    allowProtocolRelative: false,
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'iframe', 'object', 'template'],
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
      img: (tagName, attribs) => {
        const src = imageSrc(attribs.src);
        const { src: _dropped, ...rest } = attribs;
        return { tagName, attribs: src ? { ...rest, src } : rest };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}
