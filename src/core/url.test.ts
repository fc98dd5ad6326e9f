import { describe, expect, it } from 'vitest';
import { hostnameOf, parseUrl } from './url';

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
