import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildEncryptedReply,
  buildTextReply,
  cdata,
  createWechatCipher,
  MAX_XML_BYTES,
  messageSignature,
  openEncryptedPush,
  parseEncryptedEnvelope,
  parseInbound,
  replyWindow,
  urlSignature,
  verifyMessageSignature,
  verifyUrlSignature,
  WechatProtocolError,
  type WechatProtocolErrorCode,
} from './wechat-protocol';

const protocolError = (code: WechatProtocolErrorCode) => expect.objectContaining({ name: 'WechatProtocolError', code });

// The EncodingAESKey of WeChat's sample code (WXBizMsgCrypt, all five languages).
const SAMPLE_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SAMPLE_KEY_HEX = '69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051';

/**
 * The decryption example of the official sample (Sample.py / Sample.php): token "spamtest", appId
 * wx2c2769f8efd9abc2, timestamp 1409735669, nonce 1320562132 and this msg_signature.
 */
const SAMPLE_PUSH = {
  token: 'spamtest',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
};

/**
 * The encryption known answers of the official Java sample's test (WXBizMsgCryptTest): appId
 * wxb11529c136998cb6 and the fixed random string "aaaabbbbccccdddd".
 */
const SAMPLE_JAVA = {
  appId: 'wxb11529c136998cb6',
  random: Buffer.from('aaaabbbbccccdddd'),
  replyMsg: '我是中文abcd123',
  afterAesEncrypt: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
  replyMsg2:
    '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>',
  afterAesEncrypt2:
    'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb',
};

/**
 * Known answers computed apart from this code, with the openssl CLI
 * (`openssl enc -aes-256-cbc -nopad -K <SAMPLE_KEY_HEX> -iv <its first 16 bytes>`) over
 * "aaaabbbbccccdddd" ‖ uint32be(n) ‖ message ‖ "wxb11529c136998cb6" ‖ PKCS#7 to 32 bytes. With the
 * 18-byte appId, 25 bytes pad with one byte and 26 with a whole 32-byte block.
 */
const OPENSSL_VECTORS: Array<{ name: string; message: string; pad: number; encrypt: string }> = [
  {
    name: 'empty',
    message: '',
    pad: 26,
    encrypt: 'jn1L23DB+6ELqJ+6bruv23MQ68ysOrxhL7CpRjZ4WZdgFqes9v8iGaaZBu9Qpe/W60xpqsYTwNjd/ZCp69l9lg==',
  },
  {
    name: '25 bytes',
    message: 'a'.repeat(25),
    pad: 1,
    encrypt: 'jn1L23DB+6ELqJ+6bruv20yaNGgWhHokW7lfxGcZyvYaiqIk9i/9vFMUp9kksB2Dkp0WMXGKa0Uh08vkCGEOMA==',
  },
  {
    name: '26 bytes',
    message: 'b'.repeat(26),
    pad: 32,
    encrypt:
      'jn1L23DB+6ELqJ+6bruv28wnvcjynVOcP7e4A7Tor6G8qsb5t5n4XAbRuWrpjEtj2KPTxD52eFIU7DFj4kfj6keRTd4ZyFPCVbroE3zZ/K/7bGKVOsFy/m6MaFvMLYZo',
  },
  {
    name: '31 bytes',
    message: 'c'.repeat(31),
    pad: 27,
    encrypt:
      'jn1L23DB+6ELqJ+6bruv21ZPoIZEFL9gsp6Qcp0pdHTaTTmW/t5Wo9dTjH65I2SQBiubMku9imDbI03uWF3xpH9yYaQxJUjTDa2AvLRSiMWCdkkTkKHdTLsPGvQgKm/l',
  },
  {
    name: '32 bytes',
    message: 'd'.repeat(32),
    pad: 26,
    encrypt:
      'jn1L23DB+6ELqJ+6bruv2w3BIESy4Z93A3LJ31ieR1b0Hfy354x+SPYQc2yghjR1FpItI0x/01SQ4VDNLqtr8p8qwocAOn9e+WNS9v9vZ2XFJ275PpvX1ewmEOPpyeSl',
  },
  {
    name: '33 bytes',
    message: 'e'.repeat(33),
    pad: 25,
    encrypt:
      'jn1L23DB+6ELqJ+6bruv23Tpg4EYdZTVbn+0yeG5+9rG+B2kHqg007IlsqqIIfWjtx2UmN/M49NExLRai//fInrAAQ/4G/Q5CnolgH9fqiTOFLfF3uF4jE81eDp19ngc',
  },
  {
    name: 'Chinese text',
    message: '<xml><Content><![CDATA[你好，客服！]]></Content></xml>',
    pad: 30,
    encrypt:
      'jn1L23DB+6ELqJ+6bruv25XVGRAS0KTgO4wCRKR94ltRQsW/iVZPC49PUfBPoxRnlhWFo7arKprMdUEZ0AkO6okSGlev34GPdLYylkGVYG1kDG/zPrcU62ISUpmhR55d7vcK6289vCpik/RPsR8DEAKow4JIkJ1joaQpmhyrpN4=',
  },
];

