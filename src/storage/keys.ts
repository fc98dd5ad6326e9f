/**
 * Every storage key the extension uses, by area. Values are validated when read
 * (see core/settings.ts); nothing here ever holds a credential.
 */
export const LOCAL_KEYS = {
  /** core/settings.ts Settings */
  settings: 'settings',
  /** Random per-install key for history fingerprints (base64). Not a user credential. */
  fingerprintKey: 'fingerprintKey',
} as const;

export const SESSION_KEYS = {
  /** core/tab-stats.ts TabStatsMap, keyed by tab id */
  tabStats: 'tabStats',
  /** background/blocked-navigations.ts: what the explanatory page shows, per tab (redacted) */
  blockedNavigations: 'blockedNavigations',
} as const;
