import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startsNewPrivateSession } from './private-session-mark';

/** A private profile's IndexedDB: in memory, gone with the profile (a new factory per session). */
const newPrivateProfile = () => vi.stubGlobal('indexedDB', new IDBFactory());

beforeEach(newPrivateProfile);
afterEach(() => vi.unstubAllGlobals());

describe('private session mark', () => {
  it('the first wake of a session starts it; later wakes (worker restarts) do not', async () => {
    expect(await startsNewPrivateSession()).toBe(true);
    expect(await startsNewPrivateSession()).toBe(false);
    expect(await startsNewPrivateSession()).toBe(false);
  });

  it('a new private session (its in-memory database gone) starts again', async () => {
    expect(await startsNewPrivateSession()).toBe(true);
    newPrivateProfile();
    expect(await startsNewPrivateSession()).toBe(true);
    expect(await startsNewPrivateSession()).toBe(false);
  });

  it('marks the session in its own database with when it started', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2030, 0, 1));
    try {
      await startsNewPrivateSession();
    } finally {
      vi.useRealTimers();
    }
    const databases = await indexedDB.databases();
    expect(databases.map((d) => d.name)).toEqual(['cleartext-guard-private-session']);
    const started = await new Promise<unknown>((resolve, reject) => {
      const open = indexedDB.open('cleartext-guard-private-session');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const get = db.transaction('mark').objectStore('mark').get('started');
        get.onsuccess = () => {
          db.close();
          resolve(get.result);
        };
        get.onerror = () => reject(get.error);
      };
    });
    expect(started).toBe(Date.UTC(2030, 0, 1));
  });

  it('closes the database after each answer (nothing blocks its deletion)', async () => {
    await startsNewPrivateSession();
    const outcome = await new Promise<string>((resolve) => {
      const request = indexedDB.deleteDatabase('cleartext-guard-private-session');
      request.onblocked = () => resolve('blocked');
      request.onsuccess = () => resolve('deleted');
      request.onerror = () => resolve('error');
    });
    expect(outcome).toBe('deleted');
  });
});
