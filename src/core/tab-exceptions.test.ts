import { describe, expect, it } from 'vitest';
import { CHROME_CAPABILITIES } from './dnr-types';
import { RULE_ID_RANGES } from './rule-ids';
import { defaultSettings } from './settings';
import { activeTabExceptions, buildTabExceptionRules, exceptionsForTab, nextExpiry } from './tab-exceptions';
import { simulateRules, simulateStrippedHeaders } from './testing/dnr-simulator';
import { buildBaselineRules } from './upgrade-rules';

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
    const rules = buildTabExceptionRules(list, defaultSettings(), CHROME_CAPABILITIES, NOW);
    const all = [...buildBaselineRules(CHROME_CAPABILITIES), ...rules];
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
    const one = buildTabExceptionRules(many.slice(0, 1), defaultSettings(), CHROME_CAPABILITIES, NOW);
    const twenty = buildTabExceptionRules(many, defaultSettings(), CHROME_CAPABILITIES, NOW);
    const regexes = (rules: typeof one) => rules.filter((r) => r.condition.regexFilter).length;
    expect(regexes(twenty)).toBe(regexes(one));
  });
});
