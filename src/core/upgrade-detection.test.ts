import { describe, expect, it } from 'vitest';
import { isSchemeUpgrade, upgradedUrl } from './upgrade-detection';

describe('upgradedUrl', () => {
  it.each([
    ['http://example.com/a?b=c#d', 'https://example.com/a?b=c#d'],
    ['http://example.com:8080/', 'https://example.com:8080/'],
    ['http://example.com:443/', 'https://example.com/'],
    ['ws://example.com/socket', 'wss://example.com/socket'],
    ['http://user:pw@example.com/', 'https://user:pw@example.com/'],
    ['https://example.com/', null],
    ['ftp://example.com/', null],
    ['not a url', null],
  ])('%s -> %s', (from, to) => {
    expect(upgradedUrl(from)).toBe(to);
  });
});

describe('isSchemeUpgrade', () => {
  it.each([
    ['http://example.com/a?b', 'https://example.com/a?b', true],
    ['http://example.com:443/', 'https://example.com/', true],
    ['http://example.com:8080/', 'https://example.com:8080/', true],
    ['ws://example.com/s', 'wss://example.com/s', true],
    ['ws://example.com/s', 'https://example.com/s', true],
    ['http://example.com/s', 'wss://example.com/s', true],
    ['wss://example.com/s', 'https://example.com/s', false],
    ['http://example.com/a', 'https://example.com/b', false],
    ['http://example.com/', 'https://evil.example/', false],
    ['http://example.com/', 'http://example.com/', false],
    ['https://example.com/', 'https://example.com/', false],
    ['http://example.com/?a=1', 'https://example.com/?a=2', false],
    ['http://example.com:8080/', 'https://example.com/', false],
  ])('%s -> %s is %s', (from, to, expected) => {
    expect(isSchemeUpgrade(from, to)).toBe(expected);
  });
});
