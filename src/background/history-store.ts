import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { HistoryRecord } from '../core/history-record';

/**
 * The blocked-leak history in IndexedDB. Every append is committed in the same task in
 * which the browser reported the event (one transaction, committed at once), so a worker
 * stopped right after loses nothing; trimming to the cap runs batched, later.
 */
interface HistorySchema extends DBSchema {
  events: {
    key: number;
    value: HistoryRecord;
    indexes: { time: number; site: string; kind: string; action: string };
  };
}

export const HISTORY_DB_NAME = 'cleartext-guard-history';
const TRIM_DELAY_MS = 1000;

export function createHistoryStore(capOf: () => Promise<number>, databaseName = HISTORY_DB_NAME) {
  let db: IDBPDatabase<HistorySchema> | null = null;
  const waiting: HistoryRecord[][] = [];
  let trimTimer: ReturnType<typeof setTimeout> | null = null;

  const opened = openDB<HistorySchema>(databaseName, 1, {
    upgrade(database) {
      const store = database.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
      store.createIndex('time', 'time');
      store.createIndex('site', 'site');
      store.createIndex('kind', 'kind');
      store.createIndex('action', 'action');
    },
  }).then((database) => {
    db = database;
    for (const batch of waiting.splice(0)) write(database, batch);
    return database;
  });

  function write(database: IDBPDatabase<HistorySchema>, records: HistoryRecord[]): void {
    const tx = database.transaction('events', 'readwrite');
    for (const record of records) void tx.store.add(record);
    tx.commit();
    tx.done.catch((error: unknown) => console.error('Cleartext Guard: history write failed', error));
    scheduleTrim();
  }

  function scheduleTrim(): void {
    if (trimTimer !== null) return;
    trimTimer = setTimeout(() => {
      trimTimer = null;
      void trim();
    }, TRIM_DELAY_MS);
  }

  async function trim(): Promise<void> {
    const database = await opened;
    const cap = await capOf();
    const tx = database.transaction('events', 'readwrite');
    let excess = (await tx.store.count()) - cap;
    let cursor = excess > 0 ? await tx.store.openCursor() : null;
    while (cursor && excess > 0) {
      await cursor.delete();
      excess--;
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  return {
    append(records: HistoryRecord[]): void {
      if (records.length === 0) return;
      if (db) write(db, records);
      else waiting.push(records);
    },
    /** Newest first. */
    async latest(limit: number): Promise<HistoryRecord[]> {
      const database = await opened;
      const out: HistoryRecord[] = [];
      let cursor = await database.transaction('events').store.openCursor(null, 'prev');
      while (cursor && out.length < limit) {
        out.push(cursor.value);
        cursor = await cursor.continue();
      }
      return out;
    },
    async count(): Promise<number> {
      return (await opened).count('events');
    },
    trimNow: trim,
  };
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