/** AES-256-CBC over raw bytes with the sample key, for hand-made (broken) plaintexts. */
function encryptRaw(plain: Buffer): string {
  const key = Buffer.from(SAMPLE_KEY_HEX, 'hex');
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}

function rawPlaintext(message: Buffer, appId: string, opts: { length?: number; pad?: Buffer } = {}): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(opts.length ?? message.length);
  const body = Buffer.concat([Buffer.from('aaaabbbbccccdddd'), len, message, Buffer.from(appId)]);
  const n = 32 - (body.length % 32);
  return Buffer.concat([body, opts.pad ?? Buffer.alloc(n, n)]);
}

describe('signatures', () => {
  it("match the worked example of WeChat's 消息加解密说明 page (Token AAAAA)", () => {
    expect(urlSignature('AAAAA', '1714037059', '486452656')).toBe('899cf89e464efb63f54ddac96b0a0a235f53aa78');
    expect(verifyUrlSignature('AAAAA', '1714037059', '486452656', '899cf89e464efb63f54ddac96b0a0a235f53aa78')).toBe(
      true,
    );
  });

  it('msg_signature matches the official sample push', () => {
    const p = SAMPLE_PUSH;
    expect(messageSignature(p.token, p.timestamp, p.nonce, p.encrypt)).toBe(p.msgSignature);
    expect(verifyMessageSignature(p.token, p.timestamp, p.nonce, p.encrypt, p.msgSignature)).toBe(true);
  });

  it('a tampered signature, timestamp, nonce, token or body is refused', () => {
    const good = '899cf89e464efb63f54ddac96b0a0a235f53aa78';
    expect(verifyUrlSignature('AAAAA', '1714037059', '486452656', `${good.slice(0, -1)}9`)).toBe(false);
    expect(verifyUrlSignature('AAAAA', '1714037060', '486452656', good)).toBe(false);
    expect(verifyUrlSignature('AAAAA', '1714037059', '486452657', good)).toBe(false);
    expect(verifyUrlSignature('AAAAB', '1714037059', '486452656', good)).toBe(false);
    expect(verifyUrlSignature('AAAAA', '1714037059', '486452656', good.slice(0, 20))).toBe(false);
    expect(verifyUrlSignature('AAAAA', '1714037059', '486452656', '')).toBe(false);
    const p = SAMPLE_PUSH;
    expect(verifyMessageSignature(p.token, p.timestamp, p.nonce, `A${p.encrypt.slice(1)}`, p.msgSignature)).toBe(false);
  });

  it('an upper-case hex signature is the same signature', () => {
    expect(verifyUrlSignature('AAAAA', '1714037059', '486452656', '899CF89E464EFB63F54DDAC96B0A0A235F53AA78')).toBe(
      true,
    );
  });
});

