import { isRecord } from '../is-record';
import { readExceptions, readSettings } from './read';
import type { SettingsProblem } from './problems';
import type { ExceptionRule, Settings } from './schema';

/**
 * How settings are laid out in storage.sync, within its quotas (Chrome and Firefox:
 * 8,192 bytes an item, 102,400 in all, 512 items): the settings without exceptions
 * under "settings", the exceptions in chunks "exceptions.0", "exceptions.1"... as many
 * as fit. The rest stays on this device (storage.local holds the full settings).
 */
export const SYNC_QUOTA = { perItem: 8192, total: 102_400, items: 512 } as const;
export const SYNC_SETTINGS_KEY = 'settings';
export const SYNC_CHUNK_PREFIX = 'exceptions.';
/** Room left for the browser's own bookkeeping and rounding. */
const SAFETY = 512;

export interface SyncPlan {
  items: Record<string, unknown>;
  /** Exceptions in sync (the first ones) and on this device only (the rest). */
  synced: number;
  localOnly: number;
}

/** The compact form (sync and local storage): a bare pattern for the common case. */
export function compact(rule: ExceptionRule): unknown {
  if (!rule.allowCredentials && rule.scope === 'always' && rule.onlyOn === undefined) return rule.pattern;
  return rule;
}

const sizeOf = (key: string, value: unknown) => key.length + new TextEncoder().encode(JSON.stringify(value)).length;

/** `savedAt` tells devices which write is newer. Session exceptions never sync. */
export function planSync(settings: Settings, savedAt: number): SyncPlan {
  const persistent = settings.exceptions.filter((e) => e.scope !== 'session');
  const head = { ...settings, exceptions: undefined, savedAt, exceptionChunks: 0 };
  const items: Record<string, unknown> = {};
  let used = sizeOf(SYNC_SETTINGS_KEY, head) + 16 + SAFETY;
  let synced = 0;
  let chunk: unknown[] = [];
  let chunkSize = 2;
  const flush = () => {
    if (chunk.length === 0) return;
    items[`${SYNC_CHUNK_PREFIX}${head.exceptionChunks++}`] = chunk;
    chunk = [];
    chunkSize = 2;
  };
  for (const rule of persistent) {
    const entry = compact(rule);
    const entrySize = new TextEncoder().encode(JSON.stringify(entry)).length + 1;
    const key = `${SYNC_CHUNK_PREFIX}${head.exceptionChunks}`;
    if (key.length + chunkSize + entrySize > SYNC_QUOTA.perItem - 64) {
      flush();
      used += 64;
    }
    const newChunkCost = chunk.length === 0 ? key.length + 2 : 0;
    if (used + newChunkCost + entrySize > SYNC_QUOTA.total || head.exceptionChunks >= SYNC_QUOTA.items - 2) break;
    used += newChunkCost + entrySize;
    chunk.push(entry);
    chunkSize += entrySize;
    synced++;
  }
  flush();
  items[SYNC_SETTINGS_KEY] = head;
  return { items, synced, localOnly: persistent.length - synced };
}

export interface SyncedSettings {
  settings: Settings;
  savedAt: number;
  problems: SettingsProblem[];
}

/** Reads what another device wrote to sync; null when sync holds no settings. */
export function readSync(items: Record<string, unknown>): SyncedSettings | null {
  const head = items[SYNC_SETTINGS_KEY];
  if (!isRecord(head)) return null;
  const { savedAt, exceptionChunks, ...rest } = head;
  const chunks = typeof exceptionChunks === 'number' && exceptionChunks >= 0 ? Math.min(exceptionChunks, 512) : 0;
  const raw: unknown[] = [];
  for (let i = 0; i < chunks; i++) {
    const part = items[`${SYNC_CHUNK_PREFIX}${i}`];
    if (Array.isArray(part)) raw.push(...part);
  }
  const { settings, problems } = readSettings({ ...rest, exceptions: raw });
  return { settings, savedAt: typeof savedAt === 'number' ? savedAt : 0, problems };
}

/** Chunk keys a plan no longer uses (left over from a longer list). */
export function staleChunkKeys(existingKeys: readonly string[], plan: SyncPlan): string[] {
  return existingKeys.filter((k) => k.startsWith(SYNC_CHUNK_PREFIX) && !(k in plan.items));
}

/**
 * Another device's settings, merged with this device's: theirs win, plus the exceptions
 * that only ever lived here (they did not fit in sync) and this session's exceptions.
 */
export function mergeSynced(remote: Settings, local: Settings, localOnlyCount: number): Settings {
  const persistentLocal = local.exceptions.filter((e) => e.scope !== 'session');
  const tail = localOnlyCount > 0 ? persistentLocal.slice(-localOnlyCount) : [];
  const session = local.exceptions.filter((e) => e.scope === 'session');
  const exceptions = readExceptions([...remote.exceptions, ...tail, ...session], []);
  return { ...remote, exceptions };
}
