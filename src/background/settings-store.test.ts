import { describe, expect, it } from 'vitest';
import { defaultSettings, SYNC_QUOTA, type ExceptionRule, type Settings } from '../core/settings';
import { createSettingsStore, type SyncArea } from './settings-store';
import { memoryArea } from './testing/memory-area';

/** storage.sync with the browsers' quotas enforced, as Chrome and Firefox do. */
function quotaSync(failWith?: string): SyncArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const size = (key: string, value: unknown) => key.length + JSON.stringify(value).length;
  return {
    data,
    getAll: async () => Object.fromEntries(data),
    async setMany(items) {
      if (failWith) throw new Error(failWith);
      const next = new Map(data);
      for (const [key, value] of Object.entries(items)) {
        if (size(key, value) > SYNC_QUOTA.perItem) throw new Error(`QUOTA_BYTES_PER_ITEM quota exceeded (${key})`);
        next.set(key, structuredClone(value));
      }
      const total = [...next].reduce((sum, [k, v]) => sum + size(k, v), 0);
      if (total > SYNC_QUOTA.total || next.size > SYNC_QUOTA.items) throw new Error('QUOTA_BYTES quota exceeded');
      for (const [key, value] of next) data.set(key, value);
    },
    remove: async (keys) => void keys.forEach((k) => data.delete(k)),
  };
}

const rule = (pattern: string, scope: ExceptionRule['scope'] = 'always'): ExceptionRule => ({
  pattern,
  allowCredentials: false,
  scope,
  expiresAt: null,
});

function setup(options: { managed?: Record<string, unknown>; syncFails?: string } = {}) {
  const areas = {
    local: memoryArea(),
    session: memoryArea(),
    sync: quotaSync(options.syncFails),
    managed: { getAll: async () => options.managed ?? {} },
  };
  return { areas, store: createSettingsStore(areas) };
}

describe('settings store', () => {
  it('keeps session exceptions in session storage and the rest on this device and in sync', async () => {
    const { areas, store } = setup();
    const user: Settings = {
      ...defaultSettings(),
      mode: 'strict',
      exceptions: [rule('a.test'), rule('b.test', 'session')],
    };
    const status = await store.save(user);
    expect(status).toMatchObject({ synced: 1, localOnly: 0, error: null });
    expect(areas.session.data.get('sessionExceptions')).toEqual([rule('b.test', 'session')]);
    expect(JSON.stringify(areas.local.data.get('settings'))).not.toContain('b.test');
    expect(JSON.stringify([...areas.sync.data])).not.toContain('b.test');
    expect((await store.read()).user).toEqual(user);
  });

  it('puts what fits in sync and keeps the rest on this device, saying so', async () => {
    const { areas, store } = setup();
    const exceptions = Array.from({ length: 20_000 }, (_, i) => rule(`host-${i}.example.org`));
    const status = await store.save({ ...defaultSettings(), exceptions });
    expect(status.error).toBeNull();
    expect(status.synced).toBeGreaterThan(1000);
    expect(status.localOnly).toBe(20_000 - status.synced);
    expect(areas.sync.data.size).toBeGreaterThan(1);
    expect((await store.read()).sync).toMatchObject({ synced: status.synced, localOnly: status.localOnly });
  });

  it('loses nothing when sync refuses: saved on this device, the error kept for the page', async () => {
    const { store } = setup({ syncFails: 'MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded' });
    const status = await store.save({ ...defaultSettings(), exceptions: [rule('a.test')] });
    expect(status.error).toContain('quota exceeded');
    expect((await store.read()).user.exceptions).toEqual([rule('a.test')]);
  });

  it("takes another browser's newer settings from sync, keeping this device's local-only exceptions", async () => {
    const first = setup();
    const exceptions = Array.from({ length: 20_000 }, (_, i) => rule(`host-${i}.example.org`));
    const saved = await first.store.save({ ...defaultSettings(), exceptions });
    // Another browser writes mode "watch" and one exception to the same sync storage.
    const other = setup();
    await other.store.save({ ...defaultSettings(), mode: 'watch', exceptions: [rule('other.test')] });
    for (const [key, value] of other.areas.sync.data) first.areas.sync.data.set(key, value);
    for (const key of [...first.areas.sync.data.keys()])
      if (!other.areas.sync.data.has(key)) first.areas.sync.data.delete(key);
    expect(await first.store.adoptSync()).toBe(true);
    first.store.noticeChange('local', { settings: { newValue: 'changed elsewhere' } });
    const { user } = await first.store.read();
    expect(user.mode).toBe('watch');
    expect(user.exceptions[0]).toEqual(rule('other.test'));
    expect(user.exceptions).toHaveLength(1 + saved.localOnly);
    expect(await first.store.adoptSync()).toBe(false); // nothing newer now
  });

  it("an administrator's values win and are locked; the user's own stay underneath", async () => {
    const { store } = setup({ managed: { mode: 'strict', exceptions: ['corp.example'] } });
    await store.save({ ...defaultSettings(), mode: 'watch' });
    const snapshot = await store.read();
    expect(snapshot.effective.mode).toBe('strict');
    expect(snapshot.user.mode).toBe('watch');
    expect(snapshot.locked).toEqual(['mode', 'exceptions']);
  });

  it('tells its own writes from changes made elsewhere', async () => {
    const { areas, store } = setup();
    await store.save({ ...defaultSettings(), exceptions: [rule('a.test')] });
    const own = { settings: { newValue: areas.local.data.get('settings') } };
    expect(store.noticeChange('local', own)).toBe(false);
    expect(store.noticeChange('local', { settings: { newValue: { mode: 'watch' } } })).toBe(true);
    expect(store.noticeChange('local', { syncState: { newValue: {} } })).toBe(false);
    expect(store.noticeChange('managed', {})).toBe(true);
  });

  it("takes the other instance's write back to a value this store once wrote as a change", async () => {
    const { store } = setup();
    await store.save({ ...defaultSettings(), exceptions: [] });
    const empty = { sessionExceptions: { newValue: [] } };
    expect(store.noticeChange('session', empty)).toBe(false); // its own write
    const added = { sessionExceptions: { newValue: [rule('private.test', 'session')] } };
    expect(store.noticeChange('session', added)).toBe(true); // Chrome's private instance
    expect(store.noticeChange('session', empty)).toBe(true); // ... and its removal
  });
});