describe('the safe-mode cipher', () => {
  it('decrypts the official sample push to its XML', () => {
    const xml = createWechatCipher(SAMPLE_KEY, SAMPLE_PUSH.appId).decrypt(SAMPLE_PUSH.encrypt);
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n' +
        '<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n' +
        '<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n' +
        '<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>',
    );
    expect(parseInbound(xml)).toMatchObject({ type: 'text', content: 'abcdteT', msgId: '6054768590064713728' });
  });

  it('opens the official sample push in one step (signature first, then decryption)', () => {
    const body = `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[${SAMPLE_PUSH.encrypt}]]></Encrypt></xml>`;
    const cipher = createWechatCipher(SAMPLE_KEY, SAMPLE_PUSH.appId);
    const { token, timestamp, nonce, msgSignature } = SAMPLE_PUSH;
    expect(openEncryptedPush({ token, cipher, timestamp, nonce, msgSignature, body })).toContain('abcdteT');
    expect(() => openEncryptedPush({ token, cipher, timestamp, nonce: '1320562133', msgSignature, body })).toThrowError(
      protocolError('bad_signature'),
    );
  });

  it('encrypts exactly as the official Java sample does, Chinese included', () => {
    const c = createWechatCipher(SAMPLE_KEY, SAMPLE_JAVA.appId);
    expect(c.encrypt(SAMPLE_JAVA.replyMsg, SAMPLE_JAVA.random)).toBe(SAMPLE_JAVA.afterAesEncrypt);
    expect(c.encrypt(SAMPLE_JAVA.replyMsg2, SAMPLE_JAVA.random)).toBe(SAMPLE_JAVA.afterAesEncrypt2);
    expect(c.decrypt(SAMPLE_JAVA.afterAesEncrypt)).toBe(SAMPLE_JAVA.replyMsg);
    expect(c.decrypt(SAMPLE_JAVA.afterAesEncrypt2)).toBe(SAMPLE_JAVA.replyMsg2);
  });

  describe.each(OPENSSL_VECTORS)('a $name message (pad $pad) matches openssl', ({ message, encrypt }) => {
    const c = createWechatCipher(SAMPLE_KEY, SAMPLE_JAVA.appId);
    it('encrypts to the same bytes and decrypts back', () => {
      expect(c.encrypt(message, SAMPLE_JAVA.random)).toBe(encrypt);
      expect(c.decrypt(encrypt)).toBe(message);
    });
    it('round-trips with a fresh random prefix', () => {
      const e = c.encrypt(message);
      expect(e).not.toBe(encrypt);
      expect(c.decrypt(e)).toBe(message);
    });
  });

  it('refuses a message for another appId', () => {
    expect(() => createWechatCipher(SAMPLE_KEY, 'wx0000000000000000').decrypt(SAMPLE_PUSH.encrypt)).toThrowError(
      protocolError('app_id_mismatch'),
    );
    const other = createWechatCipher(SAMPLE_KEY, 'wx2c2769f8efd9abc').encrypt('<xml/>');
    expect(() => createWechatCipher(SAMPLE_KEY, 'wx2c2769f8efd9abc2').decrypt(other)).toThrowError(
      protocolError('app_id_mismatch'),
    );
  });

  it('refuses bad padding: zero, larger than 32, or unequal bytes', () => {
    const c = createWechatCipher(SAMPLE_KEY, SAMPLE_JAVA.appId);
    const msg = Buffer.from('hello');
    const body = rawPlaintext(msg, SAMPLE_JAVA.appId);
    const padLength = body.length - (16 + 4 + msg.length + SAMPLE_JAVA.appId.length);
    const withPad = (pad: Buffer) => encryptRaw(rawPlaintext(msg, SAMPLE_JAVA.appId, { pad }));
    expect(c.decrypt(withPad(Buffer.alloc(padLength, padLength)))).toBe('hello');
    expect(() => c.decrypt(withPad(Buffer.alloc(padLength, 0)))).toThrowError(protocolError('bad_padding'));
    const uneven = Buffer.alloc(padLength, padLength);
    uneven[0] = 1;
    expect(() => c.decrypt(withPad(uneven))).toThrowError(protocolError('bad_padding'));
    // 33 is not a WeChat pad; with the block after it, the plaintext stays whole blocks.
    expect(() => c.decrypt(withPad(Buffer.alloc(padLength + 32, 33)))).toThrowError(protocolError('bad_padding'));
  });

  it('refuses a length that points past the plaintext, or a plaintext too short to hold one', () => {
    const c = createWechatCipher(SAMPLE_KEY, SAMPLE_JAVA.appId);
    const long = rawPlaintext(Buffer.from('hello'), SAMPLE_JAVA.appId, { length: 5000 });
    expect(() => c.decrypt(encryptRaw(long))).toThrowError(protocolError('bad_length'));
    expect(() => c.decrypt(encryptRaw(Buffer.alloc(32, 32)))).toThrowError(protocolError('bad_length'));
  });

  it('refuses ciphertext that is not base64 of whole blocks', () => {
    const c = createWechatCipher(SAMPLE_KEY, SAMPLE_JAVA.appId);
    expect(() => c.decrypt('not base64!')).toThrowError(protocolError('bad_ciphertext'));
    expect(() => c.decrypt('')).toThrowError(protocolError('bad_ciphertext'));
    expect(() => c.decrypt(Buffer.alloc(24).toString('base64'))).toThrowError(protocolError('bad_ciphertext'));
  });

  it('refuses an EncodingAESKey that is not 43 base64 characters', () => {
    expect(() => createWechatCipher(SAMPLE_KEY.slice(1), 'wx1')).toThrowError(protocolError('bad_aes_key'));
    expect(() => createWechatCipher(`${SAMPLE_KEY}H`, 'wx1')).toThrowError(protocolError('bad_aes_key'));
    expect(() => createWechatCipher(`${SAMPLE_KEY.slice(0, 42)}!`, 'wx1')).toThrowError(protocolError('bad_aes_key'));
  });
});

