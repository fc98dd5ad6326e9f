import { describe, expect, it } from 'vitest';
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from './dnr-types';
import { domainRegex, queryConditions } from './credential-url-regexes';
import { buildLeakRules } from './leak-rules';
import { RULE_ID_RANGES, RULE_PRIORITY } from './rule-ids';
import { defaultSettings, type Settings } from './settings';
import { simulateRules, simulateStrippedHeaders } from './testing/dnr-simulator';
import { buildSessionRules } from './session-rules';
import { PAUSE_EXPIRES_AT, PAUSE_HOST } from './tab-exceptions';
import { rulesInForce } from './testing/rules-in-force';
import { settingsForTestNames } from './testing/public-test-names';

const NOW = 1_800_000_000_000;
const settings = (over: Partial<Settings> = {}): Settings => ({
  ...settingsForTestNames(),
  exceptions: [
    { pattern: 'plain.test', allowCredentials: false, scope: 'always', expiresAt: null },
    { pattern: '*.legacy.test', allowCredentials: false, scope: 'always', expiresAt: null },
    { pattern: 'trusted.test', allowCredentials: true, scope: 'always', expiresAt: null },
  ],
  ...over,
});
const allRules = (s: Settings) => rulesInForce(s, CHROME_CAPABILITIES, NOW);
const GHP = `ghp_${'a1B2'.repeat(9)}`;

describe('buildLeakRules (chrome, balanced)', () => {
  const rules = allRules(settings());
  it.each([
    ['http://plain.test/api?api_key=k', 'xmlhttprequest', 'block'],
    ['http://plain.test/api?page=2&TOKEN=k', 'image', 'block'],
    ['http://plain.test/?password=hunter2', 'main_frame', 'redirect'],
    ['http://u:p@plain.test/', 'main_frame', 'redirect'],
    ['http://u:p@plain.test/x.png', 'image', 'block'],
    ['http://plain.test/?q=AKIAIOSFODNN7EXAMPLE', 'xmlhttprequest', 'block'],
    ['ws://plain.test/ws?token=k', 'websocket', 'block'],
    ['http://a.legacy.test/?access_token=k', 'script', 'block'],
    // key formats under any name, in the path too; bracketed, dotted and disguised names
    [`http://plain.test/?q=${GHP}`, 'xmlhttprequest', 'block'],
    [`http://plain.test/v1/${GHP}/items`, 'image', 'block'],
    [`http://plain.test/?q=${GHP}`, 'main_frame', 'redirect'],
    ['http://plain.test/?user[password]=x', 'xmlhttprequest', 'block'],
    ['http://plain.test/?user%5Bpassword%5D=x', 'xmlhttprequest', 'block'],
    ['http://plain.test/?auth.token=x', 'xmlhttprequest', 'block'],
    ['http://plain.test/?api%5Fkey=x', 'xmlhttprequest', 'block'],
    ['http://plain.test/?%61pi_key=x', 'xmlhttprequest', 'block'],
    // weak names and OAuth codes with a long value only
    ['http://plain.test/?session=9f86d081884c7d65aa', 'main_frame', 'redirect'],
    ['http://plain.test/?session=expired', 'main_frame', 'allow'],
    ['http://plain.test/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz', 'main_frame', 'redirect'],
    ['http://plain.test/cb?state=xyz&code=SplxlOBeZQQYbYS6WxSbIA', 'xmlhttprequest', 'block'],
    ['http://plain.test/cb?code=SplxlOBeZQQYbYS6WxSbIA', 'main_frame', 'allow'],
    ['http://plain.test/?token=', 'xmlhttprequest', 'allow'],
    // harmless requests to the same hosts stay allowed on http
    ['http://plain.test/api?page=2', 'xmlhttprequest', 'allow'],
    ['http://plain.test/search?q=token', 'main_frame', 'allow'],
    ['http://plain.test/token/list', 'main_frame', 'allow'],
    ['ws://plain.test/ws', 'websocket', 'allow'],
    // an exception that allows credentials, and hosts that are upgraded or secure
    ['http://trusted.test/?token=k', 'xmlhttprequest', 'allow'],
    ['http://site.test/?token=k', 'xmlhttprequest', 'upgradeScheme'],
    // the exception's domain list also matches https, where it changes nothing
    ['https://plain.test/?token=k', 'xmlhttprequest', 'allow'],
    // local network warns by default: nothing blocked
    ['http://nas.home.arpa/?token=k', 'xmlhttprequest', 'allow'],
  ] as const)('%s (%s) -> %s', (url, type, expected) => {
    expect(simulateRules(rules, url, type)).toBe(expected);
  });

  it('strips credential headers and cookies on enforced cleartext hosts only', () => {
    expect(simulateStrippedHeaders(rules, 'http://plain.test/api', 'xmlhttprequest')).toEqual(
      expect.arrayContaining(['authorization', 'proxy-authorization', 'x-api-key', 'cookie']),
    );
    expect(simulateStrippedHeaders(rules, 'ws://plain.test/ws', 'websocket')).toContain('cookie');
    expect(simulateStrippedHeaders(rules, 'http://trusted.test/', 'xmlhttprequest')).toEqual([]);
    expect(simulateStrippedHeaders(rules, 'http://nas.home.arpa/', 'xmlhttprequest')).toEqual([]);
    expect(simulateStrippedHeaders(rules, 'https://plain.test/', 'xmlhttprequest')).toEqual([]);
  });
});

