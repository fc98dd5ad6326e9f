import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDocumentRecordStore } from './document-record-store';
import { memoryRecordArea } from './testing/memory-area';

interface Note {
  time: number;
  text: string;
}

const MAX_AGE = 60_000;
const T0 = Date.UTC(2030, 0, 1);

function setup() {
  const area = memoryRecordArea();
  const store = createDocumentRecordStore<Note>(area, 'notes', MAX_AGE);
  return { area, store };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('document record store', () => {
  it('keeps one record per document under "<prefix>:<tab>:<frame>"', async () => {
    const { area, store } = setup();
    await store.set(12, 0, { time: T0, text: 'page' });
    await store.set(12, 3, { time: T0, text: 'frame' });
    await store.set(7, 0, { time: T0, text: 'other tab' });
    expect([...area.data.keys()].sort()).toEqual(['notes:12:0', 'notes:12:3', 'notes:7:0']);
    expect(await store.get(12)).toEqual({ time: T0, text: 'page' });
    expect(await store.get(12, 3)).toEqual({ time: T0, text: 'frame' });
    expect(await store.get(7, 0)).toEqual({ time: T0, text: 'other tab' });
    expect(await store.get(7, 3)).toBeNull();
    expect(await store.get(99)).toBeNull();
  });

  it('a write replaces only its own document, leaving the other records untouched', async () => {
    const { area, store } = setup();
    await store.set(1, 0, { time: T0, text: 'a' });
    await store.set(2, 0, { time: T0, text: 'b' });
    const set = vi.spyOn(area, 'set');
    await store.set(1, 0, { time: T0, text: 'a2' });
    expect(set).toHaveBeenCalledTimes(1);
    expect(set).toHaveBeenCalledWith('notes:1:0', { time: T0, text: 'a2' });
    expect(await store.get(1)).toEqual({ time: T0, text: 'a2' });
    expect(await store.get(2)).toEqual({ time: T0, text: 'b' });
  });

  it('a record is fresh up to maxAgeMs old and gone after that', async () => {
    const { store } = setup();
    await store.set(1, 0, { time: T0, text: 'a' });
    vi.setSystemTime(T0 + MAX_AGE);
    expect(await store.get(1)).toEqual({ time: T0, text: 'a' });
    vi.setSystemTime(T0 + MAX_AGE + 1);
    expect(await store.get(1)).toBeNull();
    expect(await store.take(1)).toBeNull();
  });

  it('take returns the record once and removes it', async () => {
    const { area, store } = setup();
    await store.set(5, 2, { time: T0, text: 'frame' });
    await store.set(5, 0, { time: T0, text: 'page' });
    expect(await store.take(5, 2)).toEqual({ time: T0, text: 'frame' });
    expect(area.data.has('notes:5:2')).toBe(false);
    expect(await store.take(5, 2)).toBeNull();
    expect(await store.get(5, 2)).toBeNull();
    // The tab's page keeps its own record; take defaults to the page (frame 0).
    expect(await store.take(5)).toEqual({ time: T0, text: 'page' });
    expect(area.data.size).toBe(0);
  });

  it('take removes an expired record too', async () => {
    const { area, store } = setup();
    await store.set(5, 0, { time: T0, text: 'old' });
    vi.setSystemTime(T0 + MAX_AGE + 1);
    expect(await store.take(5)).toBeNull();
    expect(area.data.has('notes:5:0')).toBe(false);
  });

  it("removeTab removes every record of that tab, and only that tab's (not tab 12's for tab 1)", async () => {
    const { area, store } = setup();
    await store.set(1, 0, { time: T0, text: 'page' });
    await store.set(1, 4, { time: T0, text: 'frame' });
    await store.set(12, 0, { time: T0, text: 'tab 12' });
    await store.set(21, 1, { time: T0, text: 'tab 21' });
    await area.set('other:1:0', { time: T0, text: 'another store' });
    await area.set('notes', 'not a record');
    await store.removeTab(1);
    expect([...area.data.keys()].sort()).toEqual(['notes', 'notes:12:0', 'notes:21:1', 'other:1:0']);
    expect(await store.get(12)).toEqual({ time: T0, text: 'tab 12' });
  });

  it('removeTab of a tab without records removes nothing', async () => {
    const { area, store } = setup();
    await store.set(2, 0, { time: T0, text: 'kept' });
    const remove = vi.spyOn(area, 'remove');
    await store.removeTab(3);
    expect(remove).not.toHaveBeenCalled();
    expect(area.data.size).toBe(1);
  });
});
