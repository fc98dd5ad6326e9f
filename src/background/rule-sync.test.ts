import { describe, expect, it, vi } from 'vitest';
import { CHROME_CAPABILITIES, type DnrRule } from '../core/dnr-types';
import { diffRules, type RuleUpdate } from '../core/rule-diff';
import { canonicalJson } from '../core/rule-digest';
import { defaultSettings, type ExceptionRule, type Settings } from '../core/settings';
import type { TabException } from '../core/tab-exceptions';
import { BASELINE_RULESET_ID } from '../core/upgrade-rules';
import type { RulesApi } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';
import { createRuleSync, type RuleSyncDeps } from './rule-sync';
import type { SettingsSnapshot } from './settings-store';
import { memoryArea, memoryRecordArea } from './testing/memory-area';

/**
 * The browser's rule store as the API shows it, with a log of every call in order and a
 * count of the times the rules were read back. Like Chrome, an update that adds a rule
 * under an id still in use (after its removals) is refused whole.
 */
function fakeRules(
  options: {
    refuse?: (regex: string) => boolean;
    hangOn?: string;
    failOn?: string;
    /** Holds the next call of this name until `release` is called (a late answer). */
    holdOn?: { name: string; until: Promise<void> };
  } = {},
) {
  const state = { dynamic: [] as DnrRule[], session: [] as DnrRule[], enabled: [BASELINE_RULESET_ID] };
  const calls: string[] = [];
  const reads = { dynamic: 0, session: 0 };
  const updates: { dynamic: RuleUpdate[]; session: RuleUpdate[] } = { dynamic: [], session: [] };
  const apply = (rules: DnrRule[], update: RuleUpdate) => {
    const kept = rules.filter((r) => !update.removeRuleIds.includes(r.id));
    const ids = new Set(kept.map((r) => r.id));
    for (const rule of update.addRules) {
      if (ids.has(rule.id)) throw new Error(`Rule with id ${rule.id} does not have a unique ID.`);
      ids.add(rule.id);
    }
    return [...kept, ...update.addRules];
  };
  const step = async (name: string) => {
    calls.push(name);
    if (options.hangOn === name) await new Promise(() => undefined);
    if (options.failOn === name) throw new Error(`${name} refused`);
    const hold = options.holdOn;
    if (hold?.name === name) {
      options.holdOn = undefined;
      await hold.until;
    }
  };
  const api: RulesApi = {
    getDynamicRules: async () => {
      reads.dynamic++;
      return structuredClone(state.dynamic);
    },
    getSessionRules: async () => {
      reads.session++;
      return structuredClone(state.session);
    },
    async updateDynamicRules(update) {
      await step('dynamic');
      state.dynamic = apply(state.dynamic, update);
      updates.dynamic.push(update);
    },
    async updateSessionRules(update) {
      await step('session');
      state.session = apply(state.session, update);
      updates.session.push(update);
    },
    isRegexSupported: async (regex) => !(options.refuse?.(regex) ?? false),
    getEnabledRulesets: async () => state.enabled,
    async updateEnabledRulesets({ enableRulesetIds = [], disableRulesetIds = [] }) {
      await step(enableRulesetIds.length > 0 ? 'enable-baseline' : 'disable-baseline');
      state.enabled = [...state.enabled.filter((id) => !disableRulesetIds.includes(id)), ...enableRulesetIds];
    },
  };
  return { api, state, calls, reads, updates, options };
}

const snapshot = (settings: Settings): SettingsSnapshot => ({
  user: settings,
  effective: settings,
  locked: [],
  problems: [],
  sync: { savedAt: 0, synced: 0, localOnly: 0, error: null },
});

