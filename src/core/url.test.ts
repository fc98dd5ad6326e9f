import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleartextAddressOf, hostnameOf, parseUrl } from './url';

describe('url helpers', () => {
  it('parse with and without a base, null for nonsense', () => {
    expect(parseUrl('http://a.test/x')?.href).toBe('http://a.test/x');
    expect(parseUrl('/y', 'http://a.test/x')?.href).toBe('http://a.test/y');
    expect(parseUrl('not a url')).toBeNull();
    expect(parseUrl('/y', 'about:blank')).toBeNull();
  });

  it('give the host name or nothing', () => {
    expect(hostnameOf('http://User:pw@A.test:8080/x')).toBe('a.test');
    expect(hostnameOf('nonsense')).toBe('');
    expect(hostnameOf(undefined)).toBe('');
  });
});

describe('cleartextAddressOf', () => {
  const byParser = (href: string) => {
    const url = parseUrl(href);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'ws:')) return null;
    return { scheme: url.protocol, hostname: url.hostname, port: url.port === '' ? null : Number(url.port) };
  };

  it.each([
    'http://a.test/x',
    'ws://chat.example.com:8080/socket',
    'http://example.com:80/',
    'http://example.com:0080/',
    'http://example.com:65536/',
    'http://example.com:/',
    'http://2130706433/',
    'http://127.1/',
    'http://0x7f.1/',
    'http://a.b.0x1f/',
    'http://example.com./',
    'http://EXAMPLE.com/',
    'http://user:pw@example.com/',
    'http://a.com\\@evil.com/',
    'http://a.c\nom/',
    'http://xn--nxasmq6b.com/',
    'http://xn--a.com/',
    'http://[::1]:8080/',
    'http://a..b/',
    'http://-a-.com?x#y',
    'https://example.com/',
    'ftp://example.com/',
    'http:/example.com/',
    'nonsense',
  ])('reads %j as the URL parser does', (href) => {
    expect(cleartextAddressOf(href)).toEqual(byParser(href));
  });

  it('agrees with the URL parser on generated addresses', () => {
    const part = fc.constantFrom(
      'a',
      'b',
      'z',
      '0',
      '9',
      '-',
      '.',
      ':',
      '@',
      '%',
      'x',
      'n',
      'A',
      '[',
      ']',
      '\\',
      '/',
      '?',
      '#',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.constantFrom('http://', 'ws://', 'https://'),
        fc.array(part, { maxLength: 24 }),
        (scheme, chars) => {
          const href = scheme + chars.join('');
          expect(cleartextAddressOf(href)).toEqual(byParser(href));
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
