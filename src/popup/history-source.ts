import type { HistoryRecord } from '../core/history-record';
import { openHistoryDb } from '../history/history-db';
import { filterHistory, memoryView, type HistoryFilter, type HistoryView } from '../history/history-query';
import { historyReader } from '../history/history-view';
import { sendMessage } from '../messaging/client';

/** Where the popup reads the history from: what HistoryPanel needs of it. */
export interface HistorySource {
  /** The rows a filter keeps, newest first: their count and any stretch of them. */
  view(filter: HistoryFilter): Promise<HistoryView>;
  sites(): Promise<string[]>;
  clear(): Promise<void>;
  /** Gets searching ready, once the first rows show (see `historyReader`). */
  prepare(): Promise<void>;
}

/**
 * The history in IndexedDB (the extension's own origin), read straight from the popup:
 * never all of it; see `history/history-view.ts`.
 */
export async function persistentHistory(): Promise<HistorySource> {
  const reader = historyReader(await openHistoryDb());
  return {
    view: (filter) => reader.view(filter),
    sites: () => reader.sites(),
    clear: () => sendMessage('clear-history', {}).then(() => undefined),
    prepare: () => reader.prepare(),
  };
}

/**
 * What happened in private windows where one instance serves both kinds (Firefox): kept
 * by the background in storage.session for the private session only, a small list
 * (at most 1,000), filtered in memory.
 */
export function privateHistory(): HistorySource {
  const all = (): Promise<HistoryRecord[]> => sendMessage('get-history', { limit: 100_000, private: true });
  return {
    view: async (filter) => memoryView(filterHistory(await all(), filter)),
    sites: async () => [...new Set((await all()).map((r) => r.site))].sort(),
    clear: () => sendMessage('clear-history', { private: true }).then(() => undefined),
    prepare: async () => undefined,
  };
}
