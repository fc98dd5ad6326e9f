import { describe, expect, it } from 'vitest';
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from './dnr-types';
import { RULE_ID_RANGES } from './rule-ids';
import { defaultSettings, type ExceptionRule, type Settings } from './settings';
import { simulateRules, urlFilterRegex } from './testing/dnr-simulator';
import { rulesInForce } from './testing/rules-in-force';
import { buildBaselineRules, buildUpgradeRules } from './upgrade-rules';
import { settingsForTestNames } from './testing/public-test-names';

const NOW = 1_800_000_000_000;
const always = (pattern: string): ExceptionRule => ({
  pattern,
  allowCredentials: false,
  scope: 'always',
  expiresAt: null,
});
const settings: Settings = {
  ...settingsForTestNames(),
  exceptions: [
    ...['plain.test', '*.legacy.example', '[2001:db8::7]', 'bücher.de'].map(always),
    {
      pattern: 'expired.test',
      allowCredentials: false,
      scope: 'until',
      expiresAt: NOW,
    },
  ],
};

describe('buildUpgradeRules decisions (chrome)', () => {
  const rules = rulesInForce(settings, CHROME_CAPABILITIES, NOW);
  it.each([
    ['http://site.test/', 'main_frame', 'upgradeScheme'],
    ['http://site.test:8080/x', 'image', 'upgradeScheme'],
    ['http://user:pw@site.test/', 'xmlhttprequest', 'upgradeScheme'],
    ['http://SITE.test/', 'script', 'upgradeScheme'],
    ['http://site.test/', 'ping', 'upgradeScheme'],
    ['http://site.test/', 'sub_frame', 'upgradeScheme'],
    ['https://site.test/', 'main_frame', 'none'],
    ['ws://site.test/socket', 'websocket', 'block'],
    ['wss://site.test/socket', 'websocket', 'none'],
    // exceptions
    ['http://plain.test/', 'main_frame', 'allow'],
    ['http://plain.test:81/path', 'image', 'allow'],
    // userinfo to an excepted host: the leak guard's rule blocks it
    ['http://x:y@plain.test/', 'image', 'block'],
    ['ws://plain.test/ws', 'websocket', 'allow'],
    ['http://www.plain.test/', 'main_frame', 'upgradeScheme'],
    ['http://plain.test.evil.example/', 'main_frame', 'upgradeScheme'],
    ['http://evil.example/?plain.test', 'main_frame', 'upgradeScheme'],
    ['http://evil.example/plain.test/', 'main_frame', 'upgradeScheme'],
    ['http://legacy.example/', 'main_frame', 'allow'],
    ['http://a.b.legacy.example/', 'main_frame', 'allow'],
    ['http://notlegacy.example/', 'main_frame', 'upgradeScheme'],
    ['http://[2001:db8::7]/', 'main_frame', 'allow'],
    ['http://[2001:db8::8]/', 'main_frame', 'upgradeScheme'],
    ['http://xn--bcher-kva.de/', 'main_frame', 'allow'],
    ['http://expired.test/', 'main_frame', 'upgradeScheme'],
    // loopback and the local network
    ['http://localhost:3000/', 'main_frame', 'allow'],
    ['http://app.localhost/', 'main_frame', 'allow'],
    ['http://127.0.0.1:8080/', 'xmlhttprequest', 'allow'],
    ['ws://127.0.0.1:9229/', 'websocket', 'allow'],
    ['http://[::1]:8080/', 'main_frame', 'allow'],
    ['http://0.0.0.0/', 'main_frame', 'allow'],
    ['http://10.1.2.3/', 'main_frame', 'allow'],
    ['http://172.20.0.1/', 'main_frame', 'allow'],
    ['http://172.32.0.1/', 'main_frame', 'upgradeScheme'],
    ['http://192.168.1.1/', 'main_frame', 'allow'],
    ['http://169.254.169.254/latest', 'xmlhttprequest', 'allow'],
    ['http://[fd00::1]/', 'main_frame', 'allow'],
    ['http://[fe80::1]/', 'main_frame', 'allow'],
    ['http://printer.local/', 'main_frame', 'allow'],
    ['http://nas.home.arpa/', 'main_frame', 'allow'],
    ['http://db.internal/', 'main_frame', 'allow'],
    ['http://intranet/', 'main_frame', 'allow'],
    ['http://intranet:8080/x', 'main_frame', 'allow'],
    ['http://10.0.0.1.evil.example/', 'main_frame', 'upgradeScheme'],
    ['http://127.0.0.1.nip.io/', 'main_frame', 'upgradeScheme'],
    ['http://local.example/', 'main_frame', 'upgradeScheme'],
  ] as const)('%s (%s) -> %s', (url, type, expected) => {
    expect(simulateRules(rules, url, type)).toBe(expected);
  });
});