describe('buildLeakRules modes', () => {
  it('enforces on the local network in strict mode and with policy strip/block', () => {
    for (const s of [settings({ mode: 'strict' }), settings({ localNetworkCredentials: 'strip' })]) {
      const rules = allRules(s);
      expect(simulateRules(rules, 'http://nas.home.arpa/?token=k', 'xmlhttprequest')).toBe('block');
      expect(simulateStrippedHeaders(rules, 'http://192.168.1.10/', 'xmlhttprequest')).toContain('authorization');
      expect(simulateStrippedHeaders(rules, 'http://intranet:8080/', 'xmlhttprequest')).toContain('cookie');
      expect(simulateRules(rules, 'http://localhost/?token=k', 'xmlhttprequest')).toBe('allow');
      expect(simulateStrippedHeaders(rules, 'http://localhost:3000/', 'xmlhttprequest')).toEqual([]);
    }
  });

  it('does nothing in watch mode; in Firefox only blocks userinfo (webRequest does the rest)', () => {
    expect(buildLeakRules(settings({ mode: 'watch' }), CHROME_CAPABILITIES, NOW)).toEqual([]);
    const firefox = rulesInForce(settings(), FIREFOX_CAPABILITIES, NOW);
    expect(simulateRules(firefox, 'http://u:p@plain.test/', 'main_frame')).toBe('redirect');
    expect(simulateRules(firefox, 'http://u:p@plain.test/x', 'image')).toBe('block');
    expect(simulateRules(firefox, 'http://plain.test/?token=x', 'xmlhttprequest')).toBe('allow');
    expect(simulateStrippedHeaders(firefox, 'http://plain.test/', 'xmlhttprequest')).toEqual([]);
  });

  it('leaves to the network what the per-kind policy says to warn about, and only that', () => {
    const policy = { ...settings().credentialPolicy, header: 'warn', query: 'warn' } as const;
    const rules = allRules(settings({ credentialPolicy: policy }));
    expect(simulateRules(rules, 'http://plain.test/?token=x', 'xmlhttprequest')).toBe('allow');
    expect(simulateRules(rules, 'http://u:p@plain.test/', 'xmlhttprequest')).toBe('block');
    expect(simulateStrippedHeaders(rules, 'http://plain.test/', 'xmlhttprequest')).toEqual(['cookie']);
    // The local network follows its own policy.
    const local = allRules(settings({ credentialPolicy: policy, localNetworkCredentials: 'block' }));
    expect(simulateRules(local, 'http://nas.home.arpa/?token=x', 'xmlhttprequest')).toBe('block');
  });

  it('follows the configured parameter names, weak names with a long value only', () => {
    const rules = allRules(settings({ secretParamNames: ['licence', 'auth'] }));
    expect(simulateRules(rules, 'http://plain.test/?licence=x', 'xmlhttprequest')).toBe('block');
    expect(simulateRules(rules, 'http://plain.test/?token=x', 'xmlhttprequest')).toBe('allow');
    expect(simulateRules(rules, 'http://plain.test/?auth=1', 'xmlhttprequest')).toBe('allow');
    expect(simulateRules(rules, 'http://plain.test/?auth=0123456789abcdef', 'xmlhttprequest')).toBe('block');
    expect(simulateRules(rules, 'http://plain.test/?session=0123456789abcdef', 'xmlhttprequest')).toBe('allow');
  });

  it('groups names into regexes of bounded size, escaping what a name may hold', () => {
    const names = ['k-1', ...Array.from({ length: 40 }, (_, i) => `name_${i}`)];
    const regexes = queryConditions(names, 40)
      .filter((c) => !c.caseSensitive)
      .map((c) => domainRegex(c));
    expect(regexes.length).toBeGreaterThan(5);
    const matching = (url: string) => regexes.some((r) => new RegExp(r, 'i').test(url));
    expect(matching('http://h.test/?k-1=1&NAME_39=2')).toBe(true);
    expect(matching('ws://h.test/s?q=1&name_3=1')).toBe(true);
    expect(matching('http://h.test/?k_1=1')).toBe(false);
    expect(matching('http://h.test/#?name_1=2')).toBe(false);
    expect(matching('http://h.test/path/name_1=2')).toBe(false);
    expect(queryConditions(['one_very_long_parameter_name_that_exceeds'], 10).length).toBeGreaterThan(0);
  });

  it('blocks requests with a body to guarded hosts in strict mode only (workers have no page guard)', () => {
    const strict = allRules(settings({ mode: 'strict' }));
    expect(simulateRules(strict, 'http://plain.test/api', 'xmlhttprequest', undefined, 'post')).toBe('block');
    expect(simulateRules(strict, 'http://192.168.1.10/api', 'other', undefined, 'put')).toBe('block');
    expect(simulateRules(strict, 'http://plain.test/api', 'xmlhttprequest', undefined, 'get')).toBe('allow');
    expect(simulateRules(strict, 'http://plain.test/form', 'main_frame', undefined, 'post')).toBe('allow');
    const balanced = allRules(settings());
    expect(simulateRules(balanced, 'http://plain.test/api', 'xmlhttprequest', undefined, 'post')).toBe('allow');
  });

  it('blocks credential URLs to local IP ranges too, where a combined regex fits', () => {
    const rules = allRules(settings({ localNetworkCredentials: 'block' }));
    expect(simulateRules(rules, 'http://192.168.1.10/?token=x', 'xmlhttprequest')).toBe('block');
    expect(simulateRules(rules, 'http://intranet/?password=x', 'main_frame')).toBe('redirect');
    expect(simulateRules(rules, `http://10.0.0.2/a/${GHP}`, 'image')).toBe('block');
    expect(simulateRules(rules, 'http://u:p@192.168.1.10/', 'image')).toBe('block');
    expect(simulateRules(rules, 'http://192.168.1.10/?page=2', 'xmlhttprequest')).toBe('allow');
  });

  it('keeps ids in their ranges and stays within Chrome limits for 5,000 exceptions', () => {
    const exceptions = Array.from({ length: 5_000 }, (_, i) => ({
      pattern: `h${i}.test`,
      allowCredentials: false,
      scope: 'always' as const,
      expiresAt: null,
    }));
    const rules = buildLeakRules(settings({ exceptions }), CHROME_CAPABILITIES, NOW);
    const { stripHeaders, blockUrls, pastCredentialBlock } = RULE_ID_RANGES;
    for (const rule of rules) {
      const range =
        rule.action.type === 'modifyHeaders'
          ? stripHeaders
          : rule.priority === RULE_PRIORITY.PAST_CREDENTIAL_BLOCK
            ? pastCredentialBlock
            : blockUrls;
      expect(rule.id).toBeGreaterThanOrEqual(range.first);
      expect(rule.id).toBeLessThanOrEqual(range.last);
    }
    // One rule per credential test, not one per test and domain list.
    expect(rules.filter((r) => r.condition.regexFilter).length).toBeLessThan(60);
    const unsafe = rules.filter((r) => r.action.type === 'modifyHeaders' || r.action.type === 'redirect');
    expect(unsafe.length).toBeLessThan(5_000);
  });
});

