import { describe, expect, it } from 'vitest';
import { h5ChatUrl, smsWebhookUrl, wechatServerUrl, widgetSnippet } from './endpoints';

const origin = 'https://kefu.example.com';

describe('what an administrator hands on for a channel', () => {
  it('the widget snippet is one script tag with the key', () => {
    expect(widgetSnippet(origin, 'Ab_c-12')).toBe(
      '<script src="https://kefu.example.com/widget.js" data-key="Ab_c-12" async></script>',
    );
  });

  it('the H5 page, the SMS webhook and the WeChat server URL carry the key in the path', () => {
    expect(h5ChatUrl(origin, 'k1')).toBe('https://kefu.example.com/chat/k1');
    expect(smsWebhookUrl(origin, 'k2')).toBe('https://kefu.example.com/api/v1/channels/sms/k2/webhook');
    expect(wechatServerUrl(origin, 'k3')).toBe('https://kefu.example.com/api/v1/channels/wechat/k3');
  });
});
