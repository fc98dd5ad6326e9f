import {
  applyManaged,
  compact,
  mergeSynced,
  planSync,
  readSettings,
  readSync,
  staleChunkKeys,
  type Settings,
  type SettingsProblem,
} from '../core/settings';
import { isRecord } from '../core/is-record';
import { createSerialQueue } from '../core/serial-queue';
import type { SettingsView, SyncView } from '../messaging/protocol';
import type { StorageArea } from '../platform/extension-api';
import { LOCAL_KEYS, SESSION_KEYS } from '../storage/keys';

/** How long a settings read waits for storage.managed (see managedValues). */
export const MANAGED_WAIT_MS = 500;

/** storage.sync and storage.managed, as whole areas. */
export interface WholeArea {
  getAll(): Promise<Record<string, unknown>>;
}
export interface SyncArea extends WholeArea {
  setMany(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/** What of the settings is in storage.sync (LOCAL_KEYS.syncState); the pages see the same record. */
export type SyncStatus = SyncView;

/** The settings as read; the options page and the popup get exactly this shape. */
export type SettingsSnapshot = SettingsView;

function readSyncStatus(value: unknown): SyncStatus {
  const v = isRecord(value) ? value : {};
  const n = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  return {
    savedAt: n(v.savedAt),
    synced: n(v.synced),
    localOnly: n(v.localOnly),
    error: typeof v.error === 'string' ? v.error : null,
  };
}

/**
 * Where the settings live: the full copy on this device (storage.local), this session's
 * exceptions in storage.session, a copy of what fits in storage.sync for the user's other
 * browsers, and the administrator's policy in storage.managed on top.
 */
export function createSettingsStore(
  areas: {
    local: StorageArea;
    session: StorageArea;
    sync: SyncArea;
    managed: WholeArea;
  },
  options: {
    /** How long a read waits for storage.managed before it takes the last policy seen. */
    managedWaitMs?: number;
    /** A slow storage.managed read finally answered with a different policy. */
    onLateManaged?: () => void;
  } = {},
) {
  const enqueue = createSerialQueue();
  const managedWaitMs = options.managedWaitMs ?? MANAGED_WAIT_MS;

  function readManaged(): Promise<Record<string, unknown>> {
    return areas.managed.getAll().then(
      async (values) => {
        const known = await areas.local.get(LOCAL_KEYS.managedPolicy);
        if (JSON.stringify(known ?? {}) !== JSON.stringify(values))
          await areas.local.set(LOCAL_KEYS.managedPolicy, values);
        return values;
      },
      // Firefox's rejection without a policy: https://github.com/w3c/webextensions/issues/497
      () => ({}), // Firefox without a policy for this extension rejects the read
    );
  }

  /**
   * The administrator's policy. Chrome answers storage.managed only once its policy
   * service is up: about 3 s after a browser start, longer under load, and some builds
   * never (see README, Known limits; https://github.com/w3c/webextensions/issues/547).
   * Nothing waits for that: after `managedWaitMs` the last policy seen (kept in
   * storage.local) is used, and when the browser answers with a different one the
   * settings are read again.
   */
  async function managedValues(): Promise<Record<string, unknown>> {
    const live = readManaged();
    const answered = await Promise.race([live, new Promise<null>((r) => setTimeout(() => r(null), managedWaitMs))]);
    if (answered) return answered;
    const lastSeen = (await areas.local.get(LOCAL_KEYS.managedPolicy)) as Record<string, unknown> | undefined;
    const fallback = isRecord(lastSeen) ? lastSeen : {};
    const since = Date.now();
    policyWaitingSince ??= since;
    void live.then((values) => {
      if (policyWaitingSince === since) policyWaitingSince = null;
      if (JSON.stringify(values) === JSON.stringify(fallback)) return;
      invalidate();
      options.onLateManaged?.();
    });
    return fallback;
  }

  /** Since when the settings in force use the last policy seen, storage.managed not having answered; or null. */
  let policyWaitingSince: number | null = null;

  type Heavy = Omit<SettingsSnapshot, 'sync'> & { managed: Record<string, unknown> };

  // Reading and checking 100,000 exceptions takes a while: one read per change, not per
  // question. A save here replaces the cache; a change by anyone else drops it.
  let cached: Promise<Heavy> | null = null;
  const ownWrites: { settings: string | null; session: string | null } = { settings: null, session: null };

  function heavy(): Promise<Heavy> {
    cached ??= load();
    cached.catch(() => (cached = null));
    return cached;
  }

  async function read(): Promise<SettingsSnapshot> {
    const [{ managed: _managed, ...settled }, syncState] = await Promise.all([
      heavy(),
      areas.local.get(LOCAL_KEYS.syncState),
    ]);
    return { ...settled, sync: readSyncStatus(syncState) };
  }

  function invalidate(): void {
    cached = null;
  }

  /**
   * Told of every storage change; drops the cache unless the change is this store's own
   * last write (same content, and the first change of that key since). Returns whether the
   * settings changed from elsewhere: Chrome's other instance (private windows) writes the
   * same keys, and may write back a value this store wrote before.
   */
  function noticeChange(area: string, changes: Record<string, { newValue?: unknown }>): boolean {
    const foreign = (key: string, which: keyof typeof ownWrites) => {
      if (!(key in changes)) return false;
      const own = ownWrites[which];
      ownWrites[which] = null;
      return JSON.stringify(changes[key]?.newValue ?? null) !== own;
    };
    const changed =
      area === 'managed' ||
      (area === 'local' && foreign(LOCAL_KEYS.settings, 'settings')) ||
      (area === 'session' && foreign(SESSION_KEYS.sessionExceptions, 'session'));
    if (changed) invalidate();
    return changed;
  }

  function assemble(user: Settings, managed: Record<string, unknown>, problems: SettingsProblem[]): Heavy {
    const applied = applyManaged(user, managed);
    return {
      user,
      effective: applied.settings,
      locked: applied.locked,
      problems: [...problems, ...applied.problems],
      managed,
    };
  }

  async function load(): Promise<Heavy> {
    const [stored, session, managed] = await Promise.all([
      areas.local.get(LOCAL_KEYS.settings),
      areas.session.get(SESSION_KEYS.sessionExceptions),
      managedValues(),
    ]);
    const base = readSettings(stored);
    const withSession = Array.isArray(session)
      ? readSettings({ ...base.settings, exceptions: [...base.settings.exceptions, ...session] })
      : { settings: base.settings, problems: [] };
    return assemble(withSession.settings, managed, [...base.problems, ...withSession.problems]);
  }

  async function writeSync(settings: Settings, savedAt: number): Promise<SyncStatus> {
    const plan = planSync(settings, savedAt);
    try {
      const existing = Object.keys(await areas.sync.getAll());
      await areas.sync.setMany(plan.items);
      const stale = staleChunkKeys(existing, plan);
      if (stale.length > 0) await areas.sync.remove(stale);
      return { savedAt, synced: plan.synced, localOnly: plan.localOnly, error: null };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { savedAt, synced: 0, localOnly: plan.synced + plan.localOnly, error: message };
    }
  }

  /**
   * Saves the user's settings (already valid: see core/settings). This device first, so
   * nothing is lost if sync refuses; then sync.
   */
  function save(user: Settings): Promise<SyncStatus> {
    return enqueue(async () => {
      const managed = (await heavy()).managed;
      const persistent = { ...user, exceptions: user.exceptions.filter((e) => e.scope !== 'session').map(compact) };
      const session = user.exceptions.filter((e) => e.scope === 'session');
      ownWrites.settings = JSON.stringify(persistent);
      ownWrites.session = JSON.stringify(session);
      try {
        await areas.local.set(LOCAL_KEYS.settings, persistent);
        await areas.session.set(SESSION_KEYS.sessionExceptions, session);
      } catch (error) {
        invalidate(); // storage keeps what it had; so does the cache's next read
        throw error;
      }
      cached = Promise.resolve(assemble(user, managed, []));
      const status = await writeSync(user, Date.now());
      await areas.local.set(LOCAL_KEYS.syncState, status);
      return status;
    });
  }

  /** Takes what another browser wrote to sync if it is newer than this device's settings. */
  function adoptSync(): Promise<boolean> {
    return enqueue(async () => {
      const remote = readSync(await areas.sync.getAll());
      const status = readSyncStatus(await areas.local.get(LOCAL_KEYS.syncState));
      if (!remote || remote.savedAt <= status.savedAt) return false;
      const { user } = await read();
      const merged = mergeSynced(remote.settings, user, status.localOnly);
      await areas.local.set(LOCAL_KEYS.settings, {
        ...merged,
        exceptions: merged.exceptions.filter((e) => e.scope !== 'session').map(compact),
      });
      await areas.local.set(LOCAL_KEYS.syncState, { ...status, savedAt: remote.savedAt });
      invalidate();
      return true;
    });
  }

  return { read, noticeChange, save, adoptSync, policyWaitingSince: () => policyWaitingSince };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
