import { describe, expect, it } from 'vitest';
import { findUrlCredentials } from './detect-url';
import { redactUrl, withoutCredentials } from './redact';
import { DEFAULT_SECRET_PARAM_NAMES } from './vocabulary';

const redact = (url: string) => redactUrl(url, findUrlCredentials(url, DEFAULT_SECRET_PARAM_NAMES));

describe('redactUrl', () => {
  it.each([
    ['http://u:s3cret@a.test/p', 'http://[redacted]@a.test/p'],
    ['http://a.test/p?token=s3cret&page=2', 'http://a.test/p?token=[redacted]&page=2'],
    ['http://a.test/?q=AKIAIOSFODNN7EXAMPLE', 'http://a.test/?q=[redacted]'],
    ['http://a.test/#access_token=s3cret', 'http://a.test/'],
    ['http://a.test:8080/a%20b?q=x%20y', 'http://a.test:8080/a%20b?q=x%20y'],
    ['ws://a.test/ws?Token=s3cret', 'ws://a.test/ws?Token=[redacted]'],
    ['not a url s3cret', '[redacted]'],
  ])('%s -> %s', (url, expected) => {
    expect(redact(url)).toBe(expected);
    expect(redact(url)).not.toContain('s3cret');
  });
});

describe('withoutCredentials', () => {
  const strip = (url: string) => withoutCredentials(url, findUrlCredentials(url, DEFAULT_SECRET_PARAM_NAMES));
  it.each([
    ['http://u:s3cret@a.test/p?x=1', 'http://a.test/p?x=1'],
    ['http://a.test/p?token=s3cret&page=2#top', 'http://a.test/p?page=2#top'],
    ['http://a.test/?q=AKIAIOSFODNN7EXAMPLE', 'http://a.test/'],
    ['http://a.test/plain?page=2', 'http://a.test/plain?page=2'],
  ])('%s -> %s', (url, expected) => {
    expect(strip(url)).toBe(expected);
  });
});
