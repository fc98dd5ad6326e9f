import type { DnrCapabilities, DnrRule } from '../core/dnr-types';
import { diffRules, isEmptyUpdate } from '../core/rule-diff';
import { createSerialQueue } from '../core/serial-queue';
import { describeProblem, nextExceptionExpiry, type Settings } from '../core/settings';
import { PARAM_NAME_GROUP_CHARS, buildLeakRules } from '../core/leak-rules';
import { buildSessionRules } from '../core/session-rules';
import { nextExpiry, type TabException } from '../core/tab-exceptions';
import { buildUpgradeRules } from '../core/upgrade-rules';
import type { GuardStatus } from '../messaging/protocol';
import type { RulesApi } from '../platform/extension-api';
import type { SettingsSnapshot } from './settings-store';

/** Characters of names per regex, tried in turn (0: one name each, always small enough). */
const PARAM_NAME_GROUP_SIZES = [PARAM_NAME_GROUP_CHARS, 40, 0];

export interface RuleSyncDeps {
  rules: RulesApi;
  /** Reads the settings afresh from storage. */
  settings: () => Promise<SettingsSnapshot>;
  capabilities: DnrCapabilities;
  /** "Continue over HTTP once" exceptions and paused tabs, which become session rules. */
  tabExceptions: () => Promise<TabException[]>;
}

/**
 * Keeps the browser's dynamic rules equal to what the stored settings call for.
 * Every reconcile reads the settings afresh (module state is only a cache in a worker
 * that can be stopped at any time) and updates run one at a time: concurrent
 * updateDynamicRules calls that reuse ids fail.
 */
export function createRuleSync(deps: RuleSyncDeps) {
  const enqueue = createSerialQueue();
  let lastError: string | null = null;

  const regexVerdicts = new Map<string, Promise<boolean>>();
  const supported = (regex: string) => {
    let verdict = regexVerdicts.get(regex);
    if (!verdict) {
      verdict = deps.rules.isRegexSupported(regex);
      regexVerdicts.set(regex, verdict);
    }
    return verdict;
  };

  // Compiling 100,000 exceptions takes a while: the result holds until the settings or
  // the tab exceptions change (new objects) or the next timed exception expires.
  type Wanted = { rules: DnrRule[]; sessionRules: DnrRule[]; problems: string[] };
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

  async function compile(snapshot: SettingsSnapshot, tabExceptions: TabException[], now: number): Promise<Wanted> {
    const settings = snapshot.effective;
    const problems = snapshot.problems.map(describeProblem);
    // Chrome may refuse a regex of many parameter names (RE2's memory cap): fewer per regex until it takes them.
    for (const paramNameGroupChars of PARAM_NAME_GROUP_SIZES) {
      const caps = { ...deps.capabilities, paramNameGroupChars };
      const rules = [...buildUpgradeRules(settings, caps, now), ...buildLeakRules(settings, caps, now)];
      const sessionRules = buildSessionRules(settings, { tabExceptions }, caps, now);
      const regexes = new Set([...rules, ...sessionRules].flatMap((r) => r.condition.regexFilter ?? []));
      const verdicts = await Promise.all([...regexes].map(supported));
      if (verdicts.every(Boolean) || paramNameGroupChars === 0) return { rules, sessionRules, problems };
    }
    throw new Error('unreachable: the last group size is always taken');
  }

  // What this wake installed: the extension is the only writer of its rules, so after its
  // own update it need not read them back (100,000 exceptions make that read slow).
  let installedCache: { rules: DnrRule[]; sessionRules: DnrRule[] } | null = null;

  function reconcile(): Promise<void> {
    return enqueue(async () => {
      try {
        const [want, installed, installedSession] = await Promise.all([
          wanted(),
          installedCache?.rules ?? deps.rules.getDynamicRules(),
          installedCache?.sessionRules ?? deps.rules.getSessionRules(),
        ]);
        installedCache = null;
        const update = diffRules(installed, want.rules);
        if (!isEmptyUpdate(update)) await deps.rules.updateDynamicRules(update);
        const sessionUpdate = diffRules(installedSession, want.sessionRules);
        if (!isEmptyUpdate(sessionUpdate)) await deps.rules.updateSessionRules(sessionUpdate);
        installedCache = { rules: want.rules, sessionRules: want.sessionRules };
        lastError = null;
      } catch (error) {
        installedCache = null;
        lastError = error instanceof Error ? error.message : String(error);
        console.error('Cleartext Guard: could not install its rules:', lastError);
      }
    });
  }

  /** Compares what is installed (read from the browser) with what the current settings want, right now. */
  function status(): Promise<Omit<GuardStatus, 'warnings' | 'activeTabExceptions'> & { lastError: string | null }> {
    return enqueue(async () => {
      const [want, installed, installedSession] = await Promise.all([
        wanted(),
        deps.rules.getDynamicRules(),
        deps.rules.getSessionRules(),
      ]);
      return {
        rulesInPlace:
          isEmptyUpdate(diffRules(installed, want.rules)) &&
          isEmptyUpdate(diffRules(installedSession, want.sessionRules)),
        installedRuleCount: installed.length + installedSession.length,
        wantedRuleCount: want.rules.length + want.sessionRules.length,
        settingsProblems: want.problems,
        lastError,
      };
    });
  }

  return { reconcile, status };
}
