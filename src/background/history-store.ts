import type { HistoryRecord } from '../core/history-record';
import { HISTORY_DB_NAME, INDEXED_STORES, openHistoryDb, type HistoryDb } from '../history/history-db';
import { latestPage } from '../history/history-query';
import { catchUp, clearIndex, removeFromIndex } from '../history/search-index';

export { HISTORY_DB_NAME };

const TRIM_DELAY_MS = 1000;
/** Appends within this long are added to the search column together. */
const INDEX_DELAY_MS = 100;

/** Batches kept while the database opens (it normally opens in milliseconds). */
const MAX_WAITING_BATCHES = 1000;

/** The share of the history that the page's own claims may take at most. */
export const PAGE_CLAIM_SHARE = 0.1;

/** How much history to keep: at most `cap` records, none older than `maxAgeDays`. */
export interface Retention {
  cap: number;
  maxAgeDays: number;
}

/**
 * The blocked-leak history in IndexedDB. Every append is committed in the same task in
 * which the browser reported the event (one transaction, committed at once), so a worker
 * stopped right after loses nothing; trimming to the cap and age runs batched, later.
 * The search column (`history/search-index.ts`) follows: new records are added to it
 * shortly after their append (and whatever it lacks when the worker starts: records from
 * before version 3, or from a worker stopped first), deleted ones leave it in the
 * transaction that deletes them.
 */
export function createHistoryStore(retentionOf: () => Promise<Retention>, databaseName = HISTORY_DB_NAME) {
  let db: HistoryDb | null = null;
  const waiting: HistoryRecord[][] = [];
  let trimTimer: ReturnType<typeof setTimeout> | null = null;
  let indexTimer: ReturnType<typeof setTimeout> | null = null;
  let indexing: Promise<void> | null = null;
  /** Why the last write failed, until one succeeds again: shown in the status. */
  let writeProblem: string | null = null;

  const opened = openHistoryDb(databaseName).then(
    (database) => {
      db = database;
      for (const batch of waiting.splice(0)) write(database, batch);
      scheduleIndex();
      return database;
    },
    (error: unknown) => {
      writeProblem = `the history cannot be opened: ${String(error)}`;
      throw error;
    },
  );

  function write(database: HistoryDb, records: HistoryRecord[]): void {
    try {
      const tx = database.transaction('events', 'readwrite');
      for (const record of records) void tx.store.add(record).catch(() => undefined);
      tx.commit();
      tx.done.then(
        () => {
          writeProblem = null;
          scheduleIndex();
        },
        (error: unknown) => (writeProblem = `history writes fail: ${String(error)}`),
      );
    } catch (error) {
      writeProblem = `history writes fail: ${String(error)}`;
    }
    scheduleTrim();
  }

  function scheduleTrim(): void {
    if (trimTimer !== null) return;
    trimTimer = setTimeout(() => {
      trimTimer = null;
      void trim();
    }, TRIM_DELAY_MS);
  }

  function scheduleIndex(): void {
    if (indexTimer !== null) return;
    indexTimer = setTimeout(() => {
      indexTimer = null;
      void indexNow().catch((error: unknown) => console.error('Cleartext Guard: history search index', error));
    }, INDEX_DELAY_MS);
  }

  /** Adds every record not in the search column yet (one run at a time; a call during a run waits for a new one). */
  async function indexNow(): Promise<void> {
    const database = await opened;
    while (indexing) await indexing.catch(() => undefined);
    indexing = catchUp(database).then(() => undefined);
    try {
      await indexing;
    } finally {
      indexing = null;
    }
  }

  /**
   * Too old first; then the page's own claims beyond their share of the cap; then, over
   * the cap, the page's claims before anything the extension observed itself, oldest
   * first. A page that floods reports evicts its own reports, never a real record.
   */
  async function trim(): Promise<void> {
    const database = await opened;
    const { cap, maxAgeDays } = await retentionOf();
    const tx = database.transaction(INDEXED_STORES, 'readwrite');
    const events = tx.objectStore('events');
    const removed: { id: number; site: string }[] = [];
    const deleteAll = async (cursor: Awaited<ReturnType<typeof events.openCursor>>, limit: number) => {
      let deleted = 0;
      while (cursor && deleted < limit) {
        removed.push({ id: cursor.primaryKey, site: cursor.value.site });
        await cursor.delete();
        deleted++;
        cursor = await cursor.continue();
      }
      return deleted;
    };
    const tooOld = IDBKeyRange.upperBound(Date.now() - maxAgeDays * 86_400_000, true);
    await deleteAll(await events.index('time').openCursor(tooOld), Infinity);
    const pageClaims = IDBKeyRange.bound(['page', -Infinity], ['page', Infinity]);
    const claims = events.index('originTime');
    const claimExcess = (await claims.count(pageClaims)) - Math.floor(cap * PAGE_CLAIM_SHARE);
    if (claimExcess > 0) await deleteAll(await claims.openCursor(pageClaims), claimExcess);
    let excess = (await events.count()) - cap;
    if (excess > 0) excess -= await deleteAll(await claims.openCursor(pageClaims), excess);
    if (excess > 0) await deleteAll(await events.openCursor(), excess);
    await removeFromIndex(tx, removed);
    await tx.done;
  }

  return {
    append(records: HistoryRecord[]): void {
      if (records.length === 0) return;
      if (db) write(db, records);
      else if (waiting.length < MAX_WAITING_BATCHES) waiting.push(records);
    },
    problems: (): string[] => (writeProblem ? [writeProblem] : []),
    /** Newest first. */
    async latest(limit: number): Promise<HistoryRecord[]> {
      return latestPage(await opened, limit);
    },
    async clear(): Promise<void> {
      const tx = (await opened).transaction(INDEXED_STORES, 'readwrite');
      await Promise.all([tx.objectStore('events').clear(), clearIndex(tx)]);
      await tx.done;
    },
    async count(): Promise<number> {
      return (await opened).count('events');
    },
    trimNow: trim,
    /** Brings the search column up to date now (tests, benchmarks). */
    indexNow,
  };
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
