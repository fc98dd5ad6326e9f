import { describe, expect, it } from 'vitest';
import { redactUrl, withoutCredentials } from './redact';
import { DEFAULT_SECRET_PARAM_NAMES } from './vocabulary';

const GHP = `ghp_${'s3cret'.repeat(6)}`;

describe('redactUrl: scans the URL itself, whatever finding caused the record', () => {
  it.each([
    ['http://u:s3cret@a.test/p', 'http://[redacted]@a.test/p'],
    ['http://a.test/p?token=s3cret&page=2', 'http://a.test/p?token=[redacted]&page=2'],
    ['http://a.test/?q=AKIAIOSFODNN7EXAMPLE', 'http://a.test/?q=[redacted]'],
    ['http://a.test/#access_token=s3cret', 'http://a.test/'],
    ['http://a.test:8080/a%20b?q=x%20y', 'http://a.test:8080/a%20b?q=x%20y'],
    ['ws://a.test/ws?Token=s3cret', 'ws://a.test/ws?Token=[redacted]'],
    ['not a url s3cret', '[redacted]'],
    // weak names whatever their value, bracketed and disguised names, key formats in the path
    ['http://a.test/?session=s3cret', 'http://a.test/?session=[redacted]'],
    ['http://a.test/?user[password]=s3cret', 'http://a.test/?user[password]=[redacted]'],
    ['http://a.test/?user%5Bpassword%5D=s3cret', 'http://a.test/?user%5Bpassword%5D=[redacted]'],
    ['http://a.test/?%61pi_key=s3cret', 'http://a.test/?%61pi_key=[redacted]'],
    [`http://a.test/v1/${GHP}/items?x=1`, 'http://a.test/v1/[redacted]/items?x=1'],
    [`http://a.test/?note=${encodeURIComponent(`key ${GHP}`)}`, 'http://a.test/?note=[redacted]'],
    [`http://a.test/?${GHP}=1`, 'http://a.test/?[redacted]'],
    ['http://a.test/cb?code=s3cret&state=x', 'http://a.test/cb?code=[redacted]&state=x'],
  ])('%s -> %s', (url, expected) => {
    expect(redactUrl(url, DEFAULT_SECRET_PARAM_NAMES)).toBe(expected);
    expect(redactUrl(url)).not.toContain('s3cret');
  });

  it('redacts the configured names and the names of the findings it is handed', () => {
    expect(redactUrl('http://a.test/?licence=s3cret', ['licence'])).toBe('http://a.test/?licence=[redacted]');
    const finding = { kind: 'query' as const, name: 'odd', shape: null, value: 's3cret' };
    expect(redactUrl('http://a.test/?odd=s3cret', [], [finding])).toBe('http://a.test/?odd=[redacted]');
  });
});

describe('withoutCredentials', () => {
  const strip = (url: string) => withoutCredentials(url, DEFAULT_SECRET_PARAM_NAMES);
  it.each([
    ['http://u:s3cret@a.test/p?x=1', 'http://a.test/p?x=1'],
    ['http://a.test/p?token=s3cret&page=2#top', 'http://a.test/p?page=2#top'],
    ['http://a.test/?q=AKIAIOSFODNN7EXAMPLE', 'http://a.test/'],
    ['http://a.test/plain?page=2', 'http://a.test/plain?page=2'],
    ['http://a.test/?session=expired&sig=9f86d081884c7d65aa', 'http://a.test/?session=expired'],
    // A fragment is kept (a single-page app's route) unless it holds a secret.
    ['http://a.test/app#/inbox?page=2', 'http://a.test/app#/inbox?page=2'],
    ['http://a.test/cb#access_token=s3cretvalue&state=x', 'http://a.test/cb'],
    ['http://a.test/cb#ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'http://a.test/cb'],
  ])('%s -> %s', (url, expected) => {
    expect(strip(url)).toBe(expected);
  });
});