function setup(
  settings: Settings,
  rules = fakeRules(),
  tabs: TabException[] = [],
  timeLimitMs?: number,
  sessionArea?: RuleSyncDeps['sessionArea'],
) {
  let current = settings;
  const sync = createRuleSync({
    rules: rules.api,
    settings: async () => snapshot(current),
    capabilities: CHROME_CAPABILITIES,
    tabExceptions: async () => tabs,
    timeLimitMs,
    sessionArea,
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

/** The record as rule-sync.ts stores it. */
interface StoredRecord {
  dynamic: [number, string][];
  session: [number, string][];
  digests: { dynamic: string; session: string };
}

/** The items of `a` not in `b`, counted (a multiset difference), sorted. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const item of b) left.set(item, (left.get(item) ?? 0) + 1);
  const out: string[] = [];
  for (const item of a) {
    const n = left.get(item) ?? 0;
    if (n > 0) left.set(item, n - 1);
    else out.push(item);
  }
  return out.sort();
}

/** The rules as compared by content, ids aside (the sync may keep a rule under an older id). */
const contentOf = (rules: readonly DnrRule[]) => rules.map(({ id: _id, ...rest }) => canonicalJson(rest)).sort();

/** What a sync that starts from nothing installs for `settings`. */
async function installedFromScratch(settings: Settings) {
  const { sync, rules } = setup(settings);
  await sync.reconcile();
  return rules.state;
}

const exception = (pattern: string): ExceptionRule => ({
  pattern,
  allowCredentials: false,
  scope: 'always',
  expiresAt: null,
});

const withHosts = (n: number, first: ExceptionRule[] = []): Settings => ({
  ...defaultSettings(),
  exceptions: [...first, ...Array.from({ length: n }, (_, i) => exception(`host${i}.example.org`))],
});

const recordIn = (area: { data: Map<string, unknown> }) => area.data.get(SESSION_KEYS.installedRules);

describe('rule sync with a record in storage.session', () => {
  it('reads the rules back once, then answers "in place?" from its record', async () => {
    const area = memoryRecordArea();
    const { sync, rules } = setup(withException(defaultSettings()), fakeRules(), [], undefined, area);
    await sync.reconcile();
    expect(rules.reads).toEqual({ dynamic: 1, session: 1 }); // no record yet: read back before the update
    expect(recordIn(area)).toBeDefined();
    for (let i = 0; i < 3; i++) {
      const status = await sync.status();
      expect(status).toMatchObject({ rulesInPlace: true, lastError: null });
      expect(status.installedRuleCount).toBe(rules.state.dynamic.length + rules.state.session.length);
    }
    await sync.reconcile();
    expect(rules.reads).toEqual({ dynamic: 1, session: 1 });
    expect(rules.calls.filter((c) => c === 'dynamic')).toHaveLength(1); // nothing to update the second time
  });

  it('reports the rules out of place when the settings change, until the next reconcile installs them', async () => {
    const area = memoryRecordArea();
    const { sync, rules, change } = setup(withException(defaultSettings()), fakeRules(), [], undefined, area);
    await sync.reconcile();
    const next = { ...withException(defaultSettings()), exceptions: [exception('plain.test'), exception('more.test')] };
    change(next);
    expect((await sync.status()).rulesInPlace).toBe(false);
    expect((await sync.status()).rulesInPlace).toBe(false);
    await sync.reconcile();
    expect((await sync.status()).rulesInPlace).toBe(true);
    expect(rules.reads).toEqual({ dynamic: 1, session: 1 });
    // The update from the record put in place what an install from scratch would.
    const scratch = await installedFromScratch(next);
    expect(contentOf(rules.state.dynamic)).toEqual(contentOf(scratch.dynamic));
    expect(contentOf(rules.state.session)).toEqual(contentOf(scratch.session));
  });

  it('sends only the rules whose content changed when one exception is added in front of 1,000', async () => {
    // 1,000 exceptions, 50 of them on a port: each of those is two rules of its own.
    const many = (first: ExceptionRule[]): Settings => ({
      ...defaultSettings(),
      exceptions: [
        ...first,
        ...Array.from({ length: 1000 }, (_, i) =>
          exception(i < 50 ? `port${i}.example.org:8080` : `host${i}.example.org`),
        ),
      ],
    });
    const area = memoryRecordArea();
    const { sync, rules, change } = setup(many([]), fakeRules(), [], undefined, area);
    await sync.reconcile();
    const installedBefore = structuredClone(rules.state.dynamic);
    // A host on a port compiles to rules built before all the others: every later id moves by two.
    const after = many([exception('first.example.org:8080')]);
    change(after);
    await sync.reconcile();
    expect(rules.updates.dynamic).toHaveLength(2);
    const update = rules.updates.dynamic[1] as RuleUpdate;
    const scratch = await installedFromScratch(after);
    // Sent: exactly the rules whose content is new (the two for the port, the leak guard's
    // lists that name its host), removed: the ones they replace.
    expect(contentOf(update.addRules)).toEqual(minus(contentOf(scratch.dynamic), contentOf(installedBefore)));
    expect(update.removeRuleIds).toHaveLength(minus(contentOf(installedBefore), contentOf(scratch.dynamic)).length);
    expect(update.addRules.length).toBeLessThanOrEqual(5);
    expect(update.removeRuleIds.length).toBeLessThanOrEqual(3);
    // A diff by id would have sent every rule whose id moved.
    expect(diffRules(installedBefore, scratch.dynamic).addRules.length).toBeGreaterThan(100);
    expect(contentOf(rules.state.dynamic)).toEqual(contentOf(scratch.dynamic));
    expect(await sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    expect(rules.reads.dynamic).toBe(1);
  });

  it('a restarted worker trusts the record in storage.session: no read-back, rules in place, updates from it', async () => {
    const area = memoryRecordArea();
    const rules = fakeRules();
    const first = setup(withHosts(20), rules, [], undefined, area);
    await first.sync.reconcile();
    const reads = { ...rules.reads };
    const restarted = setup(withHosts(20), rules, [], undefined, area);
    expect(await restarted.sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    await restarted.sync.reconcile();
    expect(rules.reads).toEqual(reads);
    expect(rules.updates.dynamic).toHaveLength(1);
    const next = withHosts(21);
    restarted.change(next);
    await restarted.sync.reconcile();
    expect(rules.reads).toEqual(reads);
    expect(await restarted.sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    expect(contentOf(rules.state.dynamic)).toEqual(contentOf((await installedFromScratch(next)).dynamic));
  });

  it('without storage.session keeps its record in memory: status reads nothing back after a reconcile', async () => {
    const { sync, rules, change } = setup(withHosts(5));
    await sync.reconcile();
    const reads = { ...rules.reads };
    expect(await sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    change(withHosts(6));
    expect((await sync.status()).rulesInPlace).toBe(false);
    await sync.reconcile();
    expect(await sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    expect(rules.reads).toEqual(reads);
  });

  it('drops the record before an update: a worker stopped mid-update leaves the next one to read back', async () => {
    const area = memoryRecordArea();
    const rules = fakeRules();
    const before = withHosts(5);
    const { sync, change } = setup(before, rules, [], 5_000, area);
    await sync.reconcile();
    // The browser takes the update, and the worker is stopped before it can record it.
    const update = rules.api.updateDynamicRules.bind(rules.api);
    let stopped = false;
    let resume: () => void = () => undefined;
    rules.api.updateDynamicRules = async (u) => {
      await update(u);
      if (!stopped) {
        stopped = true;
        await new Promise<void>((resolve) => (resume = resolve));
      }
    };
    change(withHosts(5, [exception('first.example.org:8080')]));
    const dying = sync.reconcile();
    await vi.waitFor(() => expect(stopped).toBe(true));
    expect(recordIn(area)).toBeUndefined();
    // The restarted worker: the settings are back to before (the change was not kept).
    const restarted = setup(before, rules, [], undefined, area);
    const reads = rules.reads.dynamic;
    expect((await restarted.sync.status()).rulesInPlace).toBe(false);
    expect(rules.reads.dynamic).toBe(reads + 1);
    await restarted.sync.reconcile();
    expect(await restarted.sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    expect(contentOf(rules.state.dynamic)).toEqual(contentOf((await installedFromScratch(before)).dynamic));
    resume(); // (only to let the test end: a stopped worker never goes on)
    await dying;
  });

  it.each([
    ['garbage', () => 'not a record'],
    ['lists that are not lists', (r: StoredRecord) => ({ ...r, dynamic: 'x' })],
    ['an entry that is not an id and a hash', (r: StoredRecord) => ({ ...r, dynamic: [[1.5, 'x'], ...r.dynamic] })],
    ['no digests', (r: StoredRecord) => ({ dynamic: r.dynamic, session: r.session })],
    ['a digest that does not match', (r: StoredRecord) => ({ ...r, digests: { ...r.digests, dynamic: '1:x' } })],
    ['an entry fewer than its digest', (r: StoredRecord) => ({ ...r, dynamic: r.dynamic.slice(1) })],
  ])('does not trust a record with %s: it reads the rules back', async (_, corrupt) => {
    const area = memoryRecordArea();
    const rules = fakeRules();
    const settings = withHosts(5);
    await setup(settings, rules, [], undefined, area).sync.reconcile();
    const good = recordIn(area) as StoredRecord;
    // Behind the record's back, one of the rules is gone: only a read-back can tell.
    rules.state.dynamic = rules.state.dynamic.slice(1);
    area.data.set(SESSION_KEYS.installedRules, corrupt(good));
    const restarted = setup(settings, rules, [], undefined, area);
    const reads = rules.reads.dynamic;
    expect((await restarted.sync.status()).rulesInPlace).toBe(false);
    expect(rules.reads.dynamic).toBe(reads + 1);
    await restarted.sync.reconcile();
    expect(await restarted.sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    expect(contentOf(rules.state.dynamic)).toEqual(contentOf((await installedFromScratch(settings)).dynamic));
    const fixed = recordIn(area) as StoredRecord;
    expect(fixed.digests).toEqual(good.digests);
    expect(new Map(fixed.dynamic)).toEqual(new Map(good.dynamic));
  });

  it('retries an update refused because the rules changed behind the record, from the rules read back', async () => {
    const area = memoryRecordArea();
    const rules = fakeRules();
    const before = withHosts(5);
    const { sync, change } = setup(before, rules, [], undefined, area);
    await sync.reconcile();
    const after = withHosts(5, [exception('first.example.org:8080')]);
    // Another writer (a worker stopped before it recorded its update) already installed the
    // new rules: adding them again under the same ids is refused.
    await setup(after, rules).sync.reconcile();
    const [reads, attempts, updates] = [rules.reads.dynamic, rules.calls.length, rules.updates.dynamic.length];
    change(after);
    await sync.reconcile();
    expect(await sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    // One update refused (from the record), read back, and nothing left to send.
    expect(rules.calls.slice(attempts)).toEqual(['dynamic']);
    expect(rules.updates.dynamic).toHaveLength(updates);
    expect(rules.reads.dynamic).toBe(reads + 1);
    expect(contentOf(rules.state.dynamic)).toEqual(contentOf((await installedFromScratch(after)).dynamic));
  });

  it('retries from the rules read back when a stranger holds an id the update needs, and removes it', async () => {
    const area = memoryRecordArea();
    const rules = fakeRules();
    const { sync, change } = setup(withHosts(5), rules, [], undefined, area);
    await sync.reconcile();
    const used = new Set(rules.state.dynamic.map((r) => r.id));
    const free = Array.from({ length: 50 }, (_, i) => 10_000 + i).filter((id) => !used.has(id));
    const strangers: DnrRule[] = free.map((id) => ({
      id,
      priority: 1,
      action: { type: 'block' },
      condition: { urlFilter: `|http://stranger${id}.test/` },
    }));
    rules.state.dynamic = [...rules.state.dynamic, ...strangers];
    const after = withHosts(5, [exception('first.example.org:8080')]);
    change(after);
    await sync.reconcile();
    expect(await sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    expect(rules.state.dynamic.some((r) => r.condition.urlFilter?.includes('stranger'))).toBe(false);
    expect(contentOf(rules.state.dynamic)).toEqual(contentOf((await installedFromScratch(after)).dynamic));
  });

  it.each([
    ['removes', memoryRecordArea, (area: { data: Map<string, unknown> }) => area.data.has(SESSION_KEYS.installedRules)],
    ['clears', memoryArea, (area: { data: Map<string, unknown> }) => recordIn(area) !== null],
  ])('%s the record when an update hangs, and the next reconcile reads the rules back', async (_, area, holds) => {
    const sessionArea = area();
    const rules = fakeRules();
    await setup(withHosts(5), rules, [], undefined, sessionArea).sync.reconcile();
    expect(holds(sessionArea)).toBe(true);
    // A worker with a short time limit that starts from the record (only the hung step is slow).
    const { sync, change } = setup(withHosts(5), rules, [], 100, sessionArea);
    rules.options.hangOn = 'dynamic';
    const after = withHosts(6);
    change(after);
    await sync.reconcile();
    expect(holds(sessionArea)).toBe(false);
    rules.options.hangOn = undefined;
    const reads = rules.reads.dynamic;
    await sync.reconcile();
    expect(rules.reads.dynamic).toBe(reads + 1);
    // The hung write may still land: while it may, no record is written or trusted.
    expect(holds(sessionArea)).toBe(false);
    const statusReads = rules.reads.dynamic;
    expect(await sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    expect(rules.reads.dynamic).toBe(statusReads + 1);
    expect(contentOf(rules.state.dynamic)).toEqual(contentOf((await installedFromScratch(after)).dynamic));
  });

  it('an abandoned update that lands late is undone: the rules end as the latest settings want', async () => {
    const sessionArea = memoryRecordArea();
    const rules = fakeRules();
    const { sync, change } = setup(withHosts(5), rules, [], 50, sessionArea);
    await sync.reconcile();
    let release: () => void = () => undefined;
    rules.options.holdOn = { name: 'dynamic', until: new Promise<void>((resolve) => (release = resolve)) };
    change(withHosts(6));
    await sync.reconcile(); // abandoned after 50 ms; its update is still on its way
    const latest = withHosts(8);
    change(latest);
    await sync.reconcile();
    expect(await sync.status()).toMatchObject({ rulesInPlace: true });
    release(); // the old update lands now, on top of the newer rules
    await vi.waitFor(async () => {
      expect(contentOf(rules.state.dynamic)).toEqual(contentOf((await installedFromScratch(latest)).dynamic));
      expect(await sync.status()).toMatchObject({ rulesInPlace: true });
    });
    // Once it has landed and been undone, the record is kept again.
    await vi.waitFor(() => expect(sessionArea.data.has(SESSION_KEYS.installedRules)).toBe(true));
  });

  it('keeps no record after a refused update: the next status reads the rules back', async () => {
    const area = memoryRecordArea();
    const rules = fakeRules();
    const { sync, change } = setup(withHosts(5), rules, [], undefined, area);
    await sync.reconcile();
    rules.options.failOn = 'dynamic';
    const after = withHosts(6);
    change(after);
    await sync.reconcile();
    expect(recordIn(area)).toBeUndefined();
    const reads = rules.reads.dynamic;
    expect(await sync.status()).toMatchObject({ rulesInPlace: false, lastError: expect.stringMatching(/refused/) });
    expect(rules.reads.dynamic).toBe(reads + 1);
    expect(recordIn(area)).toBeDefined(); // what was read back
    rules.options.failOn = undefined;
    await sync.reconcile();
    expect(await sync.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    expect(rules.reads.dynamic).toBe(reads + 1);
    expect(contentOf(rules.state.dynamic)).toEqual(contentOf((await installedFromScratch(after)).dynamic));
  });

  it("lets Chrome's private instance see the rules in place from the shared record, without reading them back", async () => {
    const area = memoryRecordArea();
    const rules = fakeRules();
    await setup(withHosts(5), rules, [], undefined, area).sync.reconcile();
    const reads = { ...rules.reads };
    const privateInstance = createRuleSync({
      rules: rules.api,
      settings: async () => snapshot(withHosts(5)),
      capabilities: CHROME_CAPABILITIES,
      tabExceptions: async () => [],
      readOnly: true,
      timeLimitMs: 1000,
      sessionArea: area,
    });
    await privateInstance.reconcile();
    expect(await privateInstance.status()).toMatchObject({ rulesInPlace: true, lastError: null });
    expect(rules.reads).toEqual(reads);
  });
});
