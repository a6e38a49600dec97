import { describe, expect, it } from 'vitest';
import { textToHtml } from './body-html';

describe('textToHtml', () => {
  it('wraps each line in a paragraph and escapes markup', () => {
    expect(textToHtml('第一行\n\n  <b>不是粗体</b> & "引号"\r\n')).toBe(
      '<p>第一行</p><p>&lt;b&gt;不是粗体&lt;/b&gt; &amp; &quot;引号&quot;</p>',
    );
  });
  it('is empty for blank text', () => {
    expect(textToHtml(' \n ')).toBe('');
  });
});
