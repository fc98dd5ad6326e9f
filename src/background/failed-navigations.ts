import type { FailedNavigationView } from '../messaging/protocol';
import type { RecordArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';
import { createDocumentRecordStore } from './document-record-store';

/**
 * A failed upgraded navigation, as the explanatory page shows it (the address redacted),
 * with what a choice on it needs: the address to continue to (its credentials removed)
 * and the one-time nonce the explanatory page was opened with. Without the nonce, a page
 * that sends its tab to the (web-accessible) explanatory page gets nothing to choose.
 */
export interface FailedNavigation extends FailedNavigationView {
  nonce: string;
  continueUrl: string;
}

/** How long a failure can still be chosen on. */
const FAILURE_RECORD_MS = 30 * 60_000;

export function createFailedNavigations(area: RecordArea) {
  const store = createDocumentRecordStore<FailedNavigation>(area, SESSION_KEYS.failedNavigations, FAILURE_RECORD_MS);
  const matching = (record: FailedNavigation | null, nonce: string) =>
    record !== null && nonce !== '' && record.nonce === nonce ? record : null;
  return {
    remember: store.set,
    /** The failure the explanatory page was opened for, or null (another nonce, too old, already chosen on). */
    async view(tabId: number, frameId: number, nonce: string): Promise<FailedNavigationView | null> {
      const record = matching(await store.get(tabId, frameId), nonce);
      if (!record) return null;
      const { nonce: _nonce, continueUrl: _continueUrl, ...view } = record;
      return view;
    },
    /** The credential-free http address a top-level failure would continue to. */
    async continueUrl(request: { tabId: number; nonce: string }): Promise<string | null> {
      return matching(await store.get(request.tabId, 0), request.nonce)?.continueUrl ?? null;
    },
    /** The failure, consumed: a choice is made once. */
    async take(tabId: number, nonce: string): Promise<FailedNavigation | null> {
      const record = matching(await store.get(tabId, 0), nonce);
      if (record) await store.take(tabId, 0);
      return record;
    },
    removeTab: store.removeTab,
  };
}

export type FailedNavigationsStore = ReturnType<typeof createFailedNavigations>;
