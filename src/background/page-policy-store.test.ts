import { describe, expect, it, vi } from 'vitest';
import { defaultSettings, type Settings } from '../core/settings';
import { LOCAL_KEYS } from '../storage/keys';
import { createPagePolicyStore } from './page-policy-store';
import { memoryArea } from './testing/memory-area';

const settings = (overrides: Partial<Settings> = {}): Settings => ({ ...defaultSettings(), ...overrides });

function setup() {
  const area = memoryArea();
  const set = vi.spyOn(area, 'set');
  return { area, set, write: createPagePolicyStore(area) };
}

describe('page policy store', () => {
  it('writes what the content scripts read, under its key in storage.local', async () => {
    const { area, write } = setup();
    await write(settings(), false);
    expect([...area.data.keys()]).toEqual([LOCAL_KEYS.pagePolicy]);
    expect(area.data.get(LOCAL_KEYS.pagePolicy)).toEqual({
      passive: false,
      guardLocal: false,
      upgradeSpecial: false,
      anyPaused: false,
    });
  });

  it('follows the settings: watch mode is passive and guards nothing local; strict guards local credentials', async () => {
    const { area, write } = setup();
    await write(settings({ mode: 'watch', localNetworkCredentials: 'block' }), false);
    expect(area.data.get(LOCAL_KEYS.pagePolicy)).toMatchObject({ passive: true, guardLocal: false });
    await write(settings({ mode: 'strict' }), false);
    expect(area.data.get(LOCAL_KEYS.pagePolicy)).toMatchObject({ passive: false, guardLocal: true });
    await write(settings({ mode: 'balanced', localNetworkCredentials: 'block' }), false);
    expect(area.data.get(LOCAL_KEYS.pagePolicy)).toMatchObject({ passive: false, guardLocal: true });
    await write(settings({ mode: 'strict', upgradeLocalNetwork: true }), false);
    expect(area.data.get(LOCAL_KEYS.pagePolicy)).toMatchObject({ guardLocal: false });
    await write(settings({ upgradeSpecialUseNames: true }), true);
    expect(area.data.get(LOCAL_KEYS.pagePolicy)).toMatchObject({ upgradeSpecial: true, anyPaused: true });
  });

  it('writes only when the policy changed', async () => {
    const { set, write } = setup();
    await write(settings(), false);
    await write(settings(), false);
    // Settings the content scripts do not read change nothing there.
    await write(settings({ secretParamNames: ['other'], historyCap: 100, exceptions: [] }), false);
    expect(set).toHaveBeenCalledTimes(1);
    await write(settings(), true);
    expect(set).toHaveBeenCalledTimes(2);
    await write(settings(), true);
    expect(set).toHaveBeenCalledTimes(2);
    await write(settings(), false);
    expect(set).toHaveBeenCalledTimes(3);
  });

  it('a failed write is tried again on the next call', async () => {
    const { area, set, write } = setup();
    set.mockRejectedValueOnce(new Error('quota'));
    await expect(write(settings(), true)).rejects.toThrow('quota');
    expect(area.data.size).toBe(0);
    await write(settings(), true);
    expect(set).toHaveBeenCalledTimes(2);
    expect(area.data.get(LOCAL_KEYS.pagePolicy)).toMatchObject({ anyPaused: true });
  });

  it('each wake writes once (the memory of what was written is per instance)', async () => {
    const area = memoryArea();
    const set = vi.spyOn(area, 'set');
    await createPagePolicyStore(area)(settings(), false);
    await createPagePolicyStore(area)(settings(), false);
    expect(set).toHaveBeenCalledTimes(2);
  });

  it('registers the page-world script for the policy, and none for the default one', async () => {
    const area = memoryArea();
    const registered: (string | null)[] = [];
    const write = createPagePolicyStore(area, { set: async (file) => void registered.push(file) });
    await write(settings({ upgradeSpecialUseNames: true }), false);
    await write(settings({ upgradeSpecialUseNames: true }), true); // a pause: same script
    await write(settings({ mode: 'watch' }), false);
    await write(settings(), false);
    expect(registered).toEqual([
      'page-scripts/policy-special.js',
      'page-scripts/policy-special.js',
      'page-scripts/policy-passive.js',
      null,
    ]);
  });

  it('a registration the browser refuses leaves the stored policy written', async () => {
    const area = memoryArea();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const write = createPagePolicyStore(area, { set: () => Promise.reject(new Error('no')) });
    await write(settings({ mode: 'strict' }), false);
    expect(area.data.get(LOCAL_KEYS.pagePolicy)).toMatchObject({ guardLocal: true });
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
