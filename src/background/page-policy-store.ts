import { localNetworkGuarded } from '../core/policy';
import type { Settings } from '../core/settings';
import type { StorageArea } from '../platform/extension-api';
import { LOCAL_KEYS } from '../storage/keys';

/**
 * What the content scripts read at document start without waking the background: watch
 * mode, whether the local network's credentials are stopped, whether names that are not
 * on the public web are upgraded, whether some tab is paused
 * (then a document asks whether it is in one). Written when the settings or the pauses
 * change, and only then.
 */
export function createPagePolicyStore(area: StorageArea) {
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
    written = text;
  };
}
