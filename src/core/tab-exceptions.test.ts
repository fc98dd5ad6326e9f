import { describe, expect, it } from 'vitest';
import { CHROME_CAPABILITIES } from './dnr-types';
import { RULE_ID_RANGES } from './rule-ids';
import {
  NO_TAB,
  activeTabExceptions,
  buildTabExceptionRules,
  exceptionsForTab,
  nextExpiry,
  pausedTabs,
  type TabException,
} from './tab-exceptions';
import { simulateRules, simulateStrippedHeaders } from './testing/dnr-simulator';
import { buildBaselineRules, buildUpgradeRules } from './upgrade-rules';
import { settingsForTestNames } from './testing/public-test-names';

const NOW = 1_800_000_000_000;
const list = [
  { tabId: 7, host: 'old.test', expiresAt: NOW + 60_000 },
  { tabId: 8, host: 'other.test', expiresAt: NOW + 30_000 },
  { tabId: 7, host: 'gone.test', expiresAt: NOW },
];

describe('tab exceptions', () => {
  it('drop out when they expire', () => {
    expect(activeTabExceptions(list, NOW).map((e) => e.host)).toEqual(['old.test', 'other.test']);
    expect(nextExpiry(list, NOW)).toBe(NOW + 30_000);
    expect(nextExpiry(list, NOW + 60_000)).toBeNull();
  });

  it('apply to their own tab only', () => {
    expect(exceptionsForTab(list, 7, NOW).map((e) => e.pattern)).toEqual(['old.test']);
    expect(exceptionsForTab(list, 9, NOW)).toEqual([]);
  });

  it('become tab-scoped session rules with the leak guard, ids in their range', () => {
    const rules = buildTabExceptionRules(list, settingsForTestNames(), CHROME_CAPABILITIES, NOW);
    const settings = settingsForTestNames();
    const all = [
      ...buildBaselineRules(CHROME_CAPABILITIES),
      ...buildUpgradeRules(settings, CHROME_CAPABILITIES, NOW),
      ...rules,
    ];
    for (const rule of rules) {
      expect(rule.id).toBeGreaterThanOrEqual(RULE_ID_RANGES.tabExceptions.first);
      expect(rule.id).toBeLessThanOrEqual(RULE_ID_RANGES.tabExceptions.last);
    }
    // Each allow rule is for its own tab and host.
    const allows = rules.filter((r) => r.action.type === 'allow');
    expect(
      allows.filter((r) => r.condition.tabIds?.[0] === 7).every((r) => !JSON.stringify(r).includes('other.test')),
    ).toBe(true);
    expect(simulateRules(all, 'http://old.test/page', 'main_frame', 7)).toBe('allow');
    expect(simulateRules(all, 'http://old.test/page', 'main_frame', 9)).toBe('upgradeScheme');
    expect(simulateRules(all, 'http://old.test/?token=x', 'xmlhttprequest', 7)).toBe('block');
    expect(simulateRules(all, 'http://old.test/?q=ghp_0123456789abcdefghijAB', 'xmlhttprequest', 7)).toBe('block');
    expect(simulateStrippedHeaders(all, 'http://old.test/', 'xmlhttprequest', 7)).toContain('cookie');
    expect(simulateRules(all, 'http://gone.test/', 'main_frame')).toBe('upgradeScheme');
    // Outside the tabs that continued, nothing of it applies.
    expect(simulateRules(all, 'http://old.test/?token=x', 'xmlhttprequest', 9)).toBe('upgradeScheme');
  });

  it('share one set of leak-guard rules, however many tabs continued', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ tabId: i + 1, host: `h${i}.test`, expiresAt: NOW + 60_000 }));
    const one = buildTabExceptionRules(many.slice(0, 1), settingsForTestNames(), CHROME_CAPABILITIES, NOW);
    const twenty = buildTabExceptionRules(many, settingsForTestNames(), CHROME_CAPABILITIES, NOW);
    const regexes = (rules: typeof one) => rules.filter((r) => r.condition.regexFilter).length;
    expect(regexes(twenty)).toBe(regexes(one));
  });
});

describe('a captive portal tab and the cleartext probe', () => {
  const settings = settingsForTestNames();
  const rulesFor = (list: TabException[]) => [
    ...buildBaselineRules(CHROME_CAPABILITIES),
    ...buildUpgradeRules(settings, CHROME_CAPABILITIES, NOW),
    ...buildTabExceptionRules(list, settings, CHROME_CAPABILITIES, NOW),
  ];

  it('keeps every host on http in the portal tab only, with the leak guard over all of them', () => {
    const portal: TabException = {
      tabId: 7,
      host: 'wifi.test',
      expiresAt: NOW + 60_000,
      kind: 'portal',
      opensWith: 'https://wifi.test/',
    };
    const rules = rulesFor([portal]);
    expect(simulateRules(rules, 'http://login.portal.test/login', 'main_frame', 7)).toBe('allow');
    expect(simulateRules(rules, 'http://anything.example/', 'main_frame', 7)).toBe('allow');
    expect(simulateRules(rules, 'http://login.portal.test/login?token=x', 'main_frame', 7)).toBe('redirect');
    expect(simulateStrippedHeaders(rules, 'http://login.portal.test/', 'xmlhttprequest', 7)).toContain('cookie');
    expect(simulateRules(rules, 'http://login.portal.test/login', 'main_frame', 9)).toBe('upgradeScheme');
    // The policy sees the same: every host is an exception in that tab, none elsewhere.
    expect(exceptionsForTab([portal], 7, NOW).map((e) => e.pattern)).toEqual(['*']);
    expect(exceptionsForTab([portal], 9, NOW)).toEqual([]);
    expect(nextExpiry([portal], NOW)).toBe(NOW + 60_000);
    expect(pausedTabs([portal])).toEqual([]);
  });

  it("lets the background's own request to the host's cleartext root through, and nothing else", () => {
    const rules = rulesFor([{ tabId: NO_TAB, host: 'wifi.test', expiresAt: NOW + 30_000, kind: 'probe' }]);
    expect(simulateRules(rules, 'http://wifi.test/', 'xmlhttprequest', NO_TAB)).toBe('allow');
    expect(simulateRules(rules, 'http://wifi.test/other', 'xmlhttprequest', NO_TAB)).toBe('upgradeScheme');
    expect(simulateRules(rules, 'http://wifi.test/', 'xmlhttprequest', 4)).toBe('upgradeScheme');
    expect(simulateRules(rules, 'http://wifi.test/', 'main_frame', NO_TAB)).toBe('upgradeScheme');
  });
});
