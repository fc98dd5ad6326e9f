import { describe, expect, it } from 'vitest';
import type { CredentialKind } from './credentials/findings';
import { actionFor, isCleartextRoute, isExposed, routeOf } from './policy';
import { defaultSettings, type Settings } from './settings';
import { settingsForTestNames } from './testing/public-test-names';

const NOW = 1_800_000_000_000;
const settings = (over: Partial<Settings> = {}): Settings => ({
  ...settingsForTestNames(),
  exceptions: [
    { pattern: 'plain.test', allowCredentials: false, scope: 'always', expiresAt: null },
    { pattern: 'trusted.test', allowCredentials: true, scope: 'always', expiresAt: null },
    { pattern: 'old.test', allowCredentials: false, scope: 'until', expiresAt: NOW - 1 },
  ],
  ...over,
});

describe('routeOf', () => {
  it.each([
    ['https://site.test/', 'secure'],
    ['wss://site.test/', 'secure'],
    ['http://site.test/', 'upgraded'],
    ['ws://site.test/', 'upgraded'],
    ['http://plain.test/', 'exception'],
    ['http://PLAIN.test./', 'exception'],
    ['http://www.plain.test/', 'upgraded'],
    ['http://old.test/', 'upgraded'],
    ['http://nas.home.arpa/', 'local'],
    ['http://192.168.1.1/', 'local'],
    ['http://localhost:3000/', 'loopback'],
    ['http://127.0.0.1/', 'loopback'],
    ['data:text/plain,x', 'other'],
    ['chrome-extension://abc/x', 'other'],
    ['nonsense', 'other'],
  ])('%s -> %s', (url, route) => {
    expect(routeOf(url, settings(), NOW).route).toBe(route);
  });

  it('routes local hosts through the upgrade when asked, and nothing in watch mode', () => {
    expect(routeOf('http://nas.home.arpa/', settings({ upgradeLocalNetwork: true }), NOW).route).toBe('upgraded');
    expect(routeOf('http://site.test/', settings({ mode: 'watch' }), NOW).route).toBe('cleartext');
  });
});

describe('actionFor', () => {
  const kinds: CredentialKind[] = ['userinfo', 'query', 'header', 'cookie', 'password-field', 'body-field'];
  const decide = (url: string, s: Settings) => kinds.map((k) => actionFor(routeOf(url, s, NOW), k, s));

  it.each([
    [
      'balanced, exception',
      'http://plain.test/',
      settings(),
      ['blocked', 'blocked', 'stripped', 'stripped', 'held', 'blocked'],
    ],
    [
      'balanced, exception allowing credentials ("keep me logged in": sent, recorded as exposed)',
      'http://trusted.test/',
      settings(),
      Array(6).fill('warned'),
    ],
    ['balanced, local (warn)', 'http://nas.home.arpa/', settings(), Array(6).fill('warned')],
    [
      'balanced, local (strip)',
      'http://nas.home.arpa/',
      settings({ localNetworkCredentials: 'strip' }),
      ['blocked', 'blocked', 'stripped', 'stripped', 'held', 'blocked'],
    ],
    [
      'strict, local',
      'http://nas.home.arpa/',
      settings({ mode: 'strict' }),
      ['blocked', 'blocked', 'stripped', 'stripped', 'blocked', 'blocked'],
    ],
    ['watch, anywhere', 'http://site.test/', settings({ mode: 'watch' }), Array(6).fill('observed')],
    ['upgraded', 'http://site.test/', settings(), Array(6).fill(null)],
    ['secure', 'https://plain.test/', settings(), Array(6).fill(null)],
    ['loopback', 'http://localhost/', settings({ mode: 'strict' }), Array(6).fill(null)],
  ] as const)('%s', (_name, url, s, expected) => {
    expect(decide(url, s)).toEqual(expected);
  });

  it('marks what went out as exposed', () => {
    expect(['blocked', 'stripped', 'held'].map((a) => isExposed(a as never))).toEqual([false, false, false]);
    expect(['sent-by-user', 'warned', 'observed', 'passed'].map((a) => isExposed(a as never))).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
});

describe('the credential policy per kind', () => {
  const exception = routeOf('http://plain.test/', settings(), NOW);
  it('decides what balanced mode does on an excepted host, kind by kind', () => {
    const s = settings({
      credentialPolicy: {
        userinfo: 'warn',
        query: 'block',
        header: 'warn',
        cookie: 'strip',
        'password-field': 'block',
        'body-field': 'warn',
      },
    });
    expect(actionFor(exception, 'userinfo', s)).toBe('warned');
    expect(actionFor(exception, 'query', s)).toBe('blocked');
    expect(actionFor(exception, 'header', s)).toBe('warned');
    expect(actionFor(exception, 'cookie', s)).toBe('stripped');
    expect(actionFor(exception, 'password-field', s)).toBe('blocked');
    expect(actionFor(exception, 'body-field', s)).toBe('warned');
  });
  it('does not weaken strict mode, the local-network policy, or an exception that allows credentials', () => {
    const lenient = { ...settingsForTestNames().credentialPolicy, header: 'warn', query: 'warn' } as const;
    expect(actionFor(exception, 'query', settings({ mode: 'strict', credentialPolicy: lenient }))).toBe('blocked');
    const local = routeOf('http://nas.home.arpa/', settings({ localNetworkCredentials: 'block' }), NOW);
    expect(actionFor(local, 'query', settings({ localNetworkCredentials: 'block', credentialPolicy: lenient }))).toBe(
      'blocked',
    );
    const trusted = routeOf('http://trusted.test/', settings(), NOW);
    expect(actionFor(trusted, 'query', settings())).toBe('warned');
  });
});

describe('routeOf: names that are not on the public web', () => {
  it('leaves them on http by default, guarded per the credential policy, and upgrades them on request', () => {
    const now = Date.now();
    const special = routeOf('http://hidden.onion/', defaultSettings(), now);
    expect(special.route).toBe('special');
    expect(isCleartextRoute(special.route)).toBe(true);
    expect(actionFor(special, 'query', defaultSettings())).toBe('blocked');
    expect(actionFor(special, 'header', defaultSettings())).toBe('stripped');
    expect(routeOf('http://hidden.onion/', { ...defaultSettings(), upgradeSpecialUseNames: true }, now).route).toBe(
      'upgraded',
    );
    expect(routeOf('http://www.example.com/', defaultSettings(), now).route).toBe('upgraded');
  });
});
