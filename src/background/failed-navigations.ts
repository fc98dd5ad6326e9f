import type { FailedNavigationView } from '../messaging/protocol';
import type { StorageArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';
import { createDocumentRecordStore } from './document-record-store';

/** A failed upgraded navigation, as the explanatory page shows it. Holds no secret. */
export type FailedNavigation = FailedNavigationView;

export function createFailedNavigations(area: StorageArea) {
  const store = createDocumentRecordStore<FailedNavigation>(area, SESSION_KEYS.failedNavigations);
  return { remember: store.set, get: store.get };
}

export type FailedNavigationsStore = ReturnType<typeof createFailedNavigations>;
