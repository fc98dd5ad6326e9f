/**
 * Every storage key the extension uses, by area. Values are validated when read
 * (settings: see core/settings/read.ts); nothing here ever holds a credential.
 */
export const LOCAL_KEYS = {
  /**
   * background/settings-store.ts: the user's core/settings Settings, without the session
   * exceptions (SESSION_KEYS.sessionExceptions), exceptions in compact form
   */
  settings: 'settings',
  /** background/guard-recorder.ts: random per-install key for history fingerprints (base64). Not a user credential. */
  fingerprintKey: 'fingerprintKey',
  /** background/https-memory-store.ts, core/https-memory.ts HttpsMemory: hosts seen working over HTTPS (host -> last seen) */
  httpsHosts: 'httpsHosts',
  /** background/settings-store.ts SyncStatus: what of the settings is in storage.sync. */
  syncState: 'syncState',
  /**
   * background/settings-store.ts: the administrator's policy as storage.managed last
   * answered, for the moments it does not answer (Chrome, at startup). Policy values,
   * never a credential.
   */
  managedPolicy: 'managedPolicy',
  /**
   * What the content scripts read without waking the background (written by
   * background/page-policy-store.ts, read by content/form-guard.iife.ts): the global part
   * of content/page-report.ts PagePolicy (watch mode, whether the local network is
   * guarded, whether special-use names are upgraded) plus anyPaused (whether some tab is
   * paused).
   */
  pagePolicy: 'pagePolicy',
} as const;

/**
 * storage.sync (core/settings/sync-plan.ts): "settings" (without exceptions) and
 * "exceptions.0", "exceptions.1"... chunks. storage.managed: the administrator's policy
 * (public/managed_schema.json).
 */

export const SESSION_KEYS = {
  /** background/tab-stats-recorder.ts: core/tab-stats.ts TabStats, one key per tab ("tabStats:<tab id>"), removed with the tab */
  tabStats: 'tabStats',
  /** background/blocked-navigations.ts: what the explanatory page shows, one key per tab ("<key>:<tab>:0"), redacted */
  blockedNavigations: 'blockedNavigations',
  /** background/failed-navigations.ts: failed upgraded navigations, one key per document ("<key>:<tab>:<frame>"), redacted */
  failedNavigations: 'failedNavigations',
  /**
   * background/tab-exceptions-store.ts, core/tab-exceptions.ts TabException[]: "continue
   * over HTTP once", paused tabs, captive-portal tabs and the background's own probes
   */
  tabExceptions: 'tabExceptions',
  /** background/settings-store.ts: core/settings ExceptionRule[] with scope "session" */
  sessionExceptions: 'sessionExceptions',
  /** background/private-history-store.ts: what happened in private windows (Firefox), redacted like the history */
  privateHistory: 'privateHistory',
  /** background/private-session.ts: hosts of the session exceptions chosen in private windows */
  privateExceptions: 'privateExceptions',
  /**
   * background/rule-sync.ts: what the extension last installed, as rule ids and content
   * hashes with a digest per rule set (no host names); absent while an update is under way
   */
  installedRules: 'installedRules',
} as const;
