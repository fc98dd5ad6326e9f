import type { DnrCapabilities, DnrRule } from '../core/dnr-types';
import { diffRules, isEmptyUpdate } from '../core/rule-diff';
import { createSerialQueue } from '../core/serial-queue';
import { readSettings } from '../core/settings';
import { buildLeakRules } from '../core/leak-rules';
import { buildUpgradeRules } from '../core/upgrade-rules';
import type { GuardStatus } from '../messaging/protocol';
import type { RulesApi, StorageArea } from '../platform/extension-api';
import { LOCAL_KEYS } from '../storage/keys';

export interface RuleSyncDeps {
  rules: RulesApi;
  settingsArea: StorageArea;
  capabilities: DnrCapabilities;
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

  async function wanted(): Promise<{ rules: DnrRule[]; problems: string[] }> {
    const { settings, problems } = readSettings(await deps.settingsArea.get(LOCAL_KEYS.settings));
    const now = Date.now();
    const rules = [
      ...buildUpgradeRules(settings, deps.capabilities, now),
      ...buildLeakRules(settings, deps.capabilities, now),
    ];
    return { rules, problems };
  }

  function reconcile(): Promise<void> {
    return enqueue(async () => {
      try {
        const [{ rules }, installed] = await Promise.all([wanted(), deps.rules.getDynamicRules()]);
        const update = diffRules(installed, rules);
        if (!isEmptyUpdate(update)) await deps.rules.updateDynamicRules(update);
        lastError = null;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        console.error('Cleartext Guard: could not install its rules:', lastError);
      }
    });
  }

  /** Compares what is installed with what the current settings want, right now. */
  function status(): Promise<Omit<GuardStatus, 'warnings'> & { lastError: string | null }> {
    return enqueue(async () => {
      const [{ rules, problems }, installed] = await Promise.all([wanted(), deps.rules.getDynamicRules()]);
      return {
        rulesInPlace: isEmptyUpdate(diffRules(installed, rules)),
        installedRuleCount: installed.length,
        wantedRuleCount: rules.length,
        settingsProblems: problems,
        lastError,
      };
    });
  }

  return { reconcile, status };
}
