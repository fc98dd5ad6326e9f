import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../core/history-record';
import { createHistoryStore } from './history-store';

/** Recent enough that the 90-day age limit keeps every record. */
const BASE = Date.now() - 1000;

const record = (i: number): HistoryRecord => ({
  time: BASE + i,
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

describe('history store (IndexedDB)', () => {
  it('keeps appends made before the database opened, newest first', async () => {
    const store = createHistoryStore(async () => ({ cap: 1000, maxAgeDays: 90 }), 'history-test-order');
    store.append([record(1), record(2)]);
    store.append([record(3)]);
    const latest = await store.latest(10);
    expect(latest.map((r) => r.time - BASE)).toEqual([3, 2, 1]);
    expect(latest.every((r) => typeof r.id === 'number')).toBe(true);
  });

  it('drops the oldest records beyond the cap', async () => {
    const store = createHistoryStore(async () => ({ cap: 100, maxAgeDays: 90 }), 'history-test-cap');
    store.append(Array.from({ length: 250 }, (_, i) => record(i)));
    await store.trimNow();
    expect(await store.count()).toBe(100);
    const latest = await store.latest(1000);
    expect(latest[0]?.time).toBe(BASE + 249);
    expect(latest.at(-1)?.time).toBe(BASE + 150);
  });
});

describe("history store: the page's own claims", () => {
  const claim = (i: number): HistoryRecord => ({ ...record(i), origin: 'page', url: `http://api.test/?claim=${i}` });
  const observed = (i: number): HistoryRecord => ({ ...record(i), origin: 'observed' });

  it('a flood of page claims never evicts an observed record', async () => {
    const store = createHistoryStore(async () => ({ cap: 100, maxAgeDays: 90 }), 'history-test-flood');
    store.append(Array.from({ length: 60 }, (_, i) => observed(i)));
    store.append(Array.from({ length: 5000 }, (_, i) => claim(100 + i)));
    await store.trimNow();
    const all = await store.latest(10_000);
    expect(all.filter((r) => r.origin === 'observed')).toHaveLength(60);
    // Claims keep at most their share of the cap, the newest of them.
    const claims = all.filter((r) => r.origin === 'page');
    expect(claims).toHaveLength(10);
    expect(Math.min(...claims.map((r) => r.time - BASE))).toBe(100 + 4990);
  });

  it('over the cap, claims go before observed records; records from before origins count as observed', async () => {
    const store = createHistoryStore(async () => ({ cap: 100, maxAgeDays: 90 }), 'history-test-order-claims');
    const legacy = (i: number): HistoryRecord => record(i); // no origin
    store.append([
      ...Array.from({ length: 95 }, (_, i) => legacy(i)),
      ...Array.from({ length: 10 }, (_, i) => claim(200 + i)),
    ]);
    await store.trimNow();
    const all = await store.latest(10_000);
    expect(all).toHaveLength(100);
    expect(all.filter((r) => r.origin === undefined)).toHaveLength(95);
  });
});
