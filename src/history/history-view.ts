import type { HistoryRecord } from '../core/history-record';
import type { HistoryDb, SearchState } from './history-db';
import {
  filterIds,
  historySites,
  intersectSorted,
  isUnfiltered,
  type HistoryFilter,
  type HistoryView,
} from './history-query';
import { TAIL_LIMIT, catchUp, indexedSites, needleOf, readState, searchIds } from './search-index';

/**
 * Everything newest first, by primary key, as of now (records written later wait for the
 * next view). The count comes from the store; a stretch of rows from a cursor that starts
 * at the nearest offset already reached (so scrolling reads each row once) and `advance`s
 * over the rest.
 */
export async function unfilteredView(db: HistoryDb): Promise<HistoryView> {
  const tx = db.transaction(['events', 'searchState']);
  const events = tx.objectStore('events');
  const [newest, state] = await Promise.all([
    events.openKeyCursor(null, 'prev'),
    readState(tx.objectStore('searchState')),
  ]);
  const top = newest?.primaryKey;
  const total = top === undefined ? 0 : await countUpTo(events, state, top);
  /** Offset → id of the row there. */
  const starts = new Map<number, number>(top === undefined ? [] : [[0, top]]);
  const rows = async (offset: number, limit: number): Promise<HistoryRecord[]> => {
    if (offset >= total || limit <= 0) return [];
    let base = 0;
    for (const known of starts.keys()) if (known <= offset && known > base) base = known;
    const from = starts.get(base);
    if (from === undefined) return [];
    let cursor = await db.transaction('events').store.openCursor(IDBKeyRange.upperBound(from), 'prev');
    if (cursor && offset > base) cursor = await cursor.advance(offset - base);
    const out: HistoryRecord[] = [];
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    if (cursor) starts.set(offset + out.length, cursor.primaryKey);
    return out;
  };
  return {
    total,
    rows,
    async *batches(size) {
      for (let at = 0; at < total; at += size) {
        const batch = await rows(at, size);
        if (batch.length === 0) return;
        yield batch;
      }
    },
  };
}

/**
 * How many records there are up to `top`, without counting them one by one (IndexedDB
 * counts by walking its entries): the search column's per-site counts say how many it
 * holds (every record up to `state.upTo`, kept exact in the transactions that add and
 * delete records), and only the tail after it is counted.
 */
async function countUpTo(
  events: { count(range?: IDBKeyRange): Promise<number> },
  state: SearchState,
  top: number,
): Promise<number> {
  let indexed = 0;
  for (const count of state.sites.values()) indexed += count;
  if (state.upTo >= top) return indexed;
  return indexed + (await events.count(IDBKeyRange.bound(state.upTo, top, true, false)));
}

/** The records with these ids (ascending), newest first: each stretch read by key. */
export function idsView(db: HistoryDb, ids: readonly number[]): HistoryView {
  const total = ids.length;
  const rows = async (offset: number, limit: number): Promise<HistoryRecord[]> => {
    const tx = db.transaction('events');
    const wanted: Promise<HistoryRecord | undefined>[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++)
      wanted.push(tx.store.get(ids[total - 1 - i] as number));
    // A record trimmed since the search is left out.
    return (await Promise.all(wanted)).filter((r): r is HistoryRecord => r !== undefined);
  };
  return {
    total,
    rows,
    async *batches(size) {
      for (let at = 0; at < total; at += size) yield await rows(at, size);
    },
  };
}

/**
 * How the popup reads the persistent history: views for its filters (indexes for site,
 * kind and action, the search column for text), the site list, and `prepare`, which
 * indexes a long tail itself when the background has not yet (right after the upgrade to
 * version 3, or records written around the background).
 */
export function historyReader(db: HistoryDb) {
  let indexing: Promise<unknown> | null = null;
  const indexTail = () => (indexing ??= catchUp(db).finally(() => (indexing = null)));

  return {
    async view(filter: HistoryFilter): Promise<HistoryView> {
      if (isUnfiltered(filter)) return unfilteredView(db);
      const needle = needleOf(filter.text);
      const [kept, found] = await Promise.all([
        filterIds(db, filter),
        needle === ''
          ? null
          : searchIds(db, needle).then(async (ids) => {
              if (ids) return ids;
              await indexTail().catch(() => undefined);
              return searchIds(db, needle, Infinity);
            }),
      ]);
      const ids = kept && found ? intersectSorted(kept, found) : (kept ?? found ?? []);
      return idsView(db, ids);
    },
    /** The distinct sites, sorted (as the site index orders them). */
    async sites(): Promise<string[]> {
      const indexed = await indexedSites(db);
      if (indexed) return indexed;
      await indexTail().catch(() => undefined);
      return (await indexedSites(db)) ?? historySites(db);
    },
    /** Indexes the tail if it is too long to be matched record by record. */
    async prepare(): Promise<void> {
      const state = await db.get('searchState', 'state');
      const tail = await db.count('events', IDBKeyRange.lowerBound(state?.upTo ?? 0, true));
      if (tail > TAIL_LIMIT) await indexTail();
    },
  };
}

export type HistoryReader = ReturnType<typeof historyReader>;
