import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { HistoryRecord } from '../core/history-record';

/** The blocked-leak history's IndexedDB schema, shared by the background and the popup. */
export interface HistorySchema extends DBSchema {
  events: {
    key: number;
    value: HistoryRecord;
    indexes: { time: number; site: string; kind: string; action: string };
  };
}

export const HISTORY_DB_NAME = 'cleartext-guard-history';
export type HistoryDb = IDBPDatabase<HistorySchema>;

export function openHistoryDb(databaseName = HISTORY_DB_NAME): Promise<HistoryDb> {
  return openDB<HistorySchema>(databaseName, 1, {
    upgrade(database) {
      const store = database.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
      store.createIndex('time', 'time');
      store.createIndex('site', 'site');
      store.createIndex('kind', 'kind');
      store.createIndex('action', 'action');
    },
  });
}