describe('buildUpgradeRules options', () => {
  it('upgrades websockets declaratively where the browser can (firefox)', () => {
    const rules = rulesInForce(settingsForTestNames(), FIREFOX_CAPABILITIES, NOW);
    expect(simulateRules(rules, 'ws://site.test/', 'websocket')).toBe('upgradeScheme');
    expect(simulateRules(rules, 'http://site.test/', 'beacon')).toBe('upgradeScheme');
  });

  it('upgrades the local network on request, never loopback', () => {
    const rules = rulesInForce({ ...settingsForTestNames(), upgradeLocalNetwork: true }, CHROME_CAPABILITIES, NOW);
    expect(simulateRules(rules, 'http://192.168.1.1/', 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(rules, 'http://printer.local/', 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(rules, 'http://127.0.0.1/', 'main_frame')).toBe('allow');
    expect(simulateRules(rules, 'http://localhost/', 'main_frame')).toBe('allow');
  });

  it('upgrades nothing in watch mode (the baseline is off, no dynamic rule)', () => {
    expect(rulesInForce({ ...settingsForTestNames(), mode: 'watch' }, CHROME_CAPABILITIES, NOW)).toEqual([]);
  });

  it('upgrades the local network above the baseline, so a restored baseline cannot undo it', () => {
    const dynamic = buildUpgradeRules(
      { ...settingsForTestNames(), upgradeLocalNetwork: true },
      CHROME_CAPABILITIES,
      NOW,
    );
    const rules = [...buildBaselineRules(CHROME_CAPABILITIES), ...dynamic];
    expect(simulateRules(rules, 'http://10.1.2.3/', 'image')).toBe('upgradeScheme');
    expect(simulateRules(rules, 'ws://nas.home.arpa/', 'websocket')).toBe('block');
    // An exception for a local host still keeps it on http.
    const excepted = rulesInForce(
      {
        ...settingsForTestNames(),
        upgradeLocalNetwork: true,
        exceptions: [always('nas.home.arpa'), always('10.1.2.3')],
      },
      CHROME_CAPABILITIES,
      NOW,
    );
    expect(simulateRules(excepted, 'http://nas.home.arpa/', 'main_frame')).toBe('allow');
    expect(simulateRules(excepted, 'http://10.1.2.3/', 'main_frame')).toBe('allow');
    expect(simulateRules(excepted, 'http://other.home.arpa/', 'main_frame')).toBe('upgradeScheme');
  });

  it('has a static baseline that upgrades from install on, the same in every build', () => {
    const baseline = buildBaselineRules(CHROME_CAPABILITIES);
    expect(buildBaselineRules(CHROME_CAPABILITIES)).toEqual(baseline);
    expect(simulateRules(baseline, 'http://site.example.com/?session=x', 'main_frame')).toBe('upgradeScheme');
    // Names that are not on the public web stay on http by default.
    expect(simulateRules(baseline, 'http://hidden.onion/', 'main_frame')).toBe('allow');
    expect(simulateRules(baseline, 'http://site.test/', 'main_frame')).toBe('allow');
    expect(simulateRules(baseline, 'http://192.168.1.1/', 'main_frame')).toBe('allow');
    expect(simulateRules(baseline, 'http://localhost:3000/', 'main_frame')).toBe('allow');
    expect(buildUpgradeRules(defaultSettings(), CHROME_CAPABILITIES, NOW)).toEqual([]);
  });

  it('is deterministic and keeps ids inside their ranges', () => {
    const a = [...buildBaselineRules(CHROME_CAPABILITIES), ...buildUpgradeRules(settings, CHROME_CAPABILITIES, NOW)];
    expect([
      ...buildBaselineRules(CHROME_CAPABILITIES),
      ...buildUpgradeRules(settings, CHROME_CAPABILITIES, NOW),
    ]).toEqual(a);
    const ids = a.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length); // static and dynamic ids apart too
    const inRange = (id: number) =>
      Object.values(RULE_ID_RANGES).some((range) => id >= range.first && id <= range.last);
    expect(ids.every(inRange)).toBe(true);
  });

  it('compiles 100,000 exceptions into a few domain-list rules', () => {
    const exceptions = Array.from({ length: 50_000 }, (_, i) => `host-${i}.example`)
      .concat(Array.from({ length: 50_000 }, (_, i) => `*.zone-${i}.example`))
      .map(always);
    const rules = rulesInForce({ ...settingsForTestNames(), exceptions }, CHROME_CAPABILITIES, NOW);
    const exceptionRules = buildUpgradeRules({ ...settingsForTestNames(), exceptions }, CHROME_CAPABILITIES, NOW);
    // 20 allow lists of 5,000; 10 lists of exact hosts, each with an http upgrade and a ws
    // block; the special-use names' upgrade and ws block (these settings upgrade them)
    expect(exceptionRules).toHaveLength(20 + 10 * 2 + 2);
    expect(simulateRules(rules, 'http://host-4999.example/', 'main_frame')).toBe('allow');
    expect(simulateRules(rules, 'ws://host-4999.example:8080/', 'websocket')).toBe('allow');
    expect(simulateRules(rules, 'http://www.host-4999.example/', 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(rules, 'http://www.zone-9999.example/', 'main_frame')).toBe('allow');
    expect(simulateRules(rules, 'http://host-50000.example/', 'main_frame')).toBe('upgradeScheme');
    expect(simulateRules(rules, 'ws://a.host-7.example/', 'websocket')).toBe('block');
  });

  it('keeps every regex to one host shape (Chrome refuses larger ones)', () => {
    for (const rule of rulesInForce(
      { ...settingsForTestNames(), upgradeLocalNetwork: true },
      CHROME_CAPABILITIES,
      NOW,
    )) {
      const regex = rule.condition.regexFilter;
      if (regex !== undefined) expect(regex.length).toBeLessThan(120);
    }
  });
});

describe('urlFilterRegex (simulator)', () => {
  it.each([
    ['|http://a.test^', 'http://a.test/', true],
    ['|http://a.test^', 'http://a.test:81/x', true],
    ['|http://a.test^', 'http://a.test.evil/', false],
    ['|http://a.test^', 'http://a.testx/', false],
    ['|http://a.test^', 'https://a.test/', false],
  ])('%s ~ %s -> %s', (filter, url, expected) => {
    expect(urlFilterRegex(filter).test(url)).toBe(expected);
  });
});
