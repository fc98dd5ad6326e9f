import type { CredentialKind } from '../core/credentials/findings';
import { createSerialQueue } from '../core/serial-queue';
import type { FailureReason } from '../core/navigation-failure';
import type { StorageArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';

/** A failed upgraded navigation, as the explanatory page shows it. Holds no secret. */
export interface FailedNavigation {
  reason: FailureReason;
  /** The browser's own error name, for the curious ("net::ERR_CERT_AUTHORITY_INVALID"). */
  error: string;
  host: string;
  /** The http URL with its credentials removed: where "continue" goes. */
  url: string;
  /** Credentials the original URL carried (kind and name only). */
  credentials: { kind: CredentialKind; name: string }[];
  /** The host worked over HTTPS before or sent HSTS: the failure is suspicious. */
  suspicious: boolean;
  time: number;
}

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
