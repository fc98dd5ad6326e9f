import type { HistoryRecord } from '../core/history-record';
import { createSerialQueue } from '../core/serial-queue';
import type { StorageArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';

/** The most records a private session keeps (the newest). */
export const PRIVATE_HISTORY_CAP = 1000;

/**
 * What happened in private windows, where one instance serves both kinds of window
 * (Firefox): kept in storage.session, never in the persistent history, and cleared when
 * the last private window closes (the browser clears storage.session when it quits).
 * Chrome serves private windows from an instance of their own, whose history database
 * lives in memory already.
 */
export function createPrivateHistoryStore(area: StorageArea) {
  const enqueue = createSerialQueue();
  const read = async () => ((await area.get(SESSION_KEYS.privateHistory)) as HistoryRecord[] | undefined) ?? [];
  let nextId = 1;
  return {
    append(records: HistoryRecord[]): void {
      if (records.length === 0) return;
      void enqueue(async () => {
        const list = await read();
        nextId = Math.max(nextId, ...list.map((r) => (r.id ?? 0) + 1));
        const added = records.map((r) => ({ ...r, id: nextId++ }));
        await area.set(SESSION_KEYS.privateHistory, [...list, ...added].slice(-PRIVATE_HISTORY_CAP));
      }).catch((error: unknown) => console.error('Cleartext Guard: private history write failed', error));
    },
    /** Newest first. */
    latest: (limit: number): Promise<HistoryRecord[]> => enqueue(async () => (await read()).slice(-limit).reverse()),
    clear: (): Promise<void> => enqueue(() => area.set(SESSION_KEYS.privateHistory, [])),
  };
}

export type PrivateHistoryStore = ReturnType<typeof createPrivateHistoryStore>;
