import { describe, expect, it } from 'vitest';
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from './dnr-types';
import { buildSessionRules } from './session-rules';
import { type ExceptionRule, type Settings } from './settings';
import { simulateRules } from './testing/dnr-simulator';
import { buildBaselineRules, buildUpgradeRules } from './upgrade-rules';
import { settingsForTestNames } from './testing/public-test-names';
import { rulesInForce } from './testing/rules-in-force';
import { routeOf } from './policy';

const NOW = 1_800_000_000_000;
const rule = (pattern: string, scope: ExceptionRule['scope'] = 'always'): ExceptionRule => ({
  pattern,
  allowCredentials: false,
  scope,
  expiresAt: null,
});

describe.each([
  ['chrome', CHROME_CAPABILITIES],
  ['firefox', FIREFOX_CAPABILITIES],
] as const)('exception rules (%s)', (_name, caps) => {
  const settings: Settings = {
    ...settingsForTestNames(),
    exceptions: [
      'exact.test',
      'in.exact.test', // an exact host below another
      '*.zone.exact.test', // a wildcard below an exact host
      '*.wide.test',
      'host.wide.test', // covered by the wildcard already
      'port.test:8080',
      'eighty.test:80',
      '*.ports.test:8443',
      'nas.local', // local network: its subdomains stay local
      '10.1.2.3',
    ].map((p) => rule(p)),
  };
  const rules = [
    ...buildBaselineRules(caps),
    ...buildUpgradeRules(settings, caps, NOW),
    ...buildSessionRules(settings, { tabExceptions: [] }, caps, NOW),
  ];
  it.each([
    ['http://exact.test/', 'allow'],
    ['http://exact.test:81/', 'allow'],
    ['http://www.exact.test/', 'upgradeScheme'],
    ['http://a.b.exact.test/', 'upgradeScheme'],
    ['http://in.exact.test/', 'allow'],
    ['http://x.in.exact.test/', 'upgradeScheme'],
    ['http://zone.exact.test/', 'allow'],
    ['http://a.zone.exact.test/', 'allow'],
    ['http://wide.test/', 'allow'],
    ['http://a.host.wide.test/', 'allow'],
    ['http://port.test:8080/', 'allow'],
    ['http://port.test/', 'upgradeScheme'],
    ['http://port.test:80/', 'upgradeScheme'],
    ['http://eighty.test/', 'allow'],
    ['http://eighty.test:81/', 'upgradeScheme'],
    ['http://a.ports.test:8443/', 'allow'],
    ['http://a.ports.test/', 'upgradeScheme'],
    ['http://x.nas.local/', 'allow'],
    ['http://10.1.2.3/', 'allow'],
    ['http://notexact.test/', 'upgradeScheme'],
  ])('%s -> %s', (url, decision) => {
    expect(simulateRules(rules, url, 'main_frame')).toBe(decision);
  });

  it('session exceptions become session-scoped rules of their own', () => {
    const session: Settings = { ...settingsForTestNames(), exceptions: [rule('now.test', 'session')] };
    const dynamic = [...buildBaselineRules(caps), ...buildUpgradeRules(session, caps, NOW)];
    const sessionRules = buildSessionRules(session, { tabExceptions: [] }, caps, NOW);
    expect(JSON.stringify(dynamic)).not.toContain('now.test');
    expect(simulateRules([...dynamic, ...sessionRules], 'http://now.test/', 'main_frame')).toBe('allow');
    expect(simulateRules([...dynamic, ...sessionRules], 'http://www.now.test/', 'main_frame')).toBe('upgradeScheme');
    // Firefox blocks this in webRequest; Chrome declaratively.
    const tokenUrl = simulateRules([...dynamic, ...sessionRules], 'http://now.test/?token=x', 'xmlhttprequest');
    expect(tokenUrl).toBe(caps.declarativeLeakGuard ? 'block' : 'allow');
  });

  it('a paused tab allows everything in that tab only', () => {
    const sessionRules = buildSessionRules(
      settingsForTestNames(),
      { tabExceptions: [{ tabId: 4, host: '*', expiresAt: 8_640_000_000_000_000 }] },
      caps,
      NOW,
    );
    const all = [...buildBaselineRules(caps), ...buildUpgradeRules(settingsForTestNames(), caps, NOW), ...sessionRules];
    expect(simulateRules(all, 'http://any.test/?token=x', 'xmlhttprequest', 4)).toBe('allow');
    expect(simulateRules(all, 'http://any.test/', 'main_frame', 5)).toBe('upgradeScheme');
  });
});

describe('an exception for one site only', () => {
  const NOW_ = Date.now();
  const settings = {
    ...settingsForTestNames(),
    exceptions: [
      { pattern: 'cdn.test', allowCredentials: false, scope: 'always' as const, expiresAt: null, onlyOn: 'app.test' },
    ],
  };
  const rules = rulesInForce(settings, CHROME_CAPABILITIES, NOW_);

  it("keeps the host on http for that site's pages only, and never for a navigation to it", () => {
    expect(simulateRules(rules, 'http://cdn.test/a.png', 'image', undefined, 'get', 'app.test')).toBe('allow');
    expect(simulateRules(rules, 'http://cdn.test/a.js', 'script', undefined, 'get', 'www.app.test')).toBe('allow');
    expect(simulateRules(rules, 'http://cdn.test/a.png', 'image', undefined, 'get', 'other.test')).toBe(
      'upgradeScheme',
    );
    expect(simulateRules(rules, 'http://cdn.test/', 'main_frame', undefined, 'get', 'app.test')).toBe('upgradeScheme');
    // A credential to it never leaves in cleartext: blocked, from that site or elsewhere.
    expect(simulateRules(rules, 'http://cdn.test/?token=abc', 'image', undefined, 'get', 'other.test')).toBe('block');
    expect(simulateRules(rules, 'http://cdn.test/?token=abc', 'image', undefined, 'get', 'app.test')).toBe('block');
  });

  it('is what the policy says too', () => {
    expect(routeOf('http://cdn.test/a.png', settings, NOW_, [], 'app.test').route).toBe('exception');
    expect(routeOf('http://cdn.test/a.png', settings, NOW_, [], 'other.test').route).toBe('upgraded');
    expect(routeOf('http://cdn.test/a.png', settings, NOW_).route).toBe('upgraded');
  });
});
