/**
 * Every storage key the extension uses, by area. Values are validated when read
 * (see core/settings.ts); nothing here ever holds a credential.
 */
export const LOCAL_KEYS = {
  /** core/settings.ts Settings */
  settings: 'settings',
} as const;

export const SESSION_KEYS = {
  /** core/tab-stats.ts TabStatsMap, keyed by tab id */
  tabStats: 'tabStats',
} as const;
