/** Letters and digits: what WeChat accepts for its token and EncodingAESKey. */
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// The largest multiple of 62 below 256: bytes at or above it are drawn again, so every character is equally likely.
const LIMIT = 256 - (256 % ALPHANUMERIC.length);

type Fill = (bytes: Uint8Array) => Uint8Array;
const cryptoFill: Fill = (bytes) => crypto.getRandomValues(bytes);

/** `length` random letters and digits from the browser's cryptographic generator. */
export function randomAlphanumeric(length: number, fill: Fill = cryptoFill): string {
  let out = '';
  while (out.length < length) {
    for (const b of fill(new Uint8Array(length - out.length + 8))) {
      if (b >= LIMIT) continue;
      out += ALPHANUMERIC[b % ALPHANUMERIC.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** WeChat's server token (令牌): 3–32 letters or digits; the longest is the hardest to guess. */
export const newWechatToken = (fill?: Fill) => randomAlphanumeric(32, fill);
/** WeChat's EncodingAESKey (消息加解密密钥): exactly 43 letters or digits. */
export const newEncodingAesKey = (fill?: Fill) => randomAlphanumeric(43, fill);
/** The SMS provider's webhook signing secret (at least 16 characters). */
export const newWebhookSecret = (fill?: Fill) => randomAlphanumeric(40, fill);
