import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../core/history-record';
import { INDEXED_STORES, openHistoryDb, type HistoryDb } from './history-db';
import { NO_FILTER, filterHistory, memoryView, type HistoryFilter, type HistoryView } from './history-query';
import { historyReader, unfilteredView } from './history-view';
import { TAIL_LIMIT, catchUp, indexBatch, removeFromIndex } from './search-index';

const KINDS = ['query', 'header', 'cookie', 'userinfo'] as const;
const ACTIONS = ['blocked', 'stripped', 'held', 'warned', 'passed'] as const;

const record = (i: number): HistoryRecord => ({
  time: 1_700_000_000_000 + i * 1000,
  site: `site-${i % 9}.example`,
  host: `api-${i % 40}.example`,
  kind: KINDS[i % KINDS.length] ?? 'query',
  name: `param${i % 12}`,
  shape: null,
  action: ACTIONS[i % ACTIONS.length] ?? 'blocked',
  exposed: false,
  url: `http://api-${i % 40}.example/v1/items/${i}?param${i % 12}=[redacted]`,
  fingerprint: '0123456789abcdef',
  mode: 'balanced',
});

let databases = 0;
async function seeded(count: number, indexed = true): Promise<HistoryDb> {
  const db = await openHistoryDb(`history-view-test-${databases++}`);
  const tx = db.transaction('events', 'readwrite');
  for (let i = 0; i < count; i++) void tx.store.add(record(i));
  await tx.done;
  if (indexed) await catchUp(db);
  return db;
}

/** Every record the filter keeps, newest first, the slow way. */
async function expected(db: HistoryDb, filter: HistoryFilter): Promise<number[]> {
  return filterHistory((await db.getAll('events')).reverse(), filter).map((r) => r.id as number);
}

async function everyRow(view: HistoryView, pageSize: number): Promise<number[]> {
  const out: number[] = [];
  for await (const batch of view.batches(pageSize)) out.push(...batch.map((r) => r.id as number));
  return out;
}

const filters: Partial<HistoryFilter>[] = [
  {},
  { site: 'site-3.example' },
  { kind: 'header' },
  { action: 'warned' },
  { site: 'site-3.example', kind: 'query' },
  { site: 'site-1.example', kind: 'cookie', action: 'held' },
  { text: 'api-7.example' },
  { text: '  PARAM1 ' },
  { text: 'items/12' },
  { text: 'warned' },
  { text: 'api-7.', action: 'stripped' },
  { text: 'nowhere' },
  { site: 'nowhere.example' },
];

describe('history views', () => {
  it.each(filters)('%j: the count, the first screen and every row, newest first', async (partial) => {
    const db = await seeded(1500);
    const filter = { ...NO_FILTER, ...partial };
    const want = await expected(db, filter);
    const view = await historyReader(db).view(filter);
    expect(view.total).toBe(want.length);
    expect((await view.rows(0, 30)).map((r) => r.id)).toEqual(want.slice(0, 30));
    expect(await everyRow(view, 200)).toEqual(want);
    db.close();
  });

  it('reads any stretch of the unfiltered list, in any order, and ignores records written after it was made', async () => {
    const db = await seeded(1000, false);
    const view = await unfilteredView(db);
    await db.add('events', record(5000));
    const want = (await expected(db, NO_FILTER)).slice(1);
    expect(view.total).toBe(1000);
    for (const [offset, limit] of [
      [500, 30],
      [0, 30],
      [30, 30],
      [970, 50],
      [250, 10],
      [999, 5],
      [1000, 5],
    ] as const) {
      expect(
        (await view.rows(offset, limit)).map((r) => r.id),
        `${offset}+${limit}`,
      ).toEqual(want.slice(offset, offset + limit));
    }
    db.close();
  });

  it('counts from the search column and the tail, exact after records are indexed in part, added and deleted', async () => {
    const db = await seeded(600, false);
    await indexBatch(db, 250); // 250 in the column, 350 in the tail
    expect((await unfilteredView(db)).total).toBe(600);
    const tx = db.transaction(INDEXED_STORES, 'readwrite');
    const gone = [3, 4, 100, 249, 400].map((id) => ({ id, site: record(id - 1).site }));
    for (const { id } of gone) await tx.objectStore('events').delete(id);
    await removeFromIndex(tx, gone);
    await tx.done;
    expect((await unfilteredView(db)).total).toBe(595);
    await catchUp(db);
    await db.add('events', record(700));
    expect((await unfilteredView(db)).total).toBe(596);
    expect((await unfilteredView(db)).total).toBe(await db.count('events'));
    db.close();
  });

  it('an empty history: no rows, nothing to search', async () => {
    const db = await seeded(0);
    const reader = historyReader(db);
    for (const filter of [NO_FILTER, { ...NO_FILTER, text: 'x' }, { ...NO_FILTER, kind: 'query' }]) {
      const view = await reader.view(filter);
      expect(view.total).toBe(0);
      expect(await view.rows(0, 30)).toEqual([]);
    }
    expect(await reader.sites()).toEqual([]);
    db.close();
  });

  it('indexes a long tail itself before searching it (records written around the background)', async () => {
    const db = await seeded(TAIL_LIMIT * 2, false);
    const reader = historyReader(db);
    const filter = { ...NO_FILTER, text: 'api-3.example' };
    const view = await reader.view(filter);
    expect(view.total).toBe((await expected(db, filter)).length);
    expect((await db.get('searchState', 'state'))?.upTo).toBe(TAIL_LIMIT * 2);
    db.close();
  });

  it('prepare indexes a long tail only; the site list comes from the column and the tail', async () => {
    const db = await seeded(TAIL_LIMIT + 1, false);
    const reader = historyReader(db);
    expect(await reader.sites()).toEqual(Array.from({ length: 9 }, (_, i) => `site-${i}.example`));
    const small = await seeded(10, false);
    await historyReader(small).prepare();
    expect(await small.get('searchState', 'state')).toBeUndefined();
    await db.add('events', { ...record(1), site: 'a-new.example' });
    expect((await reader.sites())[0]).toBe('a-new.example');
    const big = await seeded(TAIL_LIMIT + 1, false);
    await historyReader(big).prepare();
    expect((await big.get('searchState', 'state'))?.upTo).toBe(TAIL_LIMIT + 1);
    for (const d of [db, small, big]) d.close();
  });

  it('a view of records in memory (a private session) pages and batches them', async () => {
    const records = Array.from({ length: 45 }, (_, i) => ({ ...record(i), id: 45 - i }));
    const view = memoryView(records);
    expect(view.total).toBe(45);
    expect((await view.rows(40, 10)).map((r) => r.id)).toEqual([5, 4, 3, 2, 1]);
    expect(await everyRow(view, 20)).toEqual(records.map((r) => r.id));
  });
});
