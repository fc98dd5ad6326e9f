import type { HistoryRecord } from '../core/history-record';
import { openHistoryDb } from '../history/history-db';
import { allHistory, historyCount, historySites, latestPage } from '../history/history-query';
import { sendMessage } from '../messaging/client';

/** Where the popup reads the history from: what HistoryPanel needs of it. */
export interface HistorySource {
  count(): Promise<number>;
  /** Newest first, before the record with `beforeId` (exclusive). */
  latestPage(limit: number, beforeId?: number): Promise<HistoryRecord[]>;
  /** Every record, newest first (for searching and exporting in memory). */
  all(): Promise<HistoryRecord[]>;
  sites(): Promise<string[]>;
  clear(): Promise<void>;
}

/** The history in IndexedDB (the extension's own origin), read straight from the popup. */
export async function persistentHistory(): Promise<HistorySource> {
  const db = await openHistoryDb();
  return {
    count: () => historyCount(db),
    latestPage: (limit, beforeId) => latestPage(db, limit, beforeId),
    all: () => allHistory(db),
    sites: () => historySites(db),
    clear: () => sendMessage('clear-history', {}).then(() => undefined),
  };
}

/**
 * What happened in private windows where one instance serves both kinds (Firefox): kept
 * by the background in storage.session for the private session only, a small list.
 */
export function privateHistory(): HistorySource {
  const all = () => sendMessage('get-history', { limit: 100_000, private: true });
  return {
    count: async () => (await all()).length,
    latestPage: async (limit, beforeId) =>
      (await all()).filter((r) => beforeId === undefined || (r.id ?? 0) < beforeId).slice(0, limit),
    all,
    sites: async () => [...new Set((await all()).map((r) => r.site))].sort(),
    clear: () => sendMessage('clear-history', { private: true }).then(() => undefined),
  };
}
