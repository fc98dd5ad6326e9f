import { createSerialQueue } from '../core/serial-queue';
import type { StorageArea } from '../platform/extension-api';

/**
 * One record per document (a tab's page, or one of its frames) under a single storage
 * key, written one at a time: what the explanatory page shows about its own document.
 * Keys are "12" for tab 12's page and "12:3" for its frame 3.
 */
export function createDocumentRecordStore<T>(area: StorageArea, storageKey: string) {
  const enqueue = createSerialQueue();
  const read = async () => ((await area.get(storageKey)) as Record<string, T> | undefined) ?? {};
  const keyOf = (tabId: number, frameId: number) => (frameId === 0 ? String(tabId) : `${tabId}:${frameId}`);
  return {
    set: (tabId: number, frameId: number, record: T): Promise<void> =>
      enqueue(async () => area.set(storageKey, { ...(await read()), [keyOf(tabId, frameId)]: record })),
    get: (tabId: number, frameId = 0): Promise<T | null> =>
      enqueue(async () => (await read())[keyOf(tabId, frameId)] ?? null),
  };
}
