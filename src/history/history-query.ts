import type { HistoryRecord } from '../core/history-record';
import type { HistoryDb } from './history-db';

/** What the popup's filters ask for; empty strings mean "any". */
export interface HistoryFilter {
  site: string;
  kind: string;
  action: string;
  /** Case-insensitive, in host, site, name, kind, action and the redacted URL. */
  text: string;
}

export const NO_FILTER: HistoryFilter = { site: '', kind: '', action: '', text: '' };

export function isUnfiltered(filter: HistoryFilter): boolean {
  return filter.site === '' && filter.kind === '' && filter.action === '' && filter.text.trim() === '';
}

export function matchesText(record: HistoryRecord, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (needle === '') return true;
  return [record.host, record.site, record.name, record.kind, record.action, record.url, record.shape ?? ''].some((f) =>
    f.toLowerCase().includes(needle),
  );
}

/** The newest records, from before `beforeId` (exclusive), by primary key. */
export async function latestPage(db: HistoryDb, limit: number, beforeId?: number): Promise<HistoryRecord[]> {
  const range = beforeId === undefined ? null : IDBKeyRange.upperBound(beforeId, true);
  const out: HistoryRecord[] = [];
  let cursor = await db.transaction('events').store.openCursor(range, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/** The records (newest first) that match the filter, in memory. */
export function filterHistory(records: readonly HistoryRecord[], filter: HistoryFilter): HistoryRecord[] {
  return records.filter(
    (r) =>
      (filter.site === '' || r.site === filter.site) &&
      (filter.kind === '' || r.kind === filter.kind) &&
      (filter.action === '' || r.action === filter.action) &&
      matchesText(r, filter.text),
  );
}

/**
 * One filter's rows, newest first: how many there are, any stretch of them (the rows in
 * view), and all of them a batch at a time (exports).
 */
export interface HistoryView {
  total: number;
  rows(offset: number, limit: number): Promise<HistoryRecord[]>;
  batches(size: number): AsyncGenerator<HistoryRecord[]>;
}

/** A view of records already in memory (newest first). */
export function memoryView(records: readonly HistoryRecord[]): HistoryView {
  return {
    total: records.length,
    rows: async (offset, limit) => records.slice(offset, offset + limit),
    async *batches(size) {
      for (let at = 0; at < records.length; at += size) yield records.slice(at, at + size);
    },
  };
}

/** The common elements of two ascending lists, ascending. */
export function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) out.push(x);
    if (x <= y) i++;
    if (y <= x) j++;
  }
  return out;
}

/**
 * The ids (ascending) of the records that the site, kind and action filters keep, from
 * their indexes (keys only); `null` when none is set.
 */
export async function filterIds(db: HistoryDb, filter: HistoryFilter): Promise<number[] | null> {
  const store = db.transaction('events').store;
  const lists = await Promise.all(
    (['site', 'kind', 'action'] as const)
      .filter((name) => filter[name] !== '')
      .map((name) => store.index(name).getAllKeys(IDBKeyRange.only(filter[name]))),
  );
  if (lists.length === 0) return null;
  lists.sort((a, b) => a.length - b.length);
  return lists.reduce((kept, list) => intersectSorted(kept, list));
}

/** The distinct sites in the history, by index (keys only): one step per site. */
export async function historySites(db: HistoryDb): Promise<string[]> {
  const sites: string[] = [];
  let cursor = await db.transaction('events').store.index('site').openKeyCursor(null, 'nextunique');
  while (cursor) {
    sites.push(cursor.key);
    cursor = await cursor.continue();
  }
  return sites;
}
