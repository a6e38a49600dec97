/**
 * The WeChat Official Account (微信公众号) message protocol: the URL and message signatures, the
 * safe-mode (安全模式) AES envelope, the inbound XML and the passive replies. Pure: no I/O, the
 * caller passes the clock's values (timestamps, nonces) in.
 *
 * Checked against the values published with WeChat's own sample code (WXBizMsgCrypt) and the
 * worked example of the 消息加解密说明 page; see wechat-protocol.test.ts.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type WechatProtocolErrorCode =
  /** EncodingAESKey is not 43 base64 characters decoding to 32 bytes. */
  | 'bad_aes_key'
  /** The Encrypt value is not base64 of whole AES blocks. */
  | 'bad_ciphertext'
  /** The decrypted PKCS#7 padding is not 1–32 equal bytes. */
  | 'bad_padding'
  /** The 4-byte length inside the plaintext points past its end, or the text is not UTF-8. */
  | 'bad_length'
  /** The plaintext ends with another account's appId. */
  | 'app_id_mismatch'
  /** The msg_signature does not match the envelope. */
  | 'bad_signature'
  | 'malformed_xml'
  /** A DOCTYPE or ENTITY declaration: refused outright (XXE, entity expansion). */
  | 'doctype_refused'
  /** The body is larger than MAX_XML_BYTES. */
  | 'too_large'
  | 'missing_field';

export class WechatProtocolError extends Error {
  override readonly name = 'WechatProtocolError';
  constructor(
    readonly code: WechatProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** WeChat's pushes are a few KiB; anything past this is not from WeChat. */
export const MAX_XML_BYTES = 64 * 1024;

/** The customer-service message window (客服消息): 48 hours after the user's last message. */
export const REPLY_WINDOW_MS = 48 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Signatures

const sha1OfSorted = (parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''), 'utf8')
    .digest('hex');

/** `signature` of the URL handshake and of every push: SHA-1 of token, timestamp, nonce sorted and joined. */
export const urlSignature = (token: string, timestamp: string, nonce: string): string =>
  sha1OfSorted([token, timestamp, nonce]);

/** `msg_signature` of safe mode: SHA-1 of token, timestamp, nonce and the Encrypt value, sorted and joined. */
export const messageSignature = (token: string, timestamp: string, nonce: string, encrypt: string): string =>
  sha1OfSorted([token, timestamp, nonce, encrypt]);

/** Constant-time: a caller probing signatures learns nothing from the reply time. */
function sameHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

export const verifyUrlSignature = (token: string, timestamp: string, nonce: string, signature: string): boolean =>
  sameHex(urlSignature(token, timestamp, nonce), signature);

export const verifyMessageSignature = (
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  msgSignature: string,
): boolean => sameHex(messageSignature(token, timestamp, nonce, encrypt), msgSignature);

// ---------------------------------------------------------------------------------------------
// Safe-mode AES

/** WeChat pads to 32 bytes (its PKCS7Encoder's block size), not AES's 16. */
const PAD_BLOCK = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type WechatCipher = {
  /** Base64 of AES-256-CBC(16 random bytes ‖ uint32be length ‖ xml ‖ appId ‖ padding). */
  encrypt(xml: string, random16?: Uint8Array): string;
  /** The xml inside, after checking padding, length and appId; throws WechatProtocolError. */
  decrypt(encrypt: string): string;
};

export function createWechatCipher(encodingAesKey: string, appId: string): WechatCipher {
  if (encodingAesKey.length !== 43 || !/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey))
    throw new WechatProtocolError('bad_aes_key', 'EncodingAESKey must be 43 characters of base64');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WechatProtocolError('bad_aes_key', 'EncodingAESKey must decode to 32 bytes');
  const iv = key.subarray(0, 16);
  const appIdBytes = Buffer.from(appId, 'utf8');
  const utf8 = new TextDecoder('utf-8', { fatal: true });

