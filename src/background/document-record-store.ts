import type { RecordArea } from '../platform/extension-api';

/**
 * One record per document (a tab's page, or one of its frames), each under a storage key
 * of its own ("<prefix>:12:0" for tab 12's page, "<prefix>:12:3" for its frame 3): what
 * the explanatory page shows about its own document. A write touches one record, not all
 * of them; closing a tab removes its records; a record older than `maxAgeMs` is gone.
 */
export interface Timed {
  time: number;
}

export function createDocumentRecordStore<T extends Timed>(area: RecordArea, prefix: string, maxAgeMs: number) {
  const keyOf = (tabId: number, frameId: number) => `${prefix}:${tabId}:${frameId}`;
  const fresh = (record: T | undefined): T | null =>
    record !== undefined && Date.now() - record.time <= maxAgeMs ? record : null;

  return {
    set: (tabId: number, frameId: number, record: T): Promise<void> => area.set(keyOf(tabId, frameId), record),
    get: async (tabId: number, frameId = 0): Promise<T | null> =>
      fresh((await area.get(keyOf(tabId, frameId))) as T | undefined),
    /** The record, removed: a choice made on it is made once. */
    async take(tabId: number, frameId = 0): Promise<T | null> {
      const key = keyOf(tabId, frameId);
      const record = fresh((await area.get(key)) as T | undefined);
      await area.remove([key]);
      return record;
    },
    /** Every record of a closed tab. */
    async removeTab(tabId: number): Promise<void> {
      const keys = Object.keys(await area.getAll()).filter((k) => k.startsWith(`${prefix}:${tabId}:`));
      if (keys.length > 0) await area.remove(keys);
    },
  };
}
