import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { HistoryRecord } from '../core/history-record';

/** The blocked-leak history's IndexedDB schema, shared by the background and the popup. */
export interface HistorySchema extends DBSchema {
  events: {
    key: number;
    value: HistoryRecord;
    indexes: { time: number; site: string; kind: string; action: string; originTime: [string, number] };
  };
}

export const HISTORY_DB_NAME = 'cleartext-guard-history';
export type HistoryDb = IDBPDatabase<HistorySchema>;

/**
 * Version 1: the events store and its filter indexes. Version 2: records say who reported
 * them (`origin`), indexed with their time, so that trimming removes the page's claims
 * first (records from before have no origin and count as observed).
 */
export function openHistoryDb(databaseName = HISTORY_DB_NAME): Promise<HistoryDb> {
  return openDB<HistorySchema>(databaseName, 2, {
    upgrade(database, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        const store = database.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
        store.createIndex('time', 'time');
        store.createIndex('site', 'site');
        store.createIndex('kind', 'kind');
        store.createIndex('action', 'action');
      }
      if (oldVersion < 2) transaction.objectStore('events').createIndex('originTime', ['origin', 'time']);
    },
  });
}