describe('the credential block is global, and what passes it', () => {
  const rules = allRules(settings());
  it.each([
    // no exception: upgraded as it would be without the credential
    ['http://site.test/?token=k', 'xmlhttprequest', 'upgradeScheme'],
    ['http://site.test/?token=k', 'main_frame', 'upgradeScheme'],
    [`http://site.test/a/${GHP}`, 'image', 'upgradeScheme'],
    ['http://u:p@site.test/', 'main_frame', 'upgradeScheme'],
    // Chrome cannot upgrade a websocket: blocked either way
    ['ws://site.test/ws?token=k', 'websocket', 'block'],
    // loopback and the (unguarded) local network keep their credentials
    ['http://127.0.0.1:8080/?token=k', 'xmlhttprequest', 'allow'],
    ['http://localhost:3000/?token=k', 'xmlhttprequest', 'allow'],
    ['http://app.localhost/?token=k', 'xmlhttprequest', 'allow'],
    ['http://192.168.1.5/?token=k', 'xmlhttprequest', 'allow'],
    ['http://intranet/?token=k', 'main_frame', 'allow'],
    ['http://nas.home.arpa/?token=k', 'main_frame', 'allow'],
    // an exception that allows credentials, and its subdomains (upgraded)
    ['http://trusted.test/?token=k', 'main_frame', 'allow'],
    ['http://www.trusted.test/?token=k', 'main_frame', 'upgradeScheme'],
    // a public IP address cannot be told from a private one by a rule: blocked, not upgraded
    ['http://203.0.113.5/?token=k', 'xmlhttprequest', 'block'],
    // a subdomain of an exact exception: blocked rather than upgraded (requestDomains matches subdomains)
    ['http://www.plain.test/?token=k', 'xmlhttprequest', 'block'],
    ['http://www.plain.test/', 'main_frame', 'upgradeScheme'],
  ] as const)('%s (%s) -> %s', (url, type, expected) => {
    expect(simulateRules(rules, url, type)).toBe(expected);
  });

  it('upgrades the local network names with credentials when the user upgrades the local network', () => {
    const upgraded = allRules(settings({ upgradeLocalNetwork: true }));
    expect(simulateRules(upgraded, 'http://nas.home.arpa/?token=k', 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(upgraded, 'http://nas.home.arpa/', 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(upgraded, 'http://192.168.1.5/', 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(upgraded, 'http://localhost/?token=k', 'main_frame')).toBe('allow');
  });

  it('in Firefox holds userinfo only, and lets the rest pass to webRequest', () => {
    const firefox = rulesInForce(settings(), FIREFOX_CAPABILITIES, NOW);
    expect(simulateRules(firefox, 'http://u:p@site.test/', 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(firefox, 'ws://u:p@site.test/', 'websocket')).toBe('upgradeScheme');
    expect(simulateRules(firefox, 'http://u:p@plain.test/', 'main_frame')).toBe('redirect');
  });
});

describe('session rules sit above the persistent ones', () => {
  const base = settings();
  const tabs = [{ tabId: 4, host: 'broken.test', expiresAt: NOW + 60_000 }];
  const all = [
    ...allRules(base),
    ...buildSessionRules(
      base,
      { tabExceptions: [...tabs, { tabId: 5, host: PAUSE_HOST, expiresAt: PAUSE_EXPIRES_AT }] },
      CHROME_CAPABILITIES,
      NOW,
    ),
  ];
  it.each([
    ['http://broken.test/page', 'main_frame', 4, 'allow'],
    ['http://broken.test/?token=k', 'xmlhttprequest', 4, 'block'],
    ['http://broken.test/page', 'main_frame', 9, 'upgradeScheme'],
    ['http://broken.test/?token=k', 'main_frame', 9, 'upgradeScheme'],
    ['http://plain.test/?token=k', 'xmlhttprequest', 5, 'allow'],
    ['http://site.test/', 'main_frame', 5, 'allow'],
  ] as const)('%s (%s, tab %i) -> %s', (url, type, tabId, expected) => {
    expect(simulateRules(all, url, type, tabId)).toBe(expected);
  });

  it('strips credential headers in a "continue once" tab, above its allow rule', () => {
    expect(simulateStrippedHeaders(all, 'http://broken.test/api', 'xmlhttprequest', 4)).toContain('authorization');
  });
});

describe('names that are not on the public web', () => {
  const NOW = Date.UTC(2026, 0, 1);
  const ONION = 'duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion';

  it.each([
    [CHROME_CAPABILITIES, 'Chrome'],
    [FIREFOX_CAPABILITIES, 'Firefox'],
  ] as const)('stay on http by default, their credentials guarded like any cleartext (%s)', (caps, browser) => {
    const rules = rulesInForce(defaultSettings(), caps, NOW);
    for (const host of [ONION, 'wiki.i2p', 'site.test', 'docs.example', 'x.invalid', 'gns.alt']) {
      expect(simulateRules(rules, `http://${host}/page`, 'main_frame'), host).toBe('allow');
      expect(simulateRules(rules, `http://u:p@${host}/`, 'image'), host).toBe('block');
    }
    if (browser === 'Chrome') {
      expect(simulateRules(rules, `http://${ONION}/?token=abc`, 'xmlhttprequest')).toBe('block');
      expect(simulateStrippedHeaders(rules, `http://${ONION}/`, 'xmlhttprequest')).toContain('authorization');
    }
    // A public name is upgraded, credential or not.
    expect(simulateRules(rules, 'http://www.example.com/?token=abc', 'main_frame')).toBe('upgradeScheme');
  });

  it('are upgraded like any public name when the user asks', () => {
    const rules = rulesInForce({ ...defaultSettings(), upgradeSpecialUseNames: true }, CHROME_CAPABILITIES, NOW);
    expect(simulateRules(rules, `http://${ONION}/`, 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(rules, 'http://site.test/?token=abc', 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(rules, 'ws://site.test/socket', 'websocket')).toBe('block');
    expect(simulateRules(rules, `https://${ONION}/`, 'main_frame')).toBe('none');
  });

  it('keep an exception that allows credentials below them', () => {
    const settings = {
      ...defaultSettings(),
      exceptions: [{ pattern: 'nas.test', allowCredentials: true, scope: 'always' as const, expiresAt: null }],
    };
    const rules = rulesInForce(settings, CHROME_CAPABILITIES, NOW);
    expect(simulateStrippedHeaders(rules, 'http://nas.test/', 'xmlhttprequest')).toEqual([]);
    expect(simulateStrippedHeaders(rules, 'http://other.test/', 'xmlhttprequest')).toContain('cookie');
  });
});