const push = (inner: string, createTime = '1409735668') =>
  `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>${createTime}</CreateTime>${inner}</xml>`;

describe('parseInbound', () => {
  it('reads a text message, keeping the 64-bit MsgId and the content exactly', () => {
    const m = parseInbound(
      push(
        '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ 你好 a]]]]><![CDATA[>b ]]></Content><MsgId>6054768590064713728</MsgId>',
      ),
    );
    expect(m).toEqual({
      type: 'text',
      toUserName: 'gh_10f6c3c3ac5a',
      fromUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      createTime: new Date(1409735668_000),
      msgId: '6054768590064713728',
      dedupeKey: '6054768590064713728',
      content: ' 你好 a]]>b ',
    });
  });

  it('reads an image and a voice message (Recognition only when WeChat sent it)', () => {
    expect(
      parseInbound(
        push(
          '<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[media_1]]></MediaId><MsgId>1</MsgId>',
        ),
      ),
    ).toMatchObject({ type: 'image', picUrl: 'http://mmbiz.qpic.cn/x', mediaId: 'media_1', dedupeKey: '1' });
    const voice = parseInbound(
      push(
        '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m2]]></MediaId><Format><![CDATA[amr]]></Format><MsgId>2</MsgId>',
      ),
    );
    expect(voice).toMatchObject({ type: 'voice', mediaId: 'm2', format: 'amr' });
    expect(voice).not.toHaveProperty('recognition');
    expect(
      parseInbound(
        push(
          '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m3]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>3</MsgId>',
        ),
      ),
    ).toMatchObject({ type: 'voice', recognition: '腾讯微信团队' });
  });

  it('reads subscribe and unsubscribe events, de-duplicated by user, time and event', () => {
    const sub = parseInbound(
      push(
        '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event><EventKey><![CDATA[qrscene_123]]></EventKey>',
      ),
    );
    expect(sub).toMatchObject({
      type: 'subscribe',
      eventKey: 'qrscene_123',
      dedupeKey: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs:1409735668:subscribe',
    });
    expect(sub).not.toHaveProperty('msgId');
    expect(
      parseInbound(push('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event>')),
    ).toMatchObject({ type: 'unsubscribe', dedupeKey: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs:1409735668:unsubscribe' });
  });

  it('keeps anything else as `other` with its fields', () => {
    const loc = push(
      '<MsgType><![CDATA[location]]></MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Label><![CDATA[位置信息]]></Label><MsgId>9</MsgId>',
    );
    expect(parseInbound(loc)).toMatchObject({
      type: 'other',
      msgType: 'location',
      msgId: '9',
      dedupeKey: '9',
      fields: { Location_X: '23.134521', Label: '位置信息' },
      xml: loc,
    });
    expect(
      parseInbound(push('<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey>K</EventKey>')),
    ).toMatchObject({ type: 'other', event: 'CLICK', dedupeKey: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs:1409735668:CLICK' });
  });

  it("tolerates the padding around values in WeChat's own sample (`<MsgType>  <![CDATA[video]]>`)", () => {
    expect(
      parseInbound(push('<MsgType>  <![CDATA[text]]></MsgType><Content>x</Content><MsgId> 5 </MsgId>')),
    ).toMatchObject({ type: 'text', msgId: '5' });
  });

  it('refuses a DOCTYPE or ENTITY (XXE) before parsing', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${push('<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId>')}`;
    expect(() => parseInbound(xxe)).toThrowError(protocolError('doctype_refused'));
    expect(() => parseEncryptedEnvelope(xxe)).toThrowError(protocolError('doctype_refused'));
    expect(() => parseInbound('<!entity a "b"><xml/>')).toThrowError(protocolError('doctype_refused'));
  });

  it('refuses a body over 64 KiB, counted in bytes', () => {
    const content = '字'.repeat(Math.ceil(MAX_XML_BYTES / 3)); // under 64 Ki characters, over 64 KiB
    expect(() =>
      parseInbound(push(`<MsgType>text</MsgType><Content>${content}</Content><MsgId>1</MsgId>`)),
    ).toThrowError(protocolError('too_large'));
    expect(() => parseEncryptedEnvelope(`<xml><Encrypt>${'A'.repeat(MAX_XML_BYTES)}</Encrypt></xml>`)).toThrowError(
      protocolError('too_large'),
    );
  });

  it('refuses malformed XML, another root, and missing fields', () => {
    expect(() => parseInbound('<xml><ToUserName>a</xml>')).toThrowError(protocolError('malformed_xml'));
    expect(() => parseInbound('not xml')).toThrowError(protocolError('malformed_xml'));
    expect(() => parseInbound('<root><MsgType>text</MsgType></root>')).toThrowError(protocolError('malformed_xml'));
    expect(() => parseInbound(push('<MsgType>text</MsgType><MsgId>1</MsgId>'))).toThrowError(
      protocolError('missing_field'),
    );
    expect(() => parseInbound(push('<MsgType>text</MsgType><Content>x</Content>'))).toThrowError(
      protocolError('missing_field'),
    );
    expect(() =>
      parseInbound(push('<MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId>', 'soon')),
    ).toThrowError(protocolError('malformed_xml'));
    // Two FromUserName elements: which user sent it is ambiguous.
    expect(() =>
      parseInbound(push('<FromUserName>b</FromUserName><MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId>')),
    ).toThrowError(protocolError('missing_field'));
  });

  it('every error is a WechatProtocolError', () => {
    expect(() => parseInbound('')).toThrowError(WechatProtocolError);
  });
});

describe('parseEncryptedEnvelope', () => {
  it('reads ToUserName and Encrypt, with or without ToUserName', () => {
    expect(
      parseEncryptedEnvelope('<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt></xml>'),
    ).toEqual({ toUserName: 'gh_1', encrypt: 'abc=' });
    expect(parseEncryptedEnvelope('<xml><Encrypt>abc=</Encrypt></xml>')).toEqual({
      toUserName: undefined,
      encrypt: 'abc=',
    });
    expect(() => parseEncryptedEnvelope('<xml><ToUserName>gh_1</ToUserName></xml>')).toThrowError(
      protocolError('missing_field'),
    );
  });
});

describe('passive replies', () => {
  it('a text reply escapes `]]>` so the content survives a parse', () => {
    const xml = buildTextReply({
      toUserName: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      fromUserName: 'gh_10f6c3c3ac5a',
      createTime: new Date(1409735669_000),
      content: '您好 ]]> <b>&amp;</b>',
    });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></ToUserName><FromUserName><![CDATA[gh_10f6c3c3ac5a]]></FromUserName>' +
        '<CreateTime>1409735669</CreateTime><MsgType><![CDATA[text]]></MsgType>' +
        '<Content><![CDATA[您好 ]]]]><![CDATA[> <b>&amp;</b>]]></Content></xml>',
    );
    // The reply has the shape of a text push: read it back with the inbound parser.
    expect(parseInbound(xml.replace('</xml>', '<MsgId>1</MsgId></xml>'))).toMatchObject({
      type: 'text',
      content: '您好 ]]> <b>&amp;</b>',
    });
  });

  it('drops characters XML cannot carry', () => {
    expect(cdata('a\u0000b\u0007c\td\n')).toBe('<![CDATA[abc\td\n]]>');
  });

  it('an encrypted reply carries a msg_signature over its Encrypt and decrypts to the reply', () => {
    const cipher = createWechatCipher(SAMPLE_KEY, SAMPLE_JAVA.appId);
    const body = buildEncryptedReply({
      cipher,
      token: 'pamtest',
      xml: SAMPLE_JAVA.replyMsg,
      timestamp: '1409304348',
      nonce: 'xxxxxx',
      random16: SAMPLE_JAVA.random,
    });
    const signature = messageSignature('pamtest', '1409304348', 'xxxxxx', SAMPLE_JAVA.afterAesEncrypt);
    expect(body).toBe(
      `<xml><Encrypt><![CDATA[${SAMPLE_JAVA.afterAesEncrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature>` +
        '<TimeStamp>1409304348</TimeStamp><Nonce><![CDATA[xxxxxx]]></Nonce></xml>',
    );
  });
});

describe('the 48-hour window', () => {
  const last = new Date('2025-03-01T08:00:00Z');
  it('is open until 48 hours after the last inbound message, then closed', () => {
    const closesAt = new Date('2025-03-03T08:00:00Z');
    expect(replyWindow(last, new Date('2025-03-03T07:59:59.999Z'))).toEqual({ open: true, closesAt });
    expect(replyWindow(last, closesAt)).toEqual({ open: false, closesAt });
    expect(replyWindow(last, new Date('2025-03-10T00:00:00Z')).open).toBe(false);
  });
});
