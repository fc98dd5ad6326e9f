import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeHost } from './host-classification';
import { formatHostPattern, parseHostPattern, patternMatchesHost, type HostPattern } from './host-pattern';

describe('parseHostPattern', () => {
  it.each([
    ['example.com', 'exact', 'example.com', null],
    [' Example.COM. ', 'exact', 'example.com', null],
    ['*.example.com', 'subdomains', 'example.com', null],
    ['bücher.de', 'exact', 'xn--bcher-kva.de', null],
    ['[::1]', 'exact', '[::1]', null],
    ['::1', 'exact', '[::1]', null],
    ['[2001:db8::1]:8443', 'exact', '[2001:db8::1]', 8443],
    ['192.168.0.1', 'exact', '192.168.0.1', null],
    ['example.com:8080', 'exact', 'example.com', 8080],
    ['*.example.com:1', 'subdomains', 'example.com', 1],
  ])('%j parses as %s %s port %s', (input, kind, host, port) => {
    expect(parseHostPattern(input)).toEqual({ ok: true, pattern: { kind, host, port } });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['http://example.com', 'scheme'],
    ['ftp://example.com', 'scheme'],
    ['example.com/path', 'path'],
    ['example.com?q', 'path'],
    ['a.*.com', 'wildcard'],
    ['*example.com', 'wildcard'],
    ['*.[::1]', 'ip-wildcard'],
    ['*.10.0.0.1', 'ip-wildcard'],
    ['user@example.com', 'host'],
    ['exa mple.com', 'host'],
    ['example.com:0', 'port'],
    ['example.com:65536', 'port'],
    ['example.com:http', 'port'],
    ['example.com:', 'port'],
    [`${'a'.repeat(250)}.example.com`, 'too-long'],
  ])('rejects %j (%s)', (input, code) => {
    const result = parseHostPattern(input);
    expect(result).toMatchObject({ ok: false, code });
  });

  it('reads syntax only: a wildcard over a public suffix is refused where settings are read', () => {
    // core/exception-pattern.ts refuses it; the rules and the request path need no list lookup.
    expect(parseHostPattern('*.co.uk')).toEqual({
      ok: true,
      pattern: { kind: 'subdomains', host: 'co.uk', port: null },
    });
  });

  it('formats back to the input form', () => {
    for (const input of ['example.com', '*.example.com', 'example.com:8080', '[::1]:81']) {
      const result = parseHostPattern(input);
      if (!result.ok) throw new Error(result.error);
      expect(formatHostPattern(result.pattern)).toBe(input);
    }
  });
});

describe('patternMatchesHost', () => {
  const exact: HostPattern = { kind: 'exact', host: 'example.com', port: null };
  const subs: HostPattern = { kind: 'subdomains', host: 'example.com', port: null };
  const onPort: HostPattern = { kind: 'exact', host: 'example.com', port: 8080 };
  it.each([
    [exact, 'example.com', 80, true],
    [exact, 'www.example.com', 80, false],
    [exact, 'badexample.com', 80, false],
    [subs, 'example.com', 80, true],
    [subs, 'a.b.example.com', 8080, true],
    [subs, 'badexample.com', 80, false],
    [onPort, 'example.com', 8080, true],
    [onPort, 'example.com', 80, false],
  ])('%j vs %s:%s -> %s', (pattern, host, port, expected) => {
    expect(patternMatchesHost(pattern, host, port)).toBe(expected);
  });
});

describe('the canonical fast path', () => {
  it('agrees with the URL parser on every ASCII name it accepts', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), fc.boolean(), (labels, wildcard) => {
        const host = labels.join('.');
        const result = parseHostPattern(`${wildcard ? '*.' : ''}${host}`);
        const expected = normalizeHost(host);
        if (result.ok) expect(result.pattern.host).toBe(expected);
        else expect(expected === null || result.code === 'ip-wildcard' || result.code === 'host').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
