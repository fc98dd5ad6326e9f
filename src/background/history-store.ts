import type { HistoryRecord } from '../core/history-record';
import { HISTORY_DB_NAME, openHistoryDb, type HistoryDb } from '../history/history-db';
import { latestPage } from '../history/history-query';

export { HISTORY_DB_NAME };

const TRIM_DELAY_MS = 1000;

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
 */
export function createHistoryStore(retentionOf: () => Promise<Retention>, databaseName = HISTORY_DB_NAME) {
  let db: HistoryDb | null = null;
  const waiting: HistoryRecord[][] = [];
  let trimTimer: ReturnType<typeof setTimeout> | null = null;
  /** Why the last write failed, until one succeeds again: shown in the status. */
  let writeProblem: string | null = null;

  const opened = openHistoryDb(databaseName).then(
    (database) => {
      db = database;
      for (const batch of waiting.splice(0)) write(database, batch);
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
        () => (writeProblem = null),
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

  /**
   * Too old first; then the page's own claims beyond their share of the cap; then, over
   * the cap, the page's claims before anything the extension observed itself, oldest
   * first. A page that floods reports evicts its own reports, never a real record.
   */
  async function trim(): Promise<void> {
    const database = await opened;
    const { cap, maxAgeDays } = await retentionOf();
    const tx = database.transaction('events', 'readwrite');
    const deleteAll = async (cursor: Awaited<ReturnType<typeof tx.store.openCursor>>, limit: number) => {
      let deleted = 0;
      while (cursor && deleted < limit) {
        await cursor.delete();
        deleted++;
        cursor = await cursor.continue();
      }
      return deleted;
    };
    const tooOld = IDBKeyRange.upperBound(Date.now() - maxAgeDays * 86_400_000, true);
    await deleteAll(await tx.store.index('time').openCursor(tooOld), Infinity);
    const pageClaims = IDBKeyRange.bound(['page', -Infinity], ['page', Infinity]);
    const claims = tx.store.index('originTime');
    const claimExcess = (await claims.count(pageClaims)) - Math.floor(cap * PAGE_CLAIM_SHARE);
    if (claimExcess > 0) await deleteAll(await claims.openCursor(pageClaims), claimExcess);
    let excess = (await tx.store.count()) - cap;
    if (excess > 0) excess -= await deleteAll(await claims.openCursor(pageClaims), excess);
    if (excess > 0) await deleteAll(await tx.store.openCursor(), excess);
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
      await (await opened).clear('events');
    },
    async count(): Promise<number> {
      return (await opened).count('events');
    },
    trimNow: trim,
  };
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