  return {
    encrypt(xml, random16 = randomBytes(16)) {
      if (random16.length !== 16) throw new RangeError('random16 must be 16 bytes');
      const msg = Buffer.from(xml, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(msg.length);
      const body = Buffer.concat([random16, length, msg, appIdBytes]);
      const pad = PAD_BLOCK - (body.length % PAD_BLOCK);
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      cipher.setAutoPadding(false);
      return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString(
        'base64',
      );
    },

    decrypt(encrypt) {
      const text = encrypt.trim();
      if (!BASE64.test(text) || text.length % 4 !== 0)
        throw new WechatProtocolError('bad_ciphertext', 'Encrypt is not base64');
      const data = Buffer.from(text, 'base64');
      if (data.length === 0 || data.length % 16 !== 0)
        throw new WechatProtocolError('bad_ciphertext', 'Encrypt is not whole AES blocks');
      const decipher = createDecipheriv('aes-256-cbc', key, iv);
      decipher.setAutoPadding(false);
      const plain = Buffer.concat([decipher.update(data), decipher.final()]);

      const pad = plain[plain.length - 1]!;
      if (pad < 1 || pad > PAD_BLOCK || pad > plain.length || !plain.subarray(-pad).every((b) => b === pad))
        throw new WechatProtocolError('bad_padding', 'the padding is not PKCS#7');
      const content = plain.subarray(0, plain.length - pad);
      if (content.length < 20) throw new WechatProtocolError('bad_length', 'the plaintext is too short');
      const msgLength = content.readUInt32BE(16);
      if (20 + msgLength > content.length)
        throw new WechatProtocolError('bad_length', 'the message length points past the plaintext');
      const from = content.subarray(20 + msgLength);
      // appIds are public: a plain comparison leaks nothing.
      if (!from.equals(appIdBytes))
        throw new WechatProtocolError('app_id_mismatch', 'the message is for another appId');
      try {
        return utf8.decode(content.subarray(20, 20 + msgLength));
      } catch {
        throw new WechatProtocolError('bad_length', 'the message is not UTF-8');
      }
    },
  };
}

/**
 * The safe-mode push in one step: checks msg_signature over the envelope's Encrypt *before*
 * decrypting (so nobody without the token can use the decryption as a padding oracle), then
 * returns the inner XML.
 */
export function openEncryptedPush(opts: {
  token: string;
  cipher: WechatCipher;
  timestamp: string;
  nonce: string;
  msgSignature: string;
  body: string;
}): string {
  const { encrypt } = parseEncryptedEnvelope(opts.body);
  if (!verifyMessageSignature(opts.token, opts.timestamp, opts.nonce, encrypt, opts.msgSignature))
    throw new WechatProtocolError('bad_signature', 'msg_signature does not match');
  return opts.cipher.decrypt(encrypt);
}

// ---------------------------------------------------------------------------------------------
// XML

// Values stay strings (MsgId is a 64-bit number), and untrimmed: Content is what the user typed.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function parseRoot(xml: string): Record<string, unknown> {
  if (Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES)
    throw new WechatProtocolError('too_large', `the XML is larger than ${MAX_XML_BYTES} bytes`);
  // Refused before any parser sees it: WeChat never sends a DTD.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new WechatProtocolError('doctype_refused', 'DOCTYPE/ENTITY refused');
  if (XMLValidator.validate(xml) !== true) throw new WechatProtocolError('malformed_xml', 'the XML is malformed');
  const doc = parser.parse(xml) as Record<string, unknown>;
  const root = doc.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root))
    throw new WechatProtocolError('malformed_xml', 'the root element is not <xml>');
  return root as Record<string, unknown>;
}

/** A leaf's text, or undefined when absent, repeated or not a leaf. */
function leaf(root: Record<string, unknown>, name: string): string | undefined {
  if (!Object.hasOwn(root, name)) return undefined;
  const v = root[name];
  return typeof v === 'string' ? v : undefined;
}

function required(root: Record<string, unknown>, name: string): string {
  const v = leaf(root, name);
  if (v === undefined || v.trim() === '') throw new WechatProtocolError('missing_field', `<${name}> is missing`);
  return v;
}

/** Identifiers and enumerations are compared trimmed (WeChat's own sample has `<MsgType>  <![CDATA[…`). */
const requiredToken = (root: Record<string, unknown>, name: string) => required(root, name).trim();
const optionalToken = (root: Record<string, unknown>, name: string) => {
  const v = leaf(root, name)?.trim();
  return v === '' ? undefined : v;
};

type InboundBase = {
  /** The account's original ID (gh_…). */
  toUserName: string;
  /** The user's openid. */
  fromUserName: string;
  createTime: Date;
  /** MsgId for messages; `${FromUserName}:${CreateTime}:${Event}` for events (they have no MsgId). */
  dedupeKey: string;
};

export type WechatInbound =
  | (InboundBase & { type: 'text'; msgId: string; content: string })
  | (InboundBase & { type: 'image'; msgId: string; picUrl: string; mediaId: string })
  | (InboundBase & { type: 'voice'; msgId: string; mediaId: string; format: string; recognition?: string })
  | (InboundBase & { type: 'subscribe'; eventKey?: string })
  | (InboundBase & { type: 'unsubscribe' })
  | (InboundBase & {
      type: 'other';
      msgType: string;
      event?: string;
      msgId?: string;
      /** Every top-level leaf, as sent. */
      fields: Record<string, string>;
      xml: string;
    });

