import { isRecord } from '../core/is-record';
import { createRecentMap } from '../core/recent-map';
import { createSerialQueue } from '../core/serial-queue';
import { applyTabEvents, badgeFor, type TabEvent, type TabStats } from '../core/tab-stats';
import type { BadgeApi, RecordArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';

const keyOf = (tabId: number) => `${SESSION_KEYS.tabStats}:${tabId}`;

/**
 * Collects per-tab events and writes them to session storage in batches, one write at a
 * time, each tab under a key of its own (a flush costs the tabs that changed, not all of
 * them), then updates the badge of each tab that changed.
 */
export function createTabStatsRecorder(deps: { area: RecordArea; badge: BadgeApi }) {
  const enqueue = createSerialQueue();
  let pending: TabEvent[] = [];
  let flushQueued = false;
  // Tabs that closed (ids are not reused within a browser session:
  // https://developer.chrome.com/docs/extensions/reference/api/tabs#property-Tab-id): an event
  // that arrives after its tab closed would otherwise write the tab's key again, for nobody.
  const closedTabs = createRecentMap<true>(1000);

  async function read(tabId: number): Promise<TabStats | undefined> {
    const value = await deps.area.get(keyOf(tabId));
    return isRecord(value) ? (value as unknown as TabStats) : undefined;
  }

  async function flush(): Promise<void> {
    flushQueued = false;
    const events = pending;
    pending = [];
    const byTab = new Map<number, TabEvent[]>();
    for (const event of events) {
      if (event.tabId < 0) continue; // requests not made by a tab (workers, the extension)
      byTab.set(event.tabId, [...(byTab.get(event.tabId) ?? []), event]);
    }
    await Promise.all(
      [...byTab].map(async ([tabId, tabEvents]) => {
        const before = await read(tabId);
        const { map, changedTabs } = applyTabEvents(before ? { [tabId]: before } : {}, tabEvents);
        const after = map[String(tabId)];
        if (after) await deps.area.set(keyOf(tabId), after);
        else await deps.area.remove([keyOf(tabId)]);
        if (changedTabs.includes(tabId)) await showBadge(tabId, after);
      }),
    );
  }

  function showBadge(tabId: number, stats: TabStats | undefined): Promise<void> {
    const { text, color } = badgeFor(stats);
    return deps.badge.show(tabId, text, color);
  }

  function record(event: TabEvent): void {
    if (event.kind === 'tab-closed') closedTabs.set(String(event.tabId), true);
    else if (closedTabs.get(String(event.tabId))) return;
    pending.push(event);
    if (flushQueued) return;
    flushQueued = true;
    void enqueue(flush).catch((error: unknown) => console.error('Cleartext Guard: tab stats write failed', error));
  }

  /** The tab's counts after every event recorded so far has been written. */
  function get(tabId: number): Promise<TabStats | null> {
    return enqueue(async () => (await read(tabId)) ?? null);
  }

  /**
   * Shows the stored count again (browsers clear a tab's badge when it navigates:
   * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/action/setBadgeText).
   */
  function refreshBadge(tabId: number): Promise<void> {
    return enqueue(async () => showBadge(tabId, await read(tabId)));
  }

  return { record, get, refreshBadge };
}
