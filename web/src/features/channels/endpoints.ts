/**
 * The addresses an administrator hands on for a channel, built from this server's origin (the one the
 * browser is on) and the channel's public key. docs/channels.md shows the same snippet.
 */
const key = (publicKey: string) => encodeURIComponent(publicKey);

/** The one line a website adds before `</body>` to show the chat widget. */
export const widgetSnippet = (origin: string, publicKey: string) =>
  `<script src="${origin}/widget.js" data-key="${publicKey.replace(/"/g, '&quot;')}" async></script>`;

/** The widget as a page of its own, for mobile browsers and links in messages. */
export const h5ChatUrl = (origin: string, publicKey: string) => `${origin}/chat/${key(publicKey)}`;

/** Where the SMS provider POSTs inbound messages and delivery reports. */
export const smsWebhookUrl = (origin: string, publicKey: string) =>
  `${origin}/api/v1/channels/sms/${key(publicKey)}/webhook`;

/** The server URL (服务器地址) entered in the WeChat admin console. */
export const wechatServerUrl = (origin: string, publicKey: string) =>
  `${origin}/api/v1/channels/wechat/${key(publicKey)}`;
