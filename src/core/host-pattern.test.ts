import { describe, expect, it } from 'vitest';
import { formatHostPattern, parseHostPattern, patternMatchesHost } from './host-pattern';

describe('parseHostPattern', () => {
  it.each([
    ['example.com', 'exact', 'example.com'],
    [' Example.COM. ', 'exact', 'example.com'],
    ['*.example.com', 'subdomains', 'example.com'],
    ['bücher.de', 'exact', 'xn--bcher-kva.de'],
    ['[::1]', 'exact', '[::1]'],
    ['192.168.0.1', 'exact', '192.168.0.1'],
  ])('%j parses as %s %s', (input, kind, host) => {
    expect(parseHostPattern(input)).toEqual({ ok: true, pattern: { kind, host } });
  });

  it.each([
    ['', 'empty'],
    ['http://example.com', 'not a URL'],
    ['example.com/path', 'not a valid host'],
    ['a.*.com', 'only a leading'],
    ['*.[::1]', 'no subdomains'],
    ['*.10.0.0.1', 'no subdomains'],
    ['user@example.com', 'not a valid host'],
  ])('rejects %j with a message about %s', (input, message) => {
    const result = parseHostPattern(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('formats back to the input form', () => {
    for (const input of ['example.com', '*.example.com']) {
      const result = parseHostPattern(input);
      if (!result.ok) throw new Error(result.error);
      expect(formatHostPattern(result.pattern)).toBe(input);
    }
  });
});

describe('patternMatchesHost', () => {
  const exact = { kind: 'exact', host: 'example.com' } as const;
  const subs = { kind: 'subdomains', host: 'example.com' } as const;
  it.each([
    [exact, 'example.com', true],
    [exact, 'www.example.com', false],
    [exact, 'badexample.com', false],
    [subs, 'example.com', true],
    [subs, 'a.b.example.com', true],
    [subs, 'badexample.com', false],
  ])('%j vs %s -> %s', (pattern, host, expected) => {
    expect(patternMatchesHost(pattern, host)).toBe(expected);
  });
});
