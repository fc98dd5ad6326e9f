/**
 * Applying 100,000 exceptions, in Node: the background's rule sync (settings already read,
 * compile, diff, digest) against an in-memory rule store that costs what a browser's does
 * at least, a copy of everything it is given or asked for (structuredClone: the rules
 * cross a process boundary). What the browser then does with the rules comes on top and
 * is measured in the browsers (bench/run.ts).
 *
 * - full apply: an empty rule store, 100,000 exceptions installed (against 1,000).
 * - add one: one exception more on top of 100,000 installed (against the full apply).
 * - status: "rules in place?" with 100,000 installed (against reading every rule back and
 *   comparing, what the status did before it kept a digest).
 * - wake: a restarted worker's first reconcile, the digest in storage.session (against
 *   one without it, which reads the rules back once).
 */
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES, type DnrCapabilities, type DnrRule } from '../src/core/dnr-types';
import { buildLeakRules } from '../src/core/leak-rules';
import { diffRules, isEmptyUpdate, type RuleUpdate } from '../src/core/rule-diff';
import { defaultSettings, readSettings, type ExceptionRule, type Settings } from '../src/core/settings';
import type { TabException } from '../src/core/tab-exceptions';
import { buildUpgradeRules } from '../src/core/upgrade-rules';
import { createRuleSync } from '../src/background/rule-sync';
import type { SettingsSnapshot } from '../src/background/settings-store';
import type { RulesApi, StorageArea } from '../src/platform/extension-api';
import { addRow, formatMs, interleaved, spread } from './measure';

const LARGE = 100_000;
const SMALL = 1_000;
const REPETITIONS = 7;
/** The tab exceptions store hands out the same list until it changes. */
const NO_TABS: TabException[] = [];

/** The exceptions the browser benchmark saves too (e2e/harness/extension-page.ts). */
function exceptionList(count: number, from = 0): ExceptionRule[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const pattern = i % 2 === 0 ? `host-${i}.example.com` : `*.zone-${i}.example.net`;
    return { pattern, allowCredentials: false, scope: 'always', expiresAt: null };
  });
}

/** As the settings store has them: read (validated) once, then handed out as they are. */
function validated(count: number): Settings {
  return readSettings({ ...defaultSettings(), exceptions: exceptionList(count) }).settings;
}

const snapshotOf = (settings: Settings): SettingsSnapshot => ({
  user: settings,
  effective: settings,
  locked: [],
  problems: [],
  sync: { savedAt: 0, synced: 0, localOnly: 0, error: null },
});

/** A browser's rule store: keeps a copy of what it is given, answers reads with a copy. */
function memoryRules() {
  const state = { dynamic: new Map<number, DnrRule>(), session: new Map<number, DnrRule>(), enabled: ['baseline'] };
  const counters = { sentBytes: 0, reads: 0 };
  const update = (map: Map<number, DnrRule>, { removeRuleIds, addRules }: RuleUpdate) => {
    const copy = structuredClone(addRules);
    counters.sentBytes += JSON.stringify(addRules).length;
    for (const id of removeRuleIds) map.delete(id);
    for (const rule of copy) {
      if (map.has(rule.id)) throw new Error(`rule id ${rule.id} is already in use`);
      map.set(rule.id, rule);
    }
  };
  const api: RulesApi = {
    async getDynamicRules() {
      counters.reads++;
      return structuredClone([...state.dynamic.values()]);
    },
    async getSessionRules() {
      counters.reads++;
      return structuredClone([...state.session.values()]);
    },
    async updateDynamicRules(u) {
      update(state.dynamic, u);
    },
    async updateSessionRules(u) {
      update(state.session, u);
    },
    isRegexSupported: async () => true,
    getEnabledRulesets: async () => [...state.enabled],
    async updateEnabledRulesets({ enableRulesetIds = [], disableRulesetIds = [] }) {
      state.enabled = [...state.enabled.filter((id) => !disableRulesetIds.includes(id)), ...enableRulesetIds];
    },
  };
  return { api, counters };
}

function memoryArea(): StorageArea {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => structuredClone(items.get(key)),
    set: async (key, value) => void items.set(key, structuredClone(value)),
  };
}

/** One extension: its rule store and storage.session outlive the worker, whose rule sync is made anew. */
function extension(caps: DnrCapabilities, settings: Settings) {
  const rules = memoryRules();
  const sessionArea = memoryArea();
  let current = settings;
  const worker = () =>
    createRuleSync({
      rules: rules.api,
      settings: async () => snapshotOf(current),
      capabilities: caps,
      tabExceptions: async () => NO_TABS,
      sessionArea,
    });
  return { rules, worker, change: (next: Settings) => (current = next) };
}

