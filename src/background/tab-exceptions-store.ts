import { createSerialQueue } from '../core/serial-queue';
import {
  NO_TAB,
  PAUSE_EXPIRES_AT,
  PAUSE_HOST,
  activeTabExceptions,
  exceptionsForTab,
  type TabException,
} from '../core/tab-exceptions';
import type { ExceptionRule } from '../core/settings';
import type { StorageArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';

const NONE: ExceptionRule[] = [];

function asList(value: unknown): TabException[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is TabException =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as TabException).tabId === 'number' &&
      typeof (e as TabException).host === 'string' &&
      typeof (e as TabException).expiresAt === 'number' &&
      [undefined, 'portal', 'probe'].includes((e as TabException).kind),
  );
}

/**
 * "Continue over HTTP once" exceptions, in session storage (gone with the browser
 * session), with a synchronous cache for webRequest listeners. Writes go one at a time.
 */
export function createTabExceptionsStore(area: StorageArea) {
  const enqueue = createSerialQueue();
  let cache: TabException[] | null = null;
  const load = async () => (cache = asList(await area.get(SESSION_KEYS.tabExceptions)));
  const ready = load();

  /** Applies `change` (after dropping expired entries); writes only if the list changed. */
  function write(change: (list: TabException[]) => TabException[]): Promise<boolean> {
    return enqueue(async () => {
      const stored = await load();
      const next = change(activeTabExceptions(stored, Date.now()));
      if (next.length === stored.length && next.every((entry, i) => entry === stored[i])) return false;
      cache = next;
      await area.set(SESSION_KEYS.tabExceptions, next);
      return true;
    });
  }

  return {
    ready: () => ready.then(() => undefined),
    /** Reads the list again (another instance of the extension changed it). */
    reload: () => enqueue(load).then(() => undefined),
    list: async (): Promise<TabException[]> => cache ?? (await load()),
    /**
     * The exceptions for a tab right now, or null before the first read of this wake. Most
     * tabs have none: the same empty list every time (no work per request).
     */
    forTabNow: (tabId: number): ExceptionRule[] | null => {
      if (!cache) return null;
      if (!cache.some((e) => e.tabId === tabId)) return NONE;
      return exceptionsForTab(cache, tabId, Date.now());
    },
    forTab: async (tabId: number): Promise<ExceptionRule[]> =>
      exceptionsForTab(cache ?? (await load()), tabId, Date.now()),
    /** Each resolves to whether the stored list changed. */
    add: (entry: TabException) =>
      write((list) => [
        ...list.filter((e) => !(e.tabId === entry.tabId && e.host === entry.host && e.kind === undefined)),
        entry,
      ]),
    /** Paused: nothing is upgraded or guarded in the tab until it closes or is resumed. */
    isPausedNow: (tabId: number): boolean | null =>
      cache ? cache.some((e) => e.tabId === tabId && e.host === PAUSE_HOST) : null,
    setPaused: (tabId: number, paused: boolean) =>
      write((list) => [
        ...list.filter((e) => !(e.tabId === tabId && e.host === PAUSE_HOST)),
        ...(paused ? [{ tabId, host: PAUSE_HOST, expiresAt: PAUSE_EXPIRES_AT }] : []),
      ]),
    /** A captive portal's tab: every host on http there until `opensWith` answers or `expiresAt`. */
    startPortal: (tabId: number, host: string, opensWith: string, expiresAt: number) =>
      write((list) => [
        ...list.filter((e) => !(e.tabId === tabId && e.kind === 'portal')),
        { tabId, host, expiresAt, kind: 'portal', opensWith },
      ]),
    endPortal: (tabId: number) => write((list) => list.filter((e) => !(e.tabId === tabId && e.kind === 'portal'))),
    portalNow: (tabId: number): TabException | null =>
      cache?.find((e) => e.tabId === tabId && e.kind === 'portal' && e.expiresAt > Date.now()) ?? null,
    /** The background's own request to http://host/ may go in cleartext (until removed or expired). */
    setProbe: (host: string, open: boolean, expiresAt = Date.now() + 30_000) =>
      write((list) => [
        ...list.filter((e) => !(e.kind === 'probe' && e.host === host)),
        ...(open ? [{ tabId: NO_TAB, host, expiresAt, kind: 'probe' as const }] : []),
      ]),
    removeTab: (tabId: number) => write((list) => list.filter((e) => e.tabId !== tabId)),
    prune: () => write((list) => list),
  };
}

export type TabExceptionsStore = ReturnType<typeof createTabExceptionsStore>;
