/**
 * Every storage key the extension uses, by area. Values are validated when read
 * (see core/settings.ts); nothing here ever holds a credential.
 */
export const LOCAL_KEYS = {
  /** core/settings.ts Settings */
  settings: 'settings',
  /** Random per-install key for history fingerprints (base64). Not a user credential. */
  fingerprintKey: 'fingerprintKey',
  /** core/https-memory.ts HttpsMemory: hosts seen working over HTTPS (host -> last seen) */
  httpsHosts: 'httpsHosts',
  /** background/settings-store.ts SyncStatus: what of the settings is in storage.sync. */
  syncState: 'syncState',
  /**
   * The administrator's policy as storage.managed last answered, for the moments it does
   * not answer (Chrome, at startup). Policy values, never a credential.
   */
  managedPolicy: 'managedPolicy',
  /**
   * What the content scripts read without waking the background (content/page-report.ts
   * PagePolicy, plus anyPaused): watch mode, whether the local network is guarded, whether
   * some tab is paused.
   */
  pagePolicy: 'pagePolicy',
} as const;

/**
 * storage.sync (core/settings/sync-plan.ts): "settings" (without exceptions) and
 * "exceptions.0", "exceptions.1"... chunks. storage.managed: the administrator's policy
 * (public/managed_schema.json).
 */

export const SESSION_KEYS = {
  /** core/tab-stats.ts TabStats, one key per tab ("tabStats:<tab id>"), removed with the tab */
  tabStats: 'tabStats',
  /** background/blocked-navigations.ts: what the explanatory page shows, one key per tab ("<key>:<tab>:<frame>"), redacted */
  blockedNavigations: 'blockedNavigations',
  /** background/failed-navigations.ts: failed upgraded navigations, one key per document, redacted */
  failedNavigations: 'failedNavigations',
  /** core/tab-exceptions.ts TabException[]: "continue over HTTP once" */
  tabExceptions: 'tabExceptions',
  /** core/settings ExceptionRule[] with scope "session" */
  sessionExceptions: 'sessionExceptions',
  /** background/private-history-store.ts: what happened in private windows (Firefox), redacted like the history */
  privateHistory: 'privateHistory',
  /** background/private-session.ts: hosts of the session exceptions chosen in private windows */
  privateExceptions: 'privateExceptions',
} as const;
