import { describe, expect, it } from 'vitest';
import { CHROME_CAPABILITIES, type DnrRule } from '../core/dnr-types';
import type { RuleUpdate } from '../core/rule-diff';
import { defaultSettings, type Settings } from '../core/settings';
import type { TabException } from '../core/tab-exceptions';
import { BASELINE_RULESET_ID } from '../core/upgrade-rules';
import type { RulesApi } from '../platform/extension-api';
import { createRuleSync } from './rule-sync';
import type { SettingsSnapshot } from './settings-store';

/** The browser's rule store as the API shows it, with a log of every call in order. */
function fakeRules(options: { refuse?: (regex: string) => boolean; hangOn?: string; failOn?: string } = {}) {
  const state = { dynamic: [] as DnrRule[], session: [] as DnrRule[], enabled: [BASELINE_RULESET_ID] };
  const calls: string[] = [];
  const apply = (rules: DnrRule[], update: RuleUpdate) => [
    ...rules.filter((r) => !update.removeRuleIds.includes(r.id)),
    ...update.addRules,
  ];
  const step = async (name: string) => {
    calls.push(name);
    if (options.hangOn === name) await new Promise(() => undefined);
    if (options.failOn === name) throw new Error(`${name} refused`);
  };
  const api: RulesApi = {
    getDynamicRules: async () => state.dynamic,
    getSessionRules: async () => state.session,
    async updateDynamicRules(update) {
      await step('dynamic');
      state.dynamic = apply(state.dynamic, update);
    },
    async updateSessionRules(update) {
      await step('session');
      state.session = apply(state.session, update);
    },
    isRegexSupported: async (regex) => !(options.refuse?.(regex) ?? false),
    getEnabledRulesets: async () => state.enabled,
    async updateEnabledRulesets({ enableRulesetIds = [], disableRulesetIds = [] }) {
      await step(enableRulesetIds.length > 0 ? 'enable-baseline' : 'disable-baseline');
      state.enabled = [...state.enabled.filter((id) => !disableRulesetIds.includes(id)), ...enableRulesetIds];
    },
  };
  return { api, state, calls };
}

const snapshot = (settings: Settings): SettingsSnapshot => ({
  user: settings,
  effective: settings,
  locked: [],
  problems: [],
  sync: { savedAt: 0, synced: 0, localOnly: 0, error: null },
});

function setup(settings: Settings, rules = fakeRules(), tabs: TabException[] = [], timeLimitMs?: number) {
  let current = settings;
  const sync = createRuleSync({
    rules: rules.api,
    settings: async () => snapshot(current),
    capabilities: CHROME_CAPABILITIES,
    tabExceptions: async () => tabs,
    timeLimitMs,
  });
  return { sync, rules, change: (next: Settings) => (current = next) };
}

const withException = (s: Settings): Settings => ({
  ...s,
  exceptions: [{ pattern: 'plain.test', allowCredentials: false, scope: 'always', expiresAt: null }],
});

