import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HTTPS_MEMORY_CAP, type HttpsMemory } from '../core/https-memory';
import { LOCAL_KEYS } from '../storage/keys';
import { createHttpsMemoryStore } from './https-memory-store';
import { memoryArea } from './testing/memory-area';

const T0 = Date.UTC(2030, 0, 1);

function setup(stored?: HttpsMemory) {
  const area = memoryArea();
  if (stored) area.data.set(LOCAL_KEYS.httpsHosts, stored);
  return {
    area,
    store: createHttpsMemoryStore(area),
    stored: () => area.data.get(LOCAL_KEYS.httpsHosts) as HttpsMemory,
  };
}

/** `count` hosts, host-0 the least recently seen. */
const hosts = (count: number): HttpsMemory =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`host-${i}.test`, T0 - count + i]));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('https memory store', () => {
  it('remembers hosts seen over HTTPS, with when, in storage.local', async () => {
    const { area, store, stored } = setup();
    expect(await store.knows('a.test')).toBe(false);
    await store.remember('a.test');
    expect(await store.knows('a.test')).toBe(true);
    expect(await store.knows('b.test')).toBe(false);
    expect([...area.data.keys()]).toEqual([LOCAL_KEYS.httpsHosts]);
    expect(stored()).toEqual({ 'a.test': T0 });
  });

  it('seeing a host again updates when it was last seen', async () => {
    const { store, stored } = setup({ 'a.test': T0 - 5000 });
    await store.remember('a.test');
    expect(stored()).toEqual({ 'a.test': T0 });
  });

  it('what an earlier wake stored is known', async () => {
    const { store } = setup({ 'a.test': T0 - 5000 });
    expect(await store.knows('a.test')).toBe(true);
  });

  it('concurrent remembers all land: writes go one at a time', async () => {
    const { store, stored } = setup();
    await Promise.all(['a.test', 'b.test', 'c.test'].map((h) => store.remember(h)));
    expect(Object.keys(stored()).sort()).toEqual(['a.test', 'b.test', 'c.test']);
  });

  it(`keeps the ${HTTPS_MEMORY_CAP} most recently seen hosts`, async () => {
    expect(HTTPS_MEMORY_CAP).toBe(5000);
    const { store, stored } = setup(hosts(HTTPS_MEMORY_CAP));
    // A host seen again is recent: the next oldest goes instead.
    await store.remember('host-0.test');
    expect(Object.keys(stored())).toHaveLength(HTTPS_MEMORY_CAP);
    vi.setSystemTime(T0 + 1);
    await store.remember('new.test');
    const after = stored();
    expect(Object.keys(after)).toHaveLength(HTTPS_MEMORY_CAP);
    expect(await store.knows('new.test')).toBe(true);
    expect(await store.knows('host-0.test')).toBe(true);
    expect(await store.knows('host-1.test')).toBe(false);
    expect(await store.knows('host-2.test')).toBe(true);
    expect(await store.knows(`host-${HTTPS_MEMORY_CAP - 1}.test`)).toBe(true);
  });
});
