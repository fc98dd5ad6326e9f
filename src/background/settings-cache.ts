import { readSettings, type Settings } from '../core/settings';
import type { StorageArea } from '../platform/extension-api';
import { LOCAL_KEYS } from '../storage/keys';

/**
 * The settings, read once per wake and again on every change, for listeners that must
 * decide synchronously. Storage stays the truth: `refresh()` re-reads it.
 */
export function createSettingsCache(area: StorageArea) {
  let current: Settings | null = null;
  let loading: Promise<Settings> | null = null;

  function refresh(): Promise<Settings> {
    loading = area.get(LOCAL_KEYS.settings).then((stored) => {
      current = readSettings(stored).settings;
      return current;
    });
    return loading;
  }

  return {
    /** The settings if already read in this wake, else null (call `ready`). */
    now: (): Settings | null => current,
    ready: (): Promise<Settings> => (current ? Promise.resolve(current) : (loading ?? refresh())),
    refresh,
  };
}

export type SettingsCache = ReturnType<typeof createSettingsCache>;