describe('rule sync', () => {
  it('installs the dynamic rules over the static baseline and reports them in place', async () => {
    const { sync, rules } = setup(withException(defaultSettings()));
    await sync.reconcile();
    expect(rules.state.dynamic.length).toBeGreaterThan(0);
    expect(rules.state.enabled).toEqual([BASELINE_RULESET_ID]);
    const status = await sync.status();
    expect(status).toMatchObject({ rulesInPlace: true, baselineEnabled: true, lastError: null });
  });

  it('turns the baseline off for watch mode only after the rest, and on again before the rest', async () => {
    const { sync, rules, change } = setup(withException(defaultSettings()));
    await sync.reconcile();
    change({ ...withException(defaultSettings()), mode: 'watch' });
    await sync.reconcile();
    expect(rules.state.enabled).toEqual([]);
    expect(rules.calls.slice(-2)).toEqual(['dynamic', 'disable-baseline']);
    change(withException(defaultSettings()));
    await sync.reconcile();
    expect(rules.state.enabled).toEqual([BASELINE_RULESET_ID]);
    expect(rules.calls.slice(-2)).toEqual(['enable-baseline', 'dynamic']);
  });

  it('gives up on a browser call that never answers, says so, and the next reconcile goes on', async () => {
    const hanging = fakeRules({ hangOn: 'dynamic' });
    const { sync } = setup(withException(defaultSettings()), hanging, [], 50);
    await sync.reconcile();
    const status = await sync.status();
    expect(status.rulesInPlace).toBe(false);
    expect(status.lastError).toMatch(/did not finish within/);
  });

  it('a refused update falls back to protection only, says so, and does not hold back later changes', async () => {
    const refusing = fakeRules({ refuse: () => false });
    let refuseExceptions = true;
    const update = refusing.api.updateDynamicRules.bind(refusing.api);
    refusing.api.updateDynamicRules = async (u) => {
      if (refuseExceptions && u.addRules.some((r) => r.id >= 10_000 && r.id < 30_000)) throw new Error('rule limit');
      return update(u);
    };
    const { sync, change } = setup(withException(defaultSettings()), refusing);
    await sync.reconcile();
    const status = await sync.status();
    expect(status.lastError).toMatch(/refused the dynamic rules \(rule limit\).*every host upgraded/);
    expect(status.rulesInPlace).toBe(false);
    // The credential blocks are in, the exceptions' allow rules are not.
    expect(refusing.state.dynamic.some((r) => r.action.type === 'block')).toBe(true);
    expect(refusing.state.dynamic.some((r) => r.id >= 10_000 && r.id < 30_000)).toBe(false);
    // The next change is tried whole again.
    refuseExceptions = false;
    change({ ...withException(defaultSettings()), historyCap: 1000 });
    await sync.reconcile();
    expect(await sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
  });

  it('when even the smaller set is refused, only the built-in upgrade stays', async () => {
    const refusing = fakeRules({ failOn: 'dynamic' });
    const { sync } = setup(withException(defaultSettings()), refusing);
    await sync.reconcile();
    expect((await sync.status()).lastError).toMatch(/only the built-in upgrade is in force/);
    expect(refusing.state.enabled).toEqual([BASELINE_RULESET_ID]);
  });

  it('splits parameter-name regexes Chrome refuses, and leaves out what it refuses even alone', async () => {
    // Refuse any group of several names, and the GitHub key format for one local IP range.
    const refuse = (regex: string) =>
      /(?:api_key|token)\|/.test(regex) || (regex.includes('172\\.') && regex.includes('gh[pousr]'));
    const rules = fakeRules({ refuse });
    // The exceptions let URL credentials through (warn), the local network blocks them: tests per address shape.
    const settings = withException(defaultSettings());
    const policy = { ...settings.credentialPolicy, query: 'warn' as const };
    const { sync } = setup({ ...settings, credentialPolicy: policy, localNetworkCredentials: 'block' }, rules);
    await sync.reconcile();
    const regexes = rules.state.dynamic.flatMap((r) => r.condition.regexFilter ?? []);
    expect(regexes.some((r) => r.includes('(?:access_token)'))).toBe(true);
    expect(regexes.some(refuse)).toBe(false);
    const status = await sync.status();
    expect(status.rulesInPlace).toBe(true);
    expect(status.refusedRegexCount).toBeGreaterThan(0);
  });

  it('puts "continue once" exceptions and their leak guard into session rules', async () => {
    const tabs = [{ tabId: 3, host: 'broken.test', expiresAt: Date.now() + 60_000 }];
    const { sync, rules } = setup(defaultSettings(), fakeRules(), tabs);
    await sync.reconcile();
    expect(rules.state.session.some((r) => r.condition.tabIds?.includes(3))).toBe(true);
    expect(rules.state.session.some((r) => r.action.type === 'block')).toBe(true);
  });
});
