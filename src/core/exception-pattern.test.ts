import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExceptionPattern, publicSuffixCoveredBy } from './exception-pattern';
import { parseHostPattern } from './host-pattern';
import { isListedPublicSuffix } from './public-suffix';

describe('parseExceptionPattern: wildcards over a public suffix', () => {
  it.each([
    ['*.com', 'com'],
    ['*.COM', 'com'],
    ['*.co.uk', 'co.uk'],
    [' *.Co.Uk. ', 'co.uk'],
    ['*.co.uk:8080', 'co.uk'],
    ['*.github.io', 'github.io'],
    ['*.s3.amazonaws.com', 's3.amazonaws.com'],
    ['*.xn--p1ai', 'xn--p1ai'],
    ['*.рф', 'xn--p1ai'],
    ['*.a.ck', 'a.ck'], // a suffix by the list's wildcard rule "*.ck"
  ])('refuses %j (suffix %s)', (input, suffix) => {
    const result = parseExceptionPattern(input);
    expect(result).toMatchObject({ ok: false, code: 'public-suffix' });
    if (!result.ok) expect(result.error).toContain(`the public suffix "${suffix}"`);
  });

  it('says what the pattern would do', () => {
    expect(parseExceptionPattern('*.co.uk')).toEqual({
      ok: false,
      code: 'public-suffix',
      error: '"*.co.uk" would turn the upgrade off for every site under the public suffix "co.uk"',
    });
  });

  it.each([
    '*.example.com',
    '*.foo.co.uk',
    '*.www.ck', // an exception to the list's rule "*.ck": a registrable domain
    '*.user.github.io',
    'example.com',
    // An exact host is one host, even when it is a suffix (path-style buckets, github.io).
    'com',
    'co.uk',
    'github.io',
    's3.amazonaws.com',
    // Names off the public web: one network's own names, not somebody else's sites.
    '*.nas.home.arpa',
    '*.home.arpa',
    '*.local',
    '*.internal',
    '*.localhost',
    '*.lan', // not in the list (its implicit "*" rule does not count)
    '192.168.0.1',
    '[2001:db8::1]:8443',
  ])('keeps %j as parseHostPattern reads it', (input) => {
    expect(parseExceptionPattern(input)).toEqual(parseHostPattern(input));
    expect(parseExceptionPattern(input).ok).toBe(true);
  });

  it('keeps the syntax errors of parseHostPattern', () => {
    for (const input of ['', 'http://x.com', '*.10.0.0.1', 'a.*.com', 'x.com:0']) {
      expect(parseExceptionPattern(input)).toEqual(parseHostPattern(input));
    }
  });

  it('refuses only wildcards that parseHostPattern accepts, and otherwise agrees with it', () => {
    const label = fc.constantFrom('com', 'uk', 'co', 'github', 'io', 'example', 'a', 'ck', 'www', 'home', 'arpa');
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), fc.boolean(), (labels, wildcard) => {
        const input = `${wildcard ? '*.' : ''}${labels.join('.')}`;
        const syntax = parseHostPattern(input);
        const result = parseExceptionPattern(input);
        if (result.ok || result.code !== 'public-suffix') return void expect(result).toEqual(syntax);
        expect(syntax).toMatchObject({ ok: true, pattern: { kind: 'subdomains' } });
        if (syntax.ok) expect(isListedPublicSuffix(syntax.pattern.host)).toBe(true);
      }),
    );
  });
});

describe('publicSuffixCoveredBy', () => {
  it('names the suffix of a refused wildcard and nothing else', () => {
    expect(publicSuffixCoveredBy({ kind: 'subdomains', host: 'co.uk', port: null })).toBe('co.uk');
    expect(publicSuffixCoveredBy({ kind: 'exact', host: 'co.uk', port: null })).toBeNull();
    expect(publicSuffixCoveredBy({ kind: 'subdomains', host: 'example.co.uk', port: 443 })).toBeNull();
  });
});
