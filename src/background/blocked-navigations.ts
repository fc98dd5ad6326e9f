import type { Finding } from '../core/credentials/findings';
import type { BlockedNavigationView } from '../messaging/protocol';
import { redactUrl } from '../core/credentials/redact';
import { createSerialQueue } from '../core/serial-queue';
import type { StorageArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';

/** What the explanatory page shows about the navigation it replaced. Redacted. */
export type BlockedNavigation = BlockedNavigationView;

type Stored = Record<string, BlockedNavigation>;

export function createBlockedNavigations(area: StorageArea) {
  const enqueue = createSerialQueue();
  const read = async (): Promise<Stored> =>
    ((await area.get(SESSION_KEYS.blockedNavigations)) as Stored | undefined) ?? {};
  return {
    remember(tabId: number, url: string, findings: readonly Finding[]): Promise<void> {
      if (tabId < 0) return Promise.resolve();
      const entry: BlockedNavigation = {
        url: redactUrl(url, findings),
        host: new URL(url).hostname,
        credentials: findings.map(({ kind, name, shape }) => ({ kind, name, shape })),
        time: Date.now(),
      };
      return enqueue(async () => area.set(SESSION_KEYS.blockedNavigations, { ...(await read()), [tabId]: entry }));
    },
    get(tabId: number): Promise<BlockedNavigation | null> {
      return enqueue(async () => (await read())[String(tabId)] ?? null);
    },
  };
}
