import { createSerialQueue } from '../core/serial-queue';
import type { FailedNavigationView } from '../messaging/protocol';
import type { StorageArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';

/** A failed upgraded navigation, as the explanatory page shows it. Holds no secret. */
export type FailedNavigation = FailedNavigationView;

type Stored = Record<string, FailedNavigation>;

export function createFailedNavigations(area: StorageArea) {
  const enqueue = createSerialQueue();
  const read = async (): Promise<Stored> =>
    ((await area.get(SESSION_KEYS.failedNavigations)) as Stored | undefined) ?? {};
  // Keyed by tab, and by tab and frame for frames ("12" for a page, "12:3" for a frame).
  const keyOf = (tabId: number, frameId: number) => (frameId === 0 ? String(tabId) : `${tabId}:${frameId}`);
  return {
    remember: (tabId: number, frameId: number, failure: FailedNavigation) =>
      enqueue(async () =>
        area.set(SESSION_KEYS.failedNavigations, { ...(await read()), [keyOf(tabId, frameId)]: failure }),
      ),
    get: (tabId: number, frameId = 0) => enqueue(async () => (await read())[keyOf(tabId, frameId)] ?? null),
  };
}

export type FailedNavigationsStore = ReturnType<typeof createFailedNavigations>;
