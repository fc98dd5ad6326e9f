import { knowsHttps, rememberHttpsHost, type HttpsMemory } from '../core/https-memory';
import { createSerialQueue } from '../core/serial-queue';
import type { StorageArea } from '../platform/extension-api';
import { LOCAL_KEYS } from '../storage/keys';

/** Hosts seen working over HTTPS, in storage.local (core/https-memory.ts). */
export function createHttpsMemoryStore(area: StorageArea) {
  const enqueue = createSerialQueue();
  const read = async (): Promise<HttpsMemory> =>
    ((await area.get(LOCAL_KEYS.httpsHosts)) as HttpsMemory | undefined) ?? {};
  return {
    remember: (host: string) =>
      enqueue(async () => area.set(LOCAL_KEYS.httpsHosts, rememberHttpsHost(await read(), host, Date.now()))),
    knows: (host: string) => enqueue(async () => knowsHttps(await read(), host)),
  };
}

export type HttpsMemoryStore = ReturnType<typeof createHttpsMemoryStore>;
