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
  return {
    remember: (tabId: number, failure: FailedNavigation) =>
      enqueue(async () => area.set(SESSION_KEYS.failedNavigations, { ...(await read()), [tabId]: failure })),
    get: (tabId: number) => enqueue(async () => (await read())[String(tabId)] ?? null),
  };
}

export type FailedNavigationsStore = ReturnType<typeof createFailedNavigations>;
