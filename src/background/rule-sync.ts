import { PARAM_NAME_GROUP_CHARS } from '../core/credential-url-regexes';
import type { DnrCapabilities, DnrRule } from '../core/dnr-types';
import { buildLeakRules } from '../core/leak-rules';
import { diffRules, isEmptyUpdate } from '../core/rule-diff';
import { RULE_ID_RANGES } from '../core/rule-ids';
import { createSerialQueue } from '../core/serial-queue';
import { describeProblem, nextExceptionExpiry, type Settings } from '../core/settings';
import { buildSessionRules } from '../core/session-rules';
import { nextExpiry, type TabException } from '../core/tab-exceptions';
import { BASELINE_RULESET_ID, baselineWanted, buildUpgradeRules } from '../core/upgrade-rules';
import { withTimeLimit } from '../core/time-limit';
import type { GuardStatus } from '../messaging/protocol';
import type { RulesApi } from '../platform/extension-api';
import type { SettingsSnapshot } from './settings-store';

const FALLBACK = {
  dynamic: 'in force instead: every host upgraded (no exception), credentials still blocked',
  session: '"continue once", session exceptions and paused tabs are off',
} as const;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const inRange = (id: number, range: keyof typeof RULE_ID_RANGES) =>
  id >= RULE_ID_RANGES[range].first && id <= RULE_ID_RANGES[range].last;

/** Characters of names per regex, tried in turn (0: one name each, the smallest there is). */
const PARAM_NAME_GROUP_SIZES = [PARAM_NAME_GROUP_CHARS, 28, 0];

/**
 * A reconcile that takes longer has hung (a browser call that never answers, seen with
 * storage.managed at startup): it is abandoned, reported, and the next one starts afresh.
 * 100,000 exceptions install in a few seconds.
 */
export const RECONCILE_TIME_LIMIT_MS = 30_000;

export interface RuleSyncDeps {
  rules: RulesApi;
  /** Reads the settings afresh from storage. */
  settings: () => Promise<SettingsSnapshot>;
  capabilities: DnrCapabilities;
  /** "Continue over HTTP once" exceptions and paused tabs, which become session rules. */
  tabExceptions: () => Promise<TabException[]>;
  timeLimitMs?: number;
  /**
   * Another instance of the extension writes the rules (Chrome runs a second one for
   * private windows; both see the same rules): this one only waits until they are what
   * the settings call for.
   */
  readOnly?: boolean;
}

interface Wanted {
  rules: DnrRule[];
  sessionRules: DnrRule[];
  baseline: boolean;
  problems: string[];
  /** Regexes Chrome refuses even alone: their rules are left out (a browser limit). */
  refusedRegexes: string[];
}

/**
 * Keeps the browser's rules equal to what the stored settings call for: the static
 * baseline on or off, the dynamic rules, the session rules. Every reconcile reads the
 * settings afresh (module state is only a cache in a worker that can be stopped at any
 * time) and updates run one at a time: concurrent updateDynamicRules calls that reuse ids
 * fail.
 *
 * Order, so that no step lowers protection on its way: the baseline is turned on before
 * anything else and off only after everything else; each rule update is atomic. The
 * baseline is in the manifest, so a fresh install is protected before any of this runs.
 */
