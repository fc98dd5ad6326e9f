import { SESSION_KEYS } from '../storage/keys';

export interface StorageChangeDeps {
  store: {
    adoptSync(): Promise<unknown>;
    /** Whether a change in `area` is someone else's change to the settings. */
    noticeChange(area: string, changes: Record<string, { newValue?: unknown }>): boolean;
  };
  /** Re-reads the settings and applies them. */
  settingsChanged(): Promise<void>;
  tabExceptions: { reload(): Promise<void> };
  /** Brings the rules in line with the tab exceptions. */
  applyExpiries(): Promise<void>;
}

/** The storage.onChanged listener: what others changed in storage, taken in. */
export function createStorageChangeHandler(deps: StorageChangeDeps) {
  return (changes: Record<string, { newValue?: unknown }>, areaName: string): void => {
    // Another of the user's browsers saved settings: take them if newer (this device's own
    // write changes nothing here, its savedAt is already known).
    if (areaName === 'sync') return void deps.store.adoptSync();
    // The store's own saves apply their rules themselves (page-actions.ts).
    if (deps.store.noticeChange(areaName, changes)) void deps.settingsChanged();
    // Chrome's other instance (private windows) continued over http or paused a tab.
    else if (areaName === 'session' && SESSION_KEYS.tabExceptions in changes) {
      void deps.tabExceptions.reload().then(() => deps.applyExpiries());
    }
  };
}
