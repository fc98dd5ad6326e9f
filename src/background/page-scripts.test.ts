import { describe, expect, it, vi } from 'vitest';
import type { ContentScriptRegistry } from '../platform/extension-api';
import { removeOutdatedPageScripts } from './page-scripts';

vi.mock('webextension-polyfill', async () => (await import('./testing/fake-browser')).polyfillModule());

/** The run-time registrations, as scripting answers for them, with a log of the calls. */
function fakeRegistry(registered: string[], fail: { on?: 'get' | 'unregister' } = {}) {
  const calls: [string, { ids: string[] }][] = [];
  const registry: ContentScriptRegistry = {
    async getRegisteredContentScripts(filter) {
      calls.push(['get', filter]);
      if (fail.on === 'get') throw new Error('scripting unavailable');
      return registered.filter((id) => filter.ids.includes(id)).map((id) => ({ id, matches: ['<all_urls>'] }));
    },
    async unregisterContentScripts(filter) {
      calls.push(['unregister', filter]);
      if (fail.on === 'unregister') throw new Error('Nonexistent script ID');
      registered.splice(0, registered.length, ...registered.filter((id) => !filter.ids.includes(id)));
    },
  };
  return { registry, calls, registered };
}

describe('removeOutdatedPageScripts', () => {
  it('unregisters the scripts earlier versions registered at run time, and only those', async () => {
    const fake = fakeRegistry(['page-guard', 'websocket-upgrade', 'someone-else']);
    await removeOutdatedPageScripts(fake.registry);
    expect(fake.calls).toEqual([
      ['get', { ids: ['page-guard', 'websocket-upgrade'] }],
      ['unregister', { ids: ['page-guard', 'websocket-upgrade'] }],
    ]);
    expect(fake.registered).toEqual(['someone-else']);
  });

  it('unregisters exactly the outdated ones still registered', async () => {
    const fake = fakeRegistry(['websocket-upgrade']);
    await removeOutdatedPageScripts(fake.registry);
    expect(fake.calls[1]).toEqual(['unregister', { ids: ['websocket-upgrade'] }]);
    expect(fake.registered).toEqual([]);
  });

  it('unregisters nothing when none is left', async () => {
    const fake = fakeRegistry([]);
    await removeOutdatedPageScripts(fake.registry);
    expect(fake.calls).toEqual([['get', { ids: ['page-guard', 'websocket-upgrade'] }]]);
  });

  it('passes a failure on to the caller (which reports it)', async () => {
    await expect(removeOutdatedPageScripts(fakeRegistry(['page-guard'], { on: 'get' }).registry)).rejects.toThrow(
      'scripting unavailable',
    );
    await expect(
      removeOutdatedPageScripts(fakeRegistry(['page-guard'], { on: 'unregister' }).registry),
    ).rejects.toThrow('Nonexistent script ID');
  });
});
