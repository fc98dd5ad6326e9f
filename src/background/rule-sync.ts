import type { DnrCapabilities, DnrRule } from '../core/dnr-types';
import { diffRules, isEmptyUpdate } from '../core/rule-diff';
import { createSerialQueue } from '../core/serial-queue';
import { describeProblem } from '../core/settings';
import { buildLeakRules } from '../core/leak-rules';
import { buildSessionRules } from '../core/session-rules';
import type { TabException } from '../core/tab-exceptions';
import { buildUpgradeRules } from '../core/upgrade-rules';
import type { GuardStatus } from '../messaging/protocol';
import type { RulesApi } from '../platform/extension-api';
import type { SettingsSnapshot } from './settings-store';

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

  async function wanted(): Promise<{ rules: DnrRule[]; sessionRules: DnrRule[]; problems: string[] }> {
    const snapshot = await deps.settings();
    const settings = snapshot.effective;
    const problems = snapshot.problems.map(describeProblem);
    const now = Date.now();
    const rules = [
      ...buildUpgradeRules(settings, deps.capabilities, now),
      ...buildLeakRules(settings, deps.capabilities, now),
    ];
    const sessionRules = buildSessionRules(
      settings,
      { tabExceptions: await deps.tabExceptions() },
      deps.capabilities,
      now,
    );
    return { rules, sessionRules, problems };
  }

  function reconcile(): Promise<void> {
    return enqueue(async () => {
      try {
        const [want, installed, installedSession] = await Promise.all([
          wanted(),
          deps.rules.getDynamicRules(),
          deps.rules.getSessionRules(),
        ]);
        const update = diffRules(installed, want.rules);
        if (!isEmptyUpdate(update)) await deps.rules.updateDynamicRules(update);
        const sessionUpdate = diffRules(installedSession, want.sessionRules);
        if (!isEmptyUpdate(sessionUpdate)) await deps.rules.updateSessionRules(sessionUpdate);
        lastError = null;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        console.error('Cleartext Guard: could not install its rules:', lastError);
      }
    });
  }

  /** Compares what is installed with what the current settings want, right now. */
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
