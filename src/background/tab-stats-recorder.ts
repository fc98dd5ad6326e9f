import { isRecord } from '../core/is-record';
import { createSerialQueue } from '../core/serial-queue';
import { applyTabEvents, badgeFor, type TabEvent, type TabStats, type TabStatsMap } from '../core/tab-stats';
import type { BadgeApi, StorageArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';

function asStatsMap(value: unknown): TabStatsMap {
  return isRecord(value) ? (value as TabStatsMap) : {};
}

/**
 * Collects per-tab events and writes them to session storage in batches, one write at a
 * time, then updates the badge of each tab that changed.
 */
export function createTabStatsRecorder(deps: { area: StorageArea; badge: BadgeApi }) {
  const enqueue = createSerialQueue();
  let pending: TabEvent[] = [];
  let flushQueued = false;

  async function readMap(): Promise<TabStatsMap> {
    return asStatsMap(await deps.area.get(SESSION_KEYS.tabStats));
  }

  async function flush(): Promise<void> {
    flushQueued = false;
    const events = pending;
    pending = [];
    if (events.length === 0) return;
    const { map, changedTabs } = applyTabEvents(await readMap(), events);
    await deps.area.set(SESSION_KEYS.tabStats, map);
    await Promise.all(changedTabs.map((tabId) => showBadge(tabId, map[String(tabId)])));
  }

  function showBadge(tabId: number, stats: TabStats | undefined): Promise<void> {
    const { text, color } = badgeFor(stats);
    return deps.badge.show(tabId, text, color);
  }

  function record(event: TabEvent): void {
    pending.push(event);
    if (flushQueued) return;
    flushQueued = true;
    void enqueue(flush).catch((error: unknown) => console.error('Cleartext Guard: tab stats write failed', error));
  }

  /** The tab's counts after every event recorded so far has been written. */
  function get(tabId: number): Promise<TabStats | null> {
    return enqueue(async () => (await readMap())[String(tabId)] ?? null);
  }

  /** Shows the stored count again (browsers clear a tab's badge when it navigates). */
  function refreshBadge(tabId: number): Promise<void> {
    return enqueue(async () => showBadge(tabId, (await readMap())[String(tabId)]));
  }

  return { record, get, refreshBadge };
}