export function createRuleSync(deps: RuleSyncDeps) {
  const enqueue = createSerialQueue();
  const timeLimit = deps.timeLimitMs ?? RECONCILE_TIME_LIMIT_MS;
  let lastError: string | null = null;

  const regexVerdicts = new Map<string, Promise<boolean>>();
  const supported = (regex: string, caseSensitive: boolean) => {
    const key = `${caseSensitive ? 'c' : 'i'}${regex}`;
    let verdict = regexVerdicts.get(key);
    if (!verdict) {
      verdict = deps.rules.isRegexSupported(regex, caseSensitive);
      regexVerdicts.set(key, verdict);
      verdict.catch(() => regexVerdicts.delete(key)); // ask again next time
    }
    return verdict;
  };

  // Compiling 100,000 exceptions takes a while: the result holds until the settings or
  // the tab exceptions change (new objects) or the next timed exception expires.
  let memo: { settings: Settings; tabs: TabException[]; validUntil: number; result: Wanted } | null = null;

  async function wanted(): Promise<Wanted> {
    const snapshot = await deps.settings();
    const tabExceptions = await deps.tabExceptions();
    const now = Date.now();
    const settings = snapshot.effective;
    if (memo && memo.settings === settings && memo.tabs === tabExceptions && now < memo.validUntil) return memo.result;
    const result = await compile(snapshot, tabExceptions, now);
    const expiries = [nextExceptionExpiry(snapshot.effective, now), nextExpiry(tabExceptions, now)];
    const validUntil = Math.min(...expiries.map((t) => t ?? Infinity));
    memo = { settings, tabs: tabExceptions, validUntil, result };
    return result;
  }

  async function refused(rules: DnrRule[]): Promise<Set<string>> {
    const regexes = new Map<string, boolean>();
    for (const { condition } of rules) {
      if (condition.regexFilter) regexes.set(condition.regexFilter, condition.isUrlFilterCaseSensitive ?? false);
    }
    const verdicts = await Promise.all([...regexes].map(async ([r, cs]) => [r, await supported(r, cs)] as const));
    return new Set(verdicts.filter(([, ok]) => !ok).map(([r]) => r));
  }

  async function compile(snapshot: SettingsSnapshot, tabExceptions: TabException[], now: number): Promise<Wanted> {
    const settings = snapshot.effective;
    const problems = snapshot.problems.map(describeProblem);
    const baseline = baselineWanted(settings);
    // Chrome may refuse a regex of many parameter names (RE2's memory cap): fewer per regex until it takes them.
    for (const groupChars of PARAM_NAME_GROUP_SIZES) {
      const rules = [
        ...buildUpgradeRules(settings, deps.capabilities, now),
        ...buildLeakRules(settings, deps.capabilities, now, groupChars),
      ];
      const sessionRules = buildSessionRules(settings, { tabExceptions }, deps.capabilities, now, groupChars);
      const refusedRegexes = await refused([...rules, ...sessionRules]);
      if (refusedRegexes.size === 0) return { rules, sessionRules, baseline, problems, refusedRegexes: [] };
      if (groupChars === 0) {
        // One name or shape per regex and still refused (a long host shape in front of it):
        // the browser cannot block that one declaratively. Leave it out rather than fail.
        const keep = (r: DnrRule) => !refusedRegexes.has(r.condition.regexFilter ?? '');
        return {
          rules: rules.filter(keep),
          sessionRules: sessionRules.filter(keep),
          baseline,
          problems,
          refusedRegexes: [...refusedRegexes],
        };
      }
    }
    throw new Error('unreachable: the last group size always returns');
  }

  // What this wake installed: the extension is the only writer of its rules, so after its
  // own update it need not read them back (100,000 exceptions make that read slow).
  let installedCache: { rules: DnrRule[]; sessionRules: DnrRule[]; baseline: boolean } | null = null;

  async function baselineEnabled(): Promise<boolean> {
    return (await deps.rules.getEnabledRulesets()).includes(BASELINE_RULESET_ID);
  }

  async function apply(): Promise<void> {
    const want = await wanted();
    const [installed, installedSession, baselineOn] = await Promise.all([
      installedCache?.rules ?? deps.rules.getDynamicRules(),
      installedCache?.sessionRules ?? deps.rules.getSessionRules(),
      installedCache?.baseline ?? baselineEnabled(),
    ]);
    installedCache = null;
    if (want.baseline && !baselineOn) {
      await deps.rules.updateEnabledRulesets({ enableRulesetIds: [BASELINE_RULESET_ID] });
    }
    const refusals: string[] = [];
    const rules = await installOrFallBack(installed, want.rules, 'dynamic', refusals);
    const sessionRules = await installOrFallBack(installedSession, want.sessionRules, 'session', refusals);
    if (!want.baseline && baselineOn) {
      await deps.rules.updateEnabledRulesets({ disableRulesetIds: [BASELINE_RULESET_ID] });
    }
    installedCache = { rules, sessionRules, baseline: want.baseline };
    if (refusals.length > 0) throw new Error(refusals.join('; '));
  }

  /**
   * Installs `wanted`; if the browser refuses it (a limit, a rule it will not take), a
   * smaller set that only protects: the dynamic rules without the exceptions (everything
   * is upgraded, credentials are still blocked), no session rules ("continue once" and
   * pauses end); failing that, none. The next change tries the whole set again, so one
   * refused update does not hold back the ones after it. Returns what is installed.
   */
  async function installOrFallBack(
    installed: readonly DnrRule[],
    wanted: DnrRule[],
    which: 'dynamic' | 'session',
    refusals: string[],
  ): Promise<DnrRule[]> {
    const update = (rules: DnrRule[], from: readonly DnrRule[]) => {
      const diff = diffRules(from, rules);
      if (isEmptyUpdate(diff)) return Promise.resolve();
      return which === 'dynamic' ? deps.rules.updateDynamicRules(diff) : deps.rules.updateSessionRules(diff);
    };
    const readBack = () => (which === 'dynamic' ? deps.rules.getDynamicRules() : deps.rules.getSessionRules());
    try {
      await update(wanted, installed);
      return wanted;
    } catch (error) {
      const safe = which === 'dynamic' ? wanted.filter((rule) => !inRange(rule.id, 'exceptions')) : [];
      try {
        await update(safe, await readBack());
        refusals.push(`the browser refused the ${which} rules (${messageOf(error)}); ${FALLBACK[which]}`);
        return safe;
      } catch {
        await update([], await readBack());
        refusals.push(
          `the browser refused the ${which} rules (${messageOf(error)}); only the built-in upgrade is in force`,
        );
        return [];
      }
    }
  }

  /** Waits (within the time limit) until the other instance has installed what the settings call for. */
  async function awaitOtherInstance(): Promise<void> {
    for (;;) {
      const want = await wanted();
      const [installed, installedSession, baselineOn] = await Promise.all([
        deps.rules.getDynamicRules(),
        deps.rules.getSessionRules(),
        baselineEnabled(),
      ]);
      const inPlace =
        baselineOn === want.baseline &&
        isEmptyUpdate(diffRules(installed, want.rules)) &&
        isEmptyUpdate(diffRules(installedSession, want.sessionRules));
      if (inPlace) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  function reconcile(): Promise<void> {
    return enqueue(async () => {
      try {
        await withTimeLimit(deps.readOnly ? awaitOtherInstance() : apply(), timeLimit, 'installing the rules');
        lastError = null;
      } catch (error) {
        installedCache = null; // read back next time: the browser's state is the truth
        lastError = messageOf(error);
        console.error('Cleartext Guard: could not install its rules:', lastError);
      }
    });
  }

  /** Compares what is installed (read from the browser) with what the current settings want, right now. */
  function status(): Promise<Omit<GuardStatus, 'warnings' | 'activeTabExceptions'> & { lastError: string | null }> {
    return enqueue(() =>
      withTimeLimit(
        (async () => {
          const [want, installed, installedSession, baselineOn] = await Promise.all([
            wanted(),
            deps.rules.getDynamicRules(),
            deps.rules.getSessionRules(),
            baselineEnabled(),
          ]);
          return {
            rulesInPlace:
              baselineOn === want.baseline &&
              isEmptyUpdate(diffRules(installed, want.rules)) &&
              isEmptyUpdate(diffRules(installedSession, want.sessionRules)),
            baselineEnabled: baselineOn,
            installedRuleCount: installed.length + installedSession.length,
            wantedRuleCount: want.rules.length + want.sessionRules.length,
            settingsProblems: want.problems,
            lastError,
            refusedRegexCount: want.refusedRegexes.length,
          };
        })(),
        timeLimit,
        'reading the installed rules',
      ),
    );
  }

  return { reconcile, status };
}
