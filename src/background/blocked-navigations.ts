import type { Finding } from '../core/credentials/findings';
import { redactUrl } from '../core/credentials/redact';
import { hostnameOf } from '../core/url';
import type { BlockedNavigationView } from '../messaging/protocol';
import type { RecordArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';
import { createDocumentRecordStore } from './document-record-store';

/** What the explanatory page shows about the navigation it replaced. Redacted. */
export type BlockedNavigation = BlockedNavigationView;

/** How long the explanatory page can still tell what it replaced. */
const BLOCKED_RECORD_MS = 10 * 60_000;

export function createBlockedNavigations(area: RecordArea) {
  const store = createDocumentRecordStore<BlockedNavigation>(area, SESSION_KEYS.blockedNavigations, BLOCKED_RECORD_MS);
  return {
    remember(
      tabId: number,
      url: string,
      findings: readonly Finding[],
      secretNames: readonly string[],
      reason: BlockedNavigation['reason'] = 'credential',
    ): Promise<void> {
      if (tabId < 0) return Promise.resolve();
      return store.set(tabId, 0, {
        reason,
        url: redactUrl(url, secretNames, findings),
        host: hostnameOf(url),
        credentials: findings.map(({ kind, name, shape }) => ({ kind, name, shape })),
        time: Date.now(),
      });
    },
    get: (tabId: number) => store.get(tabId),
    removeTab: store.removeTab,
  };
}