async function ms(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function reconciled(sync: ReturnType<ReturnType<typeof extension>['worker']>): Promise<void> {
  await sync.reconcile();
  const status = await sync.status();
  if (!status.rulesInPlace || status.lastError) throw new Error(`rules not in place: ${JSON.stringify(status)}`);
}

async function benchCaps(name: string, caps: DnrCapabilities): Promise<void> {
  const large = validated(LARGE);
  const small = validated(SMALL);
  const now = Date.now();
  const wantedLarge = [...buildUpgradeRules(large, caps, now), ...buildLeakRules(large, caps, now)];

  // One extension with 100,000 installed, for the arms that change it and put it back.
  const installed = extension(caps, large);
  const sync = installed.worker();
  await reconciled(sync);
  let added = 0;
  let addedBytes = 0;

  const samples = await interleaved(
    {
      fullLarge: () => {
        const fresh = extension(caps, large);
        const s = fresh.worker();
        return ms(() => s.reconcile());
      },
      fullSmall: () => {
        const fresh = extension(caps, small);
        const s = fresh.worker();
        return ms(() => s.reconcile());
      },
      addOne: async () => {
        const one = readSettings({ exceptions: exceptionList(1, LARGE + 2 * added++) }).settings.exceptions;
        installed.change({ ...large, exceptions: [...large.exceptions, ...one] });
        const before = installed.rules.counters.sentBytes;
        const elapsed = await ms(() => sync.reconcile());
        addedBytes = installed.rules.counters.sentBytes - before;
        installed.change(large);
        await reconciled(sync);
        return elapsed;
      },
      status: async () => {
        let inPlace = false;
        const elapsed = await ms(async () => (inPlace = (await sync.status()).rulesInPlace));
        if (!inPlace) throw new Error('status: rules not in place');
        return elapsed;
      },
      readBack: () =>
        ms(async () => {
          const [dynamic, session] = await Promise.all([
            installed.rules.api.getDynamicRules(),
            installed.rules.api.getSessionRules(),
          ]);
          if (!isEmptyUpdate(diffRules(dynamic, wantedLarge)) || session.length > 0)
            throw new Error('read back: differs');
        }),
      wake: async () => {
        const restarted = installed.worker();
        const reads = installed.rules.counters.reads;
        const elapsed = await ms(() => restarted.reconcile());
        if (installed.rules.counters.reads !== reads) throw new Error('wake: read the rules back');
        return elapsed;
      },
    },
    REPETITIONS,
  );
  const fullLarge = spread(samples.fullLarge);
  const fullSmall = spread(samples.fullSmall);
  const addOne = spread(samples.addOne);
  const status = spread(samples.status);
  const readBack = spread(samples.readBack);
  const wake = spread(samples.wake);
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  const fullBytes = JSON.stringify(wantedLarge).length;
  const where = 'node';
  addRow({
    figure: `apply 100,000 exceptions from none (${name} rules: ${wantedLarge.length}, ${mb(fullBytes)} sent)`,
    where,
    result: formatMs(fullLarge),
    reference: `1,000 exceptions: ${formatMs(fullSmall)}`,
    goal: '≤ 1000 ms with the browser (Node share)',
    met: fullLarge.median <= 1000,
  });
  addRow({
    figure: `add one exception to 100,000 (${name}: ${mb(addedBytes)} sent)`,
    where,
    result: formatMs(addOne, 1),
    reference: `full apply: ${formatMs(fullLarge)}`,
    goal: '≤ 1000 ms with the browser (Node share)',
    met: addOne.median <= 1000,
  });
  addRow({
    figure: `"rules in place" with 100,000 exceptions (${name})`,
    where,
    result: formatMs(status, 2),
    reference: `reading every rule back and comparing: ${formatMs(readBack)}`,
    goal: '≤ 50 ms',
    met: status.median <= 50,
  });
  addRow({
    figure: `restarted worker's first reconcile, 100,000 exceptions (${name})`,
    where,
    result: formatMs(wake),
    reference: `full apply: ${formatMs(fullLarge)}`,
    goal: 'no read-back',
    met: null,
  });
}

export async function benchRulesInNode(): Promise<void> {
  await benchCaps('chrome', CHROME_CAPABILITIES);
  await benchCaps('firefox', FIREFOX_CAPABILITIES);
}
