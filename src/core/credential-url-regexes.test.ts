import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { USERINFO_CONDITION, domainRegex, hostShapeRegex, queryConditions } from './credential-url-regexes';
import { findUrlCredentials } from './credentials/detect-url';
import { DEFAULT_SECRET_PARAM_NAMES } from './credentials/vocabulary';

/**
 * Chrome blocks what its regexes match; Firefox blocks what the detector finds; the
 * history records what the detector finds. They must be the same set of URLs, or one
 * browser sends what the other stops (or Chrome blocks and records nothing).
 */
const names = DEFAULT_SECRET_PARAM_NAMES;
const regexes = [USERINFO_CONDITION, ...queryConditions(names, 56)].map(
  (c) => new RegExp(domainRegex(c), c.caseSensitive ? '' : 'i'),
);
const rulesMatch = (url: string) => regexes.some((r) => r.test(url));
const detectorFinds = (url: string) => findUrlCredentials(url, names).length > 0;

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const longValue = fc.stringMatching(/^[A-Za-z0-9._~-]{14,24}$/);
const token = fc.constantFrom(
  'ghp_0123456789abcdefghijABCDEFGHIJ012345',
  'github_pat_11ABCDEFG0123456789_abc',
  'xoxb-1234567890-abcdefghij',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
  'AIzaSyA-0123456789abcdefghijklmnopqrs',
  'glpat-abcdefghij0123456789',
  'npm_abcdefghijklmnopqrstuvwxyz0123456789',
  'sk-proj-abcdefghij0123456789',
  'sk-abcdefghijklmnopqrstuvwx0123',
  'AKIAIOSFODNN7EXAMPLE',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
  // near misses
  'ghp_short',
  'task-abcdefghijklmnopqrstuvwxyz',
  'eyJhbGciOiJIUzI1NiJ9',
);
const name = fc.oneof(
  word,
  fc.constantFrom(...names, 'sig', 'signature', 'session', 'auth', 'code', 'state', 'page', 'q'),
  fc.constantFrom('user[password]', 'user%5Bpassword%5D', 'auth.token', 'a[b][token]', 'token%5D', 'x]token'),
  fc.constantFrom('api%5Fkey', '%61pi_key', 'T%4Fken', 'q%20x', 'filter%5Bstatus%5D', 'API_KEY', 'Session'),
  token,
);
const value = fc.oneof(
  word,
  longValue,
  token,
  fc.constant(''),
  fc.constantFrom('%20' + 'sk-abcdefghijklmnopqrstuvwx0123', 'a%2Bb'),
);
const param = fc.tuple(name, value).map(([n, v]) => `${n}=${v}`);
const segment = fc.oneof(
  word,
  token,
  word.map((w) => `${w}-sk-abcdefghijklmnopqrstuvwx`),
);
const url = fc
  .tuple(fc.array(segment, { maxLength: 3 }), fc.array(param, { maxLength: 4 }), fc.boolean())
  .map(([path, query, bare]) => {
    const search = query.length > 0 ? `?${query.join('&')}${bare ? '&flag' : ''}` : '';
    return new URL(`http://plain.test/${path.join('/')}${search}`).href;
  });

describe('Chrome rule regexes and the detector agree', () => {
  it('on random URLs (fixed seed)', () => {
    fc.assert(
      fc.property(url, (u) => {
        expect({ url: u, rules: rulesMatch(u) }).toEqual({ url: u, rules: detectorFinds(u) });
      }),
      { numRuns: 3000, seed: 20261127 },
    );
  });

  it.each([
    'http://plain.test/?token=x',
    'http://plain.test/?token=',
    'http://plain.test/?user%5Bpassword%5D=x',
    'http://plain.test/?%61pi_key=x',
    'http://plain.test/?session=0123456789abcdef',
    'http://plain.test/?session=short',
    'http://plain.test/cb?code=0123456789abcdef&state=x',
    'http://plain.test/cb?state=x&code=0123456789abcdef',
    'http://plain.test/cb?code=0123456789abcdef',
    'http://plain.test/a/ghp_0123456789abcdefghijABCDEFGHIJ012345/b',
    'http://plain.test/ask-the-experts-how-to-build-a-better-mousetrap',
    'http://u:p@plain.test/',
  ])('%s', (u) => {
    expect(rulesMatch(u)).toBe(detectorFinds(u));
  });
});

describe('host-shape regexes (local IP ranges, single-label names)', () => {
  it('test the host and the credential together', () => {
    const host = '192\\.168\\.[0-9]+\\.[0-9]+';
    const all = [USERINFO_CONDITION, ...queryConditions(names, 56)].map(
      (c) => new RegExp(hostShapeRegex(host, c), c.caseSensitive ? '' : 'i'),
    );
    const matches = (u: string) => all.some((r) => r.test(u));
    expect(matches('http://192.168.1.5/?token=x')).toBe(true);
    expect(matches('http://192.168.1.5:8080/a?b=1&api_key=x')).toBe(true);
    expect(matches('http://u:p@192.168.1.5/')).toBe(true);
    expect(matches('http://192.168.1.5/?page=2')).toBe(false);
    expect(matches('http://10.0.0.1/?token=x')).toBe(false);
    expect(matches('http://192.168.1.5.evil.test/?token=x')).toBe(false);
  });
});
