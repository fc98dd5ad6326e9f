import { describe, expect, it } from 'vitest';
import { findUrlCredentials } from './credentials/detect-url';
import { DEFAULT_SECRET_PARAM_NAMES } from './credentials/vocabulary';
import { buildRecords } from './history-record';

describe('buildRecords', () => {
  it('records what, where and how, never the secret', () => {
    const url = 'http://u:pw-s3cret@api.test/v1?token=tok-s3cret&page=2#frag-s3cret';
    const records = buildRecords(findUrlCredentials(url, DEFAULT_SECRET_PARAM_NAMES), {
      time: 1000,
      site: 'app.test',
      url,
      action: 'blocked',
      mode: 'balanced',
      key: new Uint8Array(32).fill(1),
      secretNames: DEFAULT_SECRET_PARAM_NAMES,
      origin: 'observed',
    });
    expect(records.map((r) => [r.kind, r.name, r.action, r.exposed])).toEqual([
      ['userinfo', 'user:password', 'blocked', false],
      ['query', 'token', 'blocked', false],
    ]);
    expect(records[0]).toMatchObject({
      site: 'app.test',
      host: 'api.test',
      url: 'http://[redacted]@api.test/v1?token=[redacted]&page=2',
    });
    expect(JSON.stringify(records)).not.toContain('s3cret');
  });

  it('redacts every secret in the URL, also when the finding is of another kind (a body, a header)', () => {
    const url = 'http://api.test/login?token=tok-s3cret&sig=short-s3cret';
    const body = { kind: 'body-field' as const, name: 'password', shape: null, value: 'pw' };
    const [record] = buildRecords([body], {
      time: 1,
      site: '',
      url,
      action: 'blocked',
      mode: 'balanced',
      key: new Uint8Array(32),
      secretNames: DEFAULT_SECRET_PARAM_NAMES,
      origin: 'observed',
    });
    expect(record?.url).toBe('http://api.test/login?token=[redacted]&sig=[redacted]');
  });

  it('marks what went out as exposed', () => {
    const url = 'http://api.test/?token=abc';
    const [record] = buildRecords(findUrlCredentials(url, ['token']), {
      time: 1,
      site: '',
      url,
      action: 'sent-by-user',
      mode: 'balanced',
      key: new Uint8Array(32),
      secretNames: [],
      origin: 'observed',
    });
    expect(record?.exposed).toBe(true);
  });
});
