import { describe, expect, it, vi } from 'vitest';
import { defaultSettings, type ExceptionRule } from '../core/settings';
import { SESSION_KEYS } from '../storage/keys';
import { createPrivateSession } from './private-session';
import { createSettingsStore } from './settings-store';
import { memoryArea } from './testing/memory-area';

const rule = (pattern: string, scope: ExceptionRule['scope']): ExceptionRule => ({
  pattern,
  allowCredentials: false,
  scope,
  expiresAt: null,
});

function setup() {
  const areas = {
    local: memoryArea(),
    session: memoryArea(),
    sync: { getAll: async () => ({}), setMany: async () => undefined, remove: async () => undefined },
    managed: { getAll: async () => ({}) },
  };
  const store = createSettingsStore(areas);
  const clearHistory = vi.fn(async () => undefined);
  const applied = vi.fn(async () => undefined);
  const session = createPrivateSession({ area: areas.session, settings: store, clearHistory, applied });
  return { areas, store, session, clearHistory, applied };
}

describe('private session', () => {
  it("ends with its own exceptions and history, keeping the user's other session exceptions", async () => {
    const { areas, store, session, clearHistory, applied } = setup();
    const user = {
      ...defaultSettings(),
      exceptions: [
        rule('kept.test', 'always'),
        rule('normal-session.test', 'session'),
        rule('private.test', 'session'),
      ],
    };
    await store.save(user);
    await session.exceptions.note('private.test');
    await session.exceptions.note('private.test');
    expect(areas.session.data.get(SESSION_KEYS.privateExceptions)).toEqual(['private.test']);
    // Never on this device's disk: the persistent copy has no session exception.
    expect(JSON.stringify(areas.local.data.get('settings'))).not.toContain('private.test');

    await session.end();
    expect(clearHistory).toHaveBeenCalled();
    expect(applied).toHaveBeenCalledTimes(1);
    const after = (await store.read()).user.exceptions.map((e) => e.pattern);
    expect(after.sort()).toEqual(['kept.test', 'normal-session.test']);
    expect(areas.session.data.get(SESSION_KEYS.privateExceptions)).toEqual([]);
  });

  it('leaves a permanent exception the user made for the same host in a normal window', async () => {
    const { store, session } = setup();
    await store.save({ ...defaultSettings(), exceptions: [rule('both.test', 'always')] });
    await session.exceptions.note('both.test');
    await session.end();
    expect((await store.read()).user.exceptions.map((e) => e.pattern)).toEqual(['both.test']);
  });

  it('with nothing noted, only clears the history and changes no setting', async () => {
    const { session, clearHistory, applied } = setup();
    await session.end();
    expect(clearHistory).toHaveBeenCalled();
    expect(applied).not.toHaveBeenCalled();
  });
});

describe('a new private session', () => {
  it('first clears what an earlier one left (its private instance ended before it could), then takes exceptions', async () => {
    const { areas, store } = setup();
    await store.save({ ...defaultSettings(), exceptions: [rule('left.test', 'session')] });
    await areas.session.set(SESSION_KEYS.privateExceptions, ['left.test']);
    const session = createPrivateSession({
      area: areas.session,
      settings: store,
      clearHistory: async () => undefined,
      applied: async () => undefined,
      newSession: async () => true,
    });
    await session.exceptions.ready();
    expect((await store.read()).user.exceptions).toEqual([]);
    expect(areas.session.data.get(SESSION_KEYS.privateExceptions)).toEqual([]);
  });

  it('a worker restart within the same session clears nothing', async () => {
    const { areas, store } = setup();
    await store.save({ ...defaultSettings(), exceptions: [rule('current.test', 'session')] });
    await areas.session.set(SESSION_KEYS.privateExceptions, ['current.test']);
    const session = createPrivateSession({
      area: areas.session,
      settings: store,
      clearHistory: async () => undefined,
      applied: async () => undefined,
      newSession: async () => false,
    });
    await session.exceptions.ready();
    expect((await store.read()).user.exceptions.map((e) => e.pattern)).toEqual(['current.test']);
  });
});
