import { describe, expect, it } from 'vitest';
import { findBodyCredentials, isSecretFieldName } from './detect-body';
import { findHeaderCredentials } from './detect-headers';
import { findUrlCredentials } from './detect-url';
import { DEFAULT_SECRET_PARAM_NAMES } from './vocabulary';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const urlFinds = (url: string) =>
  findUrlCredentials(url, DEFAULT_SECRET_PARAM_NAMES).map((f) => `${f.kind}:${f.name}${f.shape ? `:${f.shape}` : ''}`);

describe('findUrlCredentials: true positives', () => {
  it.each([
    ['http://user:pass@a.test/', ['userinfo:user:password']],
    ['http://user@a.test/', ['userinfo:user']],
    ['http://a.test/?api_key=abc123', ['query:api_key']],
    ['http://a.test/?API_KEY=abc123', ['query:API_KEY']],
    ['http://a.test/?apikey=1', ['query:apikey']],
    ['http://a.test/?token=t0k3n', ['query:token']],
    ['http://a.test/?access_token=x', ['query:access_token']],
    ['http://a.test/?refresh_token=x', ['query:refresh_token']],
    ['http://a.test/?password=hunter2', ['query:password']],
    ['http://a.test/?pwd=1234', ['query:pwd']],
    ['http://a.test/?client_secret=s', ['query:client_secret']],
    ['http://a.test/?sig=9f86d081884c7d65', ['query:sig']],
    ['http://a.test/?sessionid=abc', ['query:sessionid']],
    ['http://a.test/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', ['query:code']],
    ['http://a.test/?q=AKIAIOSFODNN7EXAMPLE', ['query:q:aws-access-key']],
    [`http://a.test/?t=${JWT}`, ['query:t:jwt']],
    [`http://a.test/?k=ghp_${'a'.repeat(36)}`, ['query:k:github-token']],
    [`http://a.test/?k=github_pat_${'A1_'.repeat(27)}`, ['query:k:github-pat']],
    ['http://a.test/?k=xoxb-1234567890-abcdef', ['query:k:slack-token']],
    [`http://a.test/?k=sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`, ['query:k:stripe-key']],
    [`http://a.test/?key=AIza${'S'.repeat(35)}`, ['query:key:google-api-key']],
    ['http://u:p@a.test/?token=x&page=2', ['userinfo:user:password', 'query:token']],
    ['ws://a.test/socket?token=abc', ['query:token']],
  ])('%s', (url, expected) => {
    expect(urlFinds(url)).toEqual(expected);
  });
});

describe('findUrlCredentials: benign look-alikes', () => {
  it.each([
    'http://a.test/',
    'http://a.test/?page=2',
    'http://a.test/?q=token',
    'http://a.test/search?q=password',
    'http://a.test/?key=value',
    'http://a.test/?key=en-US',
    'http://a.test/?token=',
    'http://a.test/?auth=1',
    'http://a.test/?auth=false',
    'http://a.test/?session=expired',
    'http://a.test/?signature=yes',
    'http://a.test/?code=print',
    'http://a.test/?code=SplxlOBeZQQYbYS6WxSbIA',
    'http://a.test/password-reset',
    'http://a.test/token/list',
    'http://a.test/#access_token=abc',
    'http://a.test/?sort=signature&dir=asc',
    'http://a.test/?utm_source=newsletter&utm_campaign=spring2026',
    'http://a.test/?id=12345678',
    'http://a.test/?ref=AKIA',
    'not a url',
  ])('%s', (url) => {
    expect(urlFinds(url)).toEqual([]);
  });

  it('takes the configured name list', () => {
    expect(findUrlCredentials('http://a.test/?licence=abc', ['licence'])).toHaveLength(1);
    expect(findUrlCredentials('http://a.test/?token=abc', ['licence'])).toEqual([]);
  });
});