describe('settings store failures', () => {
  it('keeps the stored settings and its cache in step when storage refuses a write', async () => {
    const { areas, store } = setup();
    await store.save({ ...defaultSettings(), exceptions: [rule('a.test')] });
    areas.local.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    await expect(store.save({ ...defaultSettings(), exceptions: [rule('b.test')] })).rejects.toThrow('quota');
    expect((await store.read()).user.exceptions).toEqual([rule('a.test')]);
  });
});

describe("the administrator's policy when storage.managed is slow (Chrome at startup)", () => {
  function slowManaged(lastSeen: Record<string, unknown> | null) {
    let answer: (values: Record<string, unknown>) => void = () => undefined;
    const areas = {
      local: memoryArea(),
      session: memoryArea(),
      sync: quotaSync(),
      managed: { getAll: () => new Promise<Record<string, unknown>>((resolve) => (answer = resolve)) },
    };
    if (lastSeen) areas.local.data.set('managedPolicy', lastSeen);
    let late = 0;
    const store = createSettingsStore(areas, { managedWaitMs: 10, onLateManaged: () => late++ });
    return { store, answer: (values: Record<string, unknown>) => answer(values), late: () => late };
  }

  it('does not wait for it: the last policy seen is in force meanwhile, and the wait is visible', async () => {
    const { store } = slowManaged({ mode: 'strict' });
    const snapshot = await store.read();
    expect(snapshot.effective.mode).toBe('strict');
    expect(store.policyWaitingSince()).not.toBeNull();
  });

  it('takes a different policy when it finally answers, and says the settings changed', async () => {
    const { store, answer, late } = slowManaged(null);
    expect((await store.read()).effective.mode).toBe('balanced');
    answer({ mode: 'strict' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(late()).toBe(1);
    expect(store.policyWaitingSince()).toBeNull();
    expect((await store.read()).locked).toContain('mode');
  });

  it('changes nothing when the answer is the policy already in force', async () => {
    const { store, answer, late } = slowManaged({ mode: 'strict' });
    await store.read();
    answer({ mode: 'strict' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(late()).toBe(0);
    expect(store.policyWaitingSince()).toBeNull();
  });
});
