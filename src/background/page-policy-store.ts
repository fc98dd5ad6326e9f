import { localNetworkGuarded } from '../core/policy';
import type { Settings } from '../core/settings';
import { pagePolicyScriptFile } from '../core/page-policy-script';
import type { PagePolicyScriptRegistry, StorageArea } from '../platform/extension-api';
import { LOCAL_KEYS } from '../storage/keys';

/**
 * What the content scripts read at document start without waking the background: watch
 * mode, whether the local network's credentials are stopped, whether names that are not
 * on the public web are upgraded, whether some tab is paused
 * (then a document asks whether it is in one). Written when the settings or the pauses
 * change, and only then; with it, the page-world script that tells the global part to a
 * page before its own scripts run (core/page-policy-script.ts), when there is one.
 */
export function createPagePolicyStore(area: StorageArea, scripts?: PagePolicyScriptRegistry) {
  let written: string | null = null;
  return async (settings: Settings, anyPaused: boolean): Promise<void> => {
    const policy = {
      passive: settings.mode === 'watch',
      guardLocal: localNetworkGuarded(settings),
      upgradeSpecial: settings.upgradeSpecialUseNames,
      anyPaused,
    };
    const text = JSON.stringify(policy);
    if (text === written) return;
    await area.set(LOCAL_KEYS.pagePolicy, policy);
    // Without it, the isolated script still tells the page world, a moment later.
    await scripts?.set(pagePolicyScriptFile(policy)).catch((error: unknown) => {
      console.warn('Cleartext Guard: the page policy script could not be registered:', error);
    });
    written = text;
  };
}