/** The plaintext XML of a push (after decryption in safe mode). Throws WechatProtocolError. */
export function parseInbound(xml: string): WechatInbound {
  const root = parseRoot(xml);
  const toUserName = requiredToken(root, 'ToUserName');
  const fromUserName = requiredToken(root, 'FromUserName');
  const createTimeText = requiredToken(root, 'CreateTime');
  if (!/^\d{1,12}$/.test(createTimeText))
    throw new WechatProtocolError('malformed_xml', '<CreateTime> is not a Unix time');
  const createTime = new Date(Number(createTimeText) * 1000);
  const msgType = requiredToken(root, 'MsgType');
  const msgId = optionalToken(root, 'MsgId');
  const event = optionalToken(root, 'Event');
  const base = {
    toUserName,
    fromUserName,
    createTime,
    dedupeKey: msgId ?? `${fromUserName}:${createTimeText}:${event ?? msgType}`,
  };

  const messageId = () => {
    if (msgId === undefined) throw new WechatProtocolError('missing_field', '<MsgId> is missing');
    return msgId;
  };
  switch (msgType) {
    case 'text': {
      const content = leaf(root, 'Content');
      if (content === undefined) throw new WechatProtocolError('missing_field', '<Content> is missing');
      return { ...base, type: 'text', msgId: messageId(), content };
    }
    case 'image':
      return {
        ...base,
        type: 'image',
        msgId: messageId(),
        picUrl: requiredToken(root, 'PicUrl'),
        mediaId: requiredToken(root, 'MediaId'),
      };
    case 'voice': {
      const recognition = leaf(root, 'Recognition');
      return {
        ...base,
        type: 'voice',
        msgId: messageId(),
        mediaId: requiredToken(root, 'MediaId'),
        format: requiredToken(root, 'Format'),
        ...(recognition ? { recognition } : {}),
      };
    }
    case 'event': {
      if (event === 'subscribe') {
        const eventKey = optionalToken(root, 'EventKey');
        return { ...base, type: 'subscribe', ...(eventKey ? { eventKey } : {}) };
      }
      if (event === 'unsubscribe') return { ...base, type: 'unsubscribe' };
      break;
    }
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(root)) if (typeof v === 'string' && k !== '#text') fields[k] = v;
  return {
    ...base,
    type: 'other',
    msgType,
    ...(event ? { event } : {}),
    ...(msgId ? { msgId } : {}),
    fields,
    xml,
  };
}

/** The safe-mode body: `<xml><ToUserName/><Encrypt/></xml>` (ToUserName absent in some pushes). */
export function parseEncryptedEnvelope(xml: string): { toUserName: string | undefined; encrypt: string } {
  const root = parseRoot(xml);
  return { toUserName: optionalToken(root, 'ToUserName'), encrypt: requiredToken(root, 'Encrypt') };
}

// Characters XML 1.0 cannot carry at all; WeChat would refuse the whole reply for one of them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** A CDATA section holding any text: `]]>` is split across two sections. */
export const cdata = (text: string) => `<![CDATA[${text.replace(NOT_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** The passive reply (被动回复) with a text: to the user's openid, from the account's original ID. */
export function buildTextReply(opts: { toUserName: string; fromUserName: string; createTime: Date; content: string }) {
  return (
    `<xml><ToUserName>${cdata(opts.toUserName)}</ToUserName><FromUserName>${cdata(opts.fromUserName)}</FromUserName>` +
    `<CreateTime>${Math.floor(opts.createTime.getTime() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content>${cdata(opts.content)}</Content></xml>`
  );
}

/** A passive reply in safe mode: the reply XML encrypted and signed, as WXBizMsgCrypt.EncryptMsg builds it. */
export function buildEncryptedReply(opts: {
  cipher: WechatCipher;
  token: string;
  /** The reply XML (e.g. buildTextReply's). */
  xml: string;
  timestamp: string;
  nonce: string;
  random16?: Uint8Array;
}): string {
  const encrypt = opts.cipher.encrypt(opts.xml, opts.random16);
  const signature = messageSignature(opts.token, opts.timestamp, opts.nonce, encrypt);
  return (
    `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
    `<TimeStamp>${opts.timestamp}</TimeStamp><Nonce>${cdata(opts.nonce)}</Nonce></xml>`
  );
}

// ---------------------------------------------------------------------------------------------
// The 48-hour window

/** Whether a customer-service message may still be sent: within 48 h of the user's last message. */
export function replyWindow(lastInboundAt: Date, now: Date): { open: boolean; closesAt: Date } {
  const closesAt = new Date(lastInboundAt.getTime() + REPLY_WINDOW_MS);
  return { open: now.getTime() < closesAt.getTime(), closesAt };
}
