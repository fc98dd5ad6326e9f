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

/** Every record, newest first (keys grow with each record, so reversed key order). */
export async function allHistory(db: HistoryDb): Promise<HistoryRecord[]> {
  return (await db.getAll('events')).reverse();
}

/** The distinct sites in the history, for the site filter (by index, keys only). */
export async function historySites(db: HistoryDb): Promise<string[]> {
  const sites: string[] = [];
  let cursor = await db.transaction('events').store.index('site').openKeyCursor(null, 'nextunique');
  while (cursor) {
    sites.push(cursor.key);
    cursor = await cursor.continue();
  }
  return sites;
}

export async function historyCount(db: HistoryDb): Promise<number> {
  return db.count('events');
}
