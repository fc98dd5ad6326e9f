import type { Settings } from '../core/settings';
import type { SettingsSnapshot } from './settings-store';

/**
 * The settings in force, read once per wake and again on every change, for listeners
 * that must decide synchronously. Storage stays the truth: `refresh()` re-reads it.
 */
export function createSettingsCache(read: () => Promise<SettingsSnapshot>) {
  let current: Settings | null = null;
  let loading: Promise<Settings> | null = null;

  function refresh(): Promise<Settings> {
    loading = read().then((snapshot) => {
      current = snapshot.effective;
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