describe('findHeaderCredentials', () => {
  const names = (headers: { name: string; value: string }[]) =>
    findHeaderCredentials(headers).map((f) => `${f.kind}:${f.name}${f.shape ? `:${f.shape}` : ''}`);
  it.each([
    [[{ name: 'Authorization', value: 'Basic dXNlcjpwYXNz' }], ['header:Authorization']],
    [[{ name: 'authorization', value: `Bearer ${JWT}` }], ['header:authorization:jwt']],
    [[{ name: 'Proxy-Authorization', value: 'Basic eDp5' }], ['header:Proxy-Authorization']],
    [[{ name: 'X-API-Key', value: 'k' }], ['header:X-API-Key']],
    [[{ name: 'X-Auth-Token', value: 'k' }], ['header:X-Auth-Token']],
    [[{ name: 'Api-Key', value: 'k' }], ['header:Api-Key']],
    [[{ name: 'Cookie', value: 'sid=1' }], ['cookie:Cookie']],
    [[{ name: 'X-Custom', value: 'AKIAIOSFODNN7EXAMPLE' }], ['header:X-Custom:aws-access-key']],
  ])('%j', (headers, expected) => {
    expect(names(headers)).toEqual(expected);
  });

  it.each([
    [[{ name: 'Accept', value: 'text/html' }]],
    [[{ name: 'User-Agent', value: 'Mozilla/5.0' }]],
    [[{ name: 'Authorization', value: '' }]],
    [[{ name: 'X-Requested-With', value: 'XMLHttpRequest' }]],
    [[{ name: 'Referer', value: 'http://a.test/?q=token' }]],
    [[{ name: 'Accept-Language', value: 'en-US,en;q=0.9' }]],
    [[{ name: 'Cache-Control', value: 'no-cache' }]],
    [[{ name: 'If-None-Match', value: '"33a64df551425fcc55e4d42a148795d9f25f89d4"' }]],
  ])('benign %j', (headers) => {
    expect(names(headers)).toEqual([]);
  });
});

describe('findBodyCredentials', () => {
  const names = (body: Parameters<typeof findBodyCredentials>[0]) => findBodyCredentials(body).map((f) => f.name);
  it.each([
    [{ formData: { user: ['ann'], password: ['hunter2'] } }, ['password']],
    [{ text: 'user=ann&password=hunter2', contentType: 'application/x-www-form-urlencoded' }, ['password']],
    [{ text: '{"user":"ann","credentials":{"apiKey":"k-123"}}', contentType: 'application/json' }, ['apiKey']],
    [{ text: '{"client_secret":"s"}' }, ['client_secret']],
    [{ text: '[{"token":"abc"}]' }, ['token']],
    [{ text: 'q=AKIAIOSFODNN7EXAMPLE' }, ['q']],
    [{ formData: { 'user[new_password]': ['x'] } }, ['user[new_password]']],
    [{ formData: { passwordConfirmation: ['x'] } }, ['passwordConfirmation']],
    [
      {
        text: '--XyZ\r\nContent-Disposition: form-data; name="passwd"\r\n\r\nhunter2\r\n--XyZ--\r\n',
        contentType: 'multipart/form-data; boundary=XyZ',
      },
      ['passwd'],
    ],
    [{ text: '--XyZ\r\nContent-Disposition: form-data; name="api_key"\r\n\r\nk-1\r\n--XyZ--\r\n' }, ['api_key']],
  ])('%j', (body, expected) => {
    expect(names(body)).toEqual(expected);
  });

  it.each([
    [{ formData: { q: ['password'], page: ['2'] } }],
    [{ text: 'search=my+password+manager' }],
    [{ text: '{"title":"How to reset a password","tokens":3}' }],
    [{ formData: { authenticity_token: ['abc123'] } }],
    [{ formData: { csrf_token: ['abc123'] } }],
    [{ formData: { password: [''] } }],
    [{ text: 'plain text mentioning token=abc in prose ' }],
    [{ text: '{"keywords":["secret garden"]}' }],
    [
      {
        text: '--B\r\nContent-Disposition: form-data; name="password"; filename="p.txt"\r\n\r\nfile\r\n--B--',
        contentType: 'multipart/form-data; boundary=B',
      },
    ],
  ])('benign %j', (body) => {
    expect(names(body)).toEqual([]);
  });

  it.each([
    ['password', true],
    ['Password', true],
    ['new-password', true],
    ['client_secret', true],
    ['access_token', true],
    ['csrfToken', false],
    ['username', false],
    ['email', false],
    ['passenger', false],
    ['tokens', false],
  ])('isSecretFieldName(%s) = %s', (name, expected) => {
    expect(isSecretFieldName(name)).toBe(expected);
  });
});
