import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryRecord } from '../core/history-record';
import { SESSION_KEYS } from '../storage/keys';
import { PRIVATE_HISTORY_CAP, createPrivateHistoryStore } from './private-history-store';
import { memoryArea } from './testing/memory-area';

const record = (i: number): HistoryRecord => ({
  time: 1_900_000_000_000 + i,
  site: 'app.test',
  host: 'api.test',
  kind: 'query',
  name: 'token',
  shape: null,
  action: 'blocked',
  exposed: false,
  url: `http://api.test/?n=${i}&token=[redacted]`,
  fingerprint: '0123456789abcdef',
  mode: 'balanced',
});

const n = (r: HistoryRecord) => r.time - 1_900_000_000_000;

function setup(stored?: HistoryRecord[]) {
  const area = memoryArea();
  if (stored) area.data.set(SESSION_KEYS.privateHistory, stored);
  const set = vi.spyOn(area, 'set');
  return {
    area,
    set,
    store: createPrivateHistoryStore(area),
    stored: () => area.data.get(SESSION_KEYS.privateHistory) as HistoryRecord[] | undefined,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('private history store', () => {
  it('keeps records in its one storage.session key, newest first, each with an id', async () => {
    const { area, store } = setup();
    store.append([record(1), record(2)]);
    store.append([record(3)]);
    const latest = await store.latest(10);
    expect(latest.map(n)).toEqual([3, 2, 1]);
    expect(latest.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(latest[0]).toEqual({ ...record(3), id: 3 });
    expect([...area.data.keys()]).toEqual([SESSION_KEYS.privateHistory]);
  });

  it('latest gives at most `limit` records, the newest', async () => {
    const { store } = setup();
    store.append([1, 2, 3, 4, 5].map(record));
    expect((await store.latest(2)).map(n)).toEqual([5, 4]);
  });

  it('ids go on from the records an earlier wake stored', async () => {
    const { store } = setup([
      { ...record(1), id: 7 },
      { ...record(2), id: 3 },
    ]);
    store.append([record(3), record(4)]);
    expect((await store.latest(10)).map((r) => r.id)).toEqual([9, 8, 3, 7]);
  });

  it('does not change the records it is given', async () => {
    const { store } = setup();
    const given = [record(1)];
    store.append(given);
    await store.latest(1);
    expect(given[0]).not.toHaveProperty('id');
  });

  it(`keeps the newest ${PRIVATE_HISTORY_CAP} records`, async () => {
    expect(PRIVATE_HISTORY_CAP).toBe(1000);
    const { store, stored } = setup();
    store.append(Array.from({ length: 600 }, (_, i) => record(i)));
    store.append(Array.from({ length: 600 }, (_, i) => record(600 + i)));
    const all = await store.latest(5000);
    expect(all).toHaveLength(PRIVATE_HISTORY_CAP);
    expect(all.map(n).slice(0, 1)).toEqual([1199]);
    expect(all.map(n).slice(-1)).toEqual([200]);
    expect(stored()).toHaveLength(PRIVATE_HISTORY_CAP);
  });

  it('appending nothing writes nothing', async () => {
    const { store, set } = setup();
    store.append([]);
    expect(await store.latest(10)).toEqual([]);
    expect(set).not.toHaveBeenCalled();
  });

  it('clear empties the private history; later records start after the cleared ids', async () => {
    const { store, stored } = setup();
    store.append([record(1), record(2)]);
    await store.clear();
    expect(stored()).toEqual([]);
    expect(await store.latest(10)).toEqual([]);
    store.append([record(3)]);
    expect(await store.latest(10)).toEqual([{ ...record(3), id: 3 }]);
  });

  it('appends and clears happen in the order they were asked for', async () => {
    const { store } = setup();
    store.append([record(1)]);
    const cleared = store.clear();
    store.append([record(2)]);
    await cleared;
    expect((await store.latest(10)).map(n)).toEqual([2]);
  });

  it('a failed write is logged and the next append still lands', async () => {
    const { store, set } = setup();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    set.mockRejectedValueOnce(new Error('quota'));
    store.append([record(1)]);
    expect(await store.latest(10)).toEqual([]);
    expect(error).toHaveBeenCalledWith('Cleartext Guard: private history write failed', expect.any(Error));
    store.append([record(2)]);
    expect((await store.latest(10)).map(n)).toEqual([2]);
  });
});
