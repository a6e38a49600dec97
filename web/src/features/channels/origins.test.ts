import { describe, expect, it } from 'vitest';
import { addOrigin, MAX_ORIGINS, parseOrigin } from './origins';

describe('parseOrigin: an allowed origin as the browser sends it', () => {
  it('accepts https://host and https://host:port, written in lower case without the default port', () => {
    expect(parseOrigin(' https://WWW.Example.com ')).toEqual({ ok: true, origin: 'https://www.example.com' });
    expect(parseOrigin('https://shop.example.com:8443')).toEqual({ ok: true, origin: 'https://shop.example.com:8443' });
    expect(parseOrigin('https://www.example.com:443')).toEqual({ ok: true, origin: 'https://www.example.com' });
    expect(parseOrigin('https://www.example.com/')).toEqual({ ok: true, origin: 'https://www.example.com' });
  });

  it('writes an internationalised host as the browser does (punycode)', () => {
    expect(parseOrigin('https://例子.中国')).toEqual({ ok: true, origin: 'https://xn--fsqu00a.xn--fiqs8s' });
  });

  it('accepts plain http only for the machine itself', () => {
    expect(parseOrigin('http://localhost:5173')).toEqual({ ok: true, origin: 'http://localhost:5173' });
    expect(parseOrigin('http://127.0.0.1:8080')).toEqual({ ok: true, origin: 'http://127.0.0.1:8080' });
    expect(parseOrigin('http://www.example.com')).toEqual({
      ok: false,
      problem: 'scheme',
      suggestion: 'https://www.example.com',
    });
  });

  it('suggests https:// when the scheme is missing', () => {
    expect(parseOrigin('www.example.com')).toEqual({
      ok: false,
      problem: 'scheme',
      suggestion: 'https://www.example.com',
    });
    expect(parseOrigin('shop.example.com/contact')).toEqual({
      ok: false,
      problem: 'scheme',
      suggestion: 'https://shop.example.com',
    });
    expect(parseOrigin('ftp://www.example.com')).toMatchObject({ ok: false, problem: 'scheme' });
  });

  it('refuses a page address and offers its origin instead', () => {
    for (const page of [
      'https://www.example.com/contact',
      'https://www.example.com/?a=1',
      'https://www.example.com/#top',
    ]) {
      expect(parseOrigin(page)).toEqual({ ok: false, problem: 'path', suggestion: 'https://www.example.com' });
    }
  });

  it('refuses wildcards, credentials, empty input and what is no address', () => {
    expect(parseOrigin('https://*.example.com')).toEqual({ ok: false, problem: 'wildcard' });
    expect(parseOrigin('https://user:pw@www.example.com')).toEqual({ ok: false, problem: 'host' });
    expect(parseOrigin('https://exa mple.com')).toEqual({ ok: false, problem: 'host' });
    expect(parseOrigin('https://www.example.com:99999')).toEqual({ ok: false, problem: 'host' });
    expect(parseOrigin('   ')).toEqual({ ok: false, problem: 'empty' });
  });
});

describe('addOrigin', () => {
  it('adds the normalised origin once', () => {
    const first = addOrigin([], 'https://WWW.example.com');
    expect(first).toEqual({ ok: true, list: ['https://www.example.com'], origin: 'https://www.example.com' });
    expect(addOrigin(['https://www.example.com'], 'https://www.example.com:443/')).toEqual({
      ok: false,
      problem: 'duplicate',
    });
  });

  it('stops at the server’s limit', () => {
    const full = Array.from({ length: MAX_ORIGINS }, (_, i) => `https://s${i}.example.com`);
    expect(addOrigin(full, 'https://one-more.example.com')).toEqual({ ok: false, problem: 'tooMany' });
  });
});
