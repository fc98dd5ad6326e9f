import { describe, expect, it, vi } from 'vitest';
import { SESSION_KEYS } from '../storage/keys';
import { createStorageChangeHandler } from './storage-changes';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(foreignSettings = false) {
  const order: string[] = [];
  const deps = {
    store: {
      adoptSync: vi.fn(async () => true),
      noticeChange: vi.fn((_area: string, _changes: Record<string, { newValue?: unknown }>) => foreignSettings),
    },
    settingsChanged: vi.fn(async () => undefined),
    tabExceptions: { reload: vi.fn(async () => void order.push('reload')) },
    applyExpiries: vi.fn(async () => void order.push('apply')),
  };
  return { deps, order, onChanged: createStorageChangeHandler(deps) };
}

describe('storage changes', () => {
  it("adopts another browser's settings from sync, and nothing else", async () => {
    const { deps, onChanged } = setup(true);
    expect(onChanged({ settings: { newValue: 1 } }, 'sync')).toBeUndefined();
    await settle();
    expect(deps.store.adoptSync).toHaveBeenCalledTimes(1);
    expect(deps.store.noticeChange).not.toHaveBeenCalled();
    expect(deps.settingsChanged).not.toHaveBeenCalled();
  });

  it('applies the settings when the store says someone else changed them', async () => {
    const changes = { [SESSION_KEYS.tabExceptions]: { newValue: [] } };
    const { deps, onChanged } = setup(true);
    onChanged(changes, 'session');
    await settle();
    expect(deps.store.noticeChange).toHaveBeenCalledWith('session', changes);
    expect(deps.settingsChanged).toHaveBeenCalledTimes(1);
    // One re-read and apply covers the tab exceptions too.
    expect(deps.tabExceptions.reload).not.toHaveBeenCalled();
  });

  it('reloads the tab exceptions another instance changed, then brings the rules in line', async () => {
    const { deps, order, onChanged } = setup(false);
    onChanged({ [SESSION_KEYS.tabExceptions]: { newValue: [] } }, 'session');
    await settle();
    expect(order).toEqual(['reload', 'apply']);
    expect(deps.settingsChanged).not.toHaveBeenCalled();
  });

  it('ignores other changes', async () => {
    const { deps, onChanged } = setup(false);
    onChanged({ other: { newValue: 1 } }, 'session');
    onChanged({ [SESSION_KEYS.tabExceptions]: { newValue: [] } }, 'local');
    await settle();
    expect(deps.store.noticeChange).toHaveBeenCalledTimes(2);
    expect(deps.settingsChanged).not.toHaveBeenCalled();
    expect(deps.tabExceptions.reload).not.toHaveBeenCalled();
    expect(deps.applyExpiries).not.toHaveBeenCalled();
  });
});
