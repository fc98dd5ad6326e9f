import { describe, expect, it, vi } from 'vitest';
import { defaultSettings, type Settings } from '../core/settings';
import { createSettingsCache } from './settings-cache';
import type { SettingsSnapshot } from './settings-store';

const snapshot = (effective: Settings) => ({ effective }) as SettingsSnapshot;
const settings = (historyCap: number): Settings => ({ ...defaultSettings(), historyCap });

/** A read that resolves when the test says so. */
function pendingRead() {
  const resolvers: ((value: SettingsSnapshot) => void)[] = [];
  const read = vi.fn(() => new Promise<SettingsSnapshot>((resolve) => resolvers.push(resolve)));
  return { read, resolve: (i: number, value: Settings) => resolvers[i]?.(snapshot(value)) };
}

describe('settings cache', () => {
  it('knows nothing before the first read', () => {
    const read = vi.fn(async () => snapshot(settings(1)));
    const cache = createSettingsCache(read);
    expect(cache.now()).toBeNull();
    expect(read).not.toHaveBeenCalled();
  });

  it('reads on the first ready, then answers from memory', async () => {
    const read = vi.fn(async () => snapshot(settings(1)));
    const cache = createSettingsCache(read);
    expect((await cache.ready()).historyCap).toBe(1);
    expect(cache.now()?.historyCap).toBe(1);
    expect((await cache.ready()).historyCap).toBe(1);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it("keeps the effective settings (administrator and session included), not the user's", async () => {
    const effective = settings(7);
    const cache = createSettingsCache(async () => ({ ...snapshot(effective), user: settings(1) }) as SettingsSnapshot);
    expect(await cache.ready()).toBe(effective);
  });

  it('shares one read among those waiting for it', async () => {
    const { read, resolve } = pendingRead();
    const cache = createSettingsCache(read);
    const first = cache.ready();
    const second = cache.ready();
    expect(read).toHaveBeenCalledTimes(1);
    resolve(0, settings(2));
    expect((await first).historyCap).toBe(2);
    expect((await second).historyCap).toBe(2);
  });

  it('refresh reads again and replaces what it knew', async () => {
    let cap = 1;
    const read = vi.fn(async () => snapshot(settings(cap)));
    const cache = createSettingsCache(read);
    await cache.ready();
    cap = 5;
    expect((await cache.refresh()).historyCap).toBe(5);
    expect(cache.now()?.historyCap).toBe(5);
    expect((await cache.ready()).historyCap).toBe(5);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('answers with the settings it has while a refresh is under way', async () => {
    const { read, resolve } = pendingRead();
    const cache = createSettingsCache(read);
    const first = cache.ready();
    resolve(0, settings(1));
    await first;
    const refreshing = cache.refresh();
    expect((await cache.ready()).historyCap).toBe(1);
    expect(cache.now()?.historyCap).toBe(1);
    resolve(1, settings(3));
    await refreshing;
    expect(cache.now()?.historyCap).toBe(3);
  });

  it('before any settings are known, ready waits for the refresh under way', async () => {
    const { read, resolve } = pendingRead();
    const cache = createSettingsCache(read);
    const refreshing = cache.refresh();
    const waiting = cache.ready();
    expect(read).toHaveBeenCalledTimes(1);
    resolve(0, settings(4));
    await refreshing;
    expect((await waiting).historyCap).toBe(4);
  });

  it('a failed first read fails ready until a refresh reads again', async () => {
    const read = vi.fn<() => Promise<SettingsSnapshot>>().mockRejectedValueOnce(new Error('storage'));
    read.mockResolvedValue(snapshot(settings(6)));
    const cache = createSettingsCache(read);
    await expect(cache.ready()).rejects.toThrow('storage');
    await expect(cache.ready()).rejects.toThrow('storage');
    expect(cache.now()).toBeNull();
    expect((await cache.refresh()).historyCap).toBe(6);
    expect((await cache.ready()).historyCap).toBe(6);
  });
});
