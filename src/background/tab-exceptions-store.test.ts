import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANY_HOST } from '../core/host-pattern';
import { NO_TAB, PAUSE_EXPIRES_AT, PAUSE_HOST, type TabException } from '../core/tab-exceptions';
import { SESSION_KEYS } from '../storage/keys';
import { createTabExceptionsStore } from './tab-exceptions-store';
import { memoryArea } from './testing/memory-area';

const T0 = Date.UTC(2030, 0, 1);
const KEY = SESSION_KEYS.tabExceptions;

const once = (tabId: number, host: string, expiresAt = T0 + 60_000): TabException => ({ tabId, host, expiresAt });
const rule = (pattern: string, expiresAt: number) => ({
  pattern,
  allowCredentials: false,
  scope: 'until',
  expiresAt,
});

async function setup(stored?: unknown) {
  const area = memoryArea();
  if (stored !== undefined) area.data.set(KEY, stored);
  const store = createTabExceptionsStore(area);
  await store.ready();
  const set = vi.spyOn(area, 'set');
  return { area, store, set, stored: () => area.data.get(KEY) as TabException[] | undefined };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('tab exceptions store: reading', () => {
  it('answers null before the first read of this wake, then from the cache', async () => {
    const area = memoryArea();
    area.data.set(KEY, [once(3, 'a.test')]);
    const store = createTabExceptionsStore(area);
    expect(store.forTabNow(3)).toBeNull();
    expect(store.isPausedNow(3)).toBeNull();
    expect(store.portalNow(3)).toBeNull();
    await store.ready();
    expect(store.forTabNow(3)).toEqual([rule('a.test', T0 + 60_000)]);
    expect(store.isPausedNow(3)).toBe(false);
  });

  it('tabs without entries get the same empty list every time', async () => {
    const { store } = await setup([once(3, 'a.test')]);
    const first = store.forTabNow(1);
    expect(first).toEqual([]);
    expect(store.forTabNow(2)).toBe(first);
    expect(store.forTabNow(1)).toBe(first);
  });

  it('keeps only well-formed entries of what is stored, and nothing of a value that is not a list', async () => {
    const good = once(3, 'a.test');
    const { store } = await setup([
      good,
      { tabId: '3', host: 'b.test', expiresAt: T0 + 1 },
      { tabId: 3, host: 'c.test' },
      { tabId: 3, host: 'd.test', expiresAt: T0 + 1, kind: 'forever' },
      null,
      'e.test',
      { tabId: 3, host: 'portal.test', expiresAt: T0 + 1, kind: 'portal' },
    ]);
    expect((await store.list()).map((e) => e.host)).toEqual(['a.test', 'portal.test']);
    const { store: empty } = await setup({ 3: good });
    expect(await empty.list()).toEqual([]);
    expect(empty.forTabNow(3)).toEqual([]);
  });

  it('forTab reads the list when nothing is cached yet', async () => {
    const area = memoryArea();
    area.data.set(KEY, [once(3, 'a.test')]);
    const store = createTabExceptionsStore(area);
    expect(await store.forTab(3)).toEqual([rule('a.test', T0 + 60_000)]);
    expect(await store.forTab(4)).toEqual([]);
  });

  it('reload picks up what another instance of the extension wrote', async () => {
    const { area, store } = await setup();
    area.data.set(KEY, [once(3, 'a.test')]);
    expect(store.forTabNow(3)).toEqual([]);
    await store.reload();
    expect(store.forTabNow(3)).toEqual([rule('a.test', T0 + 60_000)]);
  });
});

describe('tab exceptions store: "continue once"', () => {
  it('adds an exception for a host in a tab, stored and cached', async () => {
    const { store, stored } = await setup();
    expect(await store.add(once(3, 'a.test'))).toBe(true);
    expect(stored()).toEqual([once(3, 'a.test')]);
    expect(store.forTabNow(3)).toEqual([rule('a.test', T0 + 60_000)]);
    expect(store.forTabNow(4)).toEqual([]);
  });

  it('a second exception for the same host in the same tab replaces the first', async () => {
    const { store, stored } = await setup();
    await store.add(once(3, 'a.test', T0 + 1000));
    await store.add(once(3, 'b.test'));
    await store.add(once(4, 'a.test'));
    await store.add(once(3, 'a.test', T0 + 5000));
    expect(stored()).toEqual([once(3, 'b.test'), once(4, 'a.test'), once(3, 'a.test', T0 + 5000)]);
  });

  it('an exception holds until it expires', async () => {
    const { store } = await setup();
    await store.add(once(3, 'a.test', T0 + 1000));
    vi.setSystemTime(T0 + 999);
    expect(store.forTabNow(3)).toEqual([rule('a.test', T0 + 1000)]);
    expect(await store.forTab(3)).toEqual([rule('a.test', T0 + 1000)]);
    vi.setSystemTime(T0 + 1000);
    expect(store.forTabNow(3)).toEqual([]);
    expect(await store.forTab(3)).toEqual([]);
  });

  it('a write drops expired entries; prune writes only when something expired', async () => {
    const { store, set, stored } = await setup([once(3, 'old.test', T0 - 1), once(3, 'a.test')]);
    expect(await store.prune()).toBe(true);
    expect(stored()).toEqual([once(3, 'a.test')]);
    set.mockClear();
    expect(await store.prune()).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });

  it('concurrent changes all land: writes go one at a time', async () => {
    const { store, stored } = await setup();
    const results = await Promise.all([
      store.add(once(1, 'a.test')),
      store.add(once(2, 'b.test')),
      store.setPaused(3, true),
      store.startPortal(4, 'portal.test', 'https://portal.test/', T0 + 60_000),
      store.setProbe('probe.test', true),
    ]);
    expect(results).toEqual([true, true, true, true, true]);
    expect(stored()?.map((e) => `${e.tabId} ${e.host}`)).toEqual([
      '1 a.test',
      '2 b.test',
      `3 ${PAUSE_HOST}`,
      '4 portal.test',
      `${NO_TAB} probe.test`,
    ]);
  });
});

describe('tab exceptions store: pause', () => {
  it('pauses a tab until resumed, and the pause is no host exception', async () => {
    const { store, stored } = await setup();
    expect(store.isPausedNow(3)).toBe(false);
    expect(await store.setPaused(3, true)).toBe(true);
    expect(stored()).toEqual([{ tabId: 3, host: PAUSE_HOST, expiresAt: PAUSE_EXPIRES_AT }]);
    expect(store.isPausedNow(3)).toBe(true);
    expect(store.isPausedNow(4)).toBe(false);
    expect(store.forTabNow(3)).toEqual([]);
    vi.setSystemTime(T0 + 365 * 24 * 3600_000);
    expect(await store.prune()).toBe(false);
    expect(store.isPausedNow(3)).toBe(true);
    expect(await store.setPaused(3, false)).toBe(true);
    expect(store.isPausedNow(3)).toBe(false);
    expect(stored()).toEqual([]);
  });

  it('pausing twice keeps one entry; resuming a tab that is not paused writes nothing', async () => {
    const { store, set, stored } = await setup();
    await store.setPaused(3, true);
    await store.setPaused(3, true);
    expect(stored()).toHaveLength(1);
    set.mockClear();
    expect(await store.setPaused(4, false)).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });

  it("resuming keeps the tab's other exceptions", async () => {
    const { store, stored } = await setup();
    await store.add(once(3, 'a.test'));
    await store.setPaused(3, true);
    await store.setPaused(3, false);
    expect(stored()).toEqual([once(3, 'a.test')]);
  });
});

describe('tab exceptions store: captive portal and probe', () => {
  it('a portal tab has every host on http until it expires', async () => {
    const { store } = await setup();
    await store.startPortal(3, 'portal.test', 'https://portal.test/', T0 + 5000);
    const portal = {
      tabId: 3,
      host: 'portal.test',
      expiresAt: T0 + 5000,
      kind: 'portal',
      opensWith: 'https://portal.test/',
    };
    expect(store.portalNow(3)).toEqual(portal);
    expect(store.portalNow(4)).toBeNull();
    expect(store.forTabNow(3)).toEqual([rule(ANY_HOST, T0 + 5000)]);
    vi.setSystemTime(T0 + 5000);
    expect(store.portalNow(3)).toBeNull();
    expect(store.forTabNow(3)).toEqual([]);
  });

  it('a tab follows one portal at a time; endPortal removes it and says whether it did', async () => {
    const { store, stored } = await setup();
    await store.add(once(3, 'a.test'));
    await store.startPortal(3, 'one.test', 'https://one.test/', T0 + 5000);
    await store.startPortal(3, 'two.test', 'https://two.test/', T0 + 6000);
    expect(
      stored()
        ?.filter((e) => e.kind === 'portal')
        .map((e) => e.host),
    ).toEqual(['two.test']);
    expect(await store.endPortal(3)).toBe(true);
    expect(store.portalNow(3)).toBeNull();
    expect(stored()).toEqual([once(3, 'a.test')]);
    expect(await store.endPortal(3)).toBe(false);
  });

  it('a probe belongs to no tab, lasts 30 s by default, and is removed when closed', async () => {
    const { store, stored } = await setup();
    await store.setProbe('probe.test', true);
    expect(stored()).toEqual([{ tabId: NO_TAB, host: 'probe.test', expiresAt: T0 + 30_000, kind: 'probe' }]);
    expect(store.forTabNow(NO_TAB)).toEqual([]);
    await store.setProbe('probe.test', true, T0 + 10);
    expect(stored()).toEqual([{ tabId: NO_TAB, host: 'probe.test', expiresAt: T0 + 10, kind: 'probe' }]);
    expect(await store.setProbe('probe.test', false)).toBe(true);
    expect(stored()).toEqual([]);
    expect(await store.setProbe('probe.test', false)).toBe(false);
  });
});

describe('tab exceptions store: closing a tab', () => {
  it("removes every entry of the tab (exceptions, pause, portal), leaving other tabs' entries", async () => {
    const { store, stored } = await setup();
    await store.add(once(3, 'a.test'));
    await store.setPaused(3, true);
    await store.startPortal(3, 'portal.test', 'https://portal.test/', T0 + 5000);
    await store.add(once(4, 'a.test'));
    expect(await store.removeTab(3)).toBe(true);
    expect(stored()).toEqual([once(4, 'a.test')]);
    expect(store.isPausedNow(3)).toBe(false);
    expect(store.forTabNow(3)).toEqual([]);
  });

  it('closing a tab without entries writes nothing', async () => {
    const { store, set } = await setup([once(4, 'a.test')]);
    expect(await store.removeTab(3)).toBe(false);
    expect(set).not.toHaveBeenCalled();
  });
});
