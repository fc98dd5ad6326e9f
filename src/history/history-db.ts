import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { HistoryRecord } from '../core/history-record';

/**
 * A piece of the search column: the lowercased searchable text of consecutive records, one
 * line each (`search-index.ts`), and their ids, in the same order. Keyed by the id it began
 * with, so a record's piece is the one with the greatest key not above its id.
 */
export interface SearchChunk {
  ids: number[];
  text: string;
}

/** How far the search column reaches, and how many of its records each site has. */
export interface SearchState {
  /** Every record with an id up to this one is in the column (those after it: the tail). */
  upTo: number;
  sites: Map<string, number>;
}

/** The blocked-leak history's IndexedDB schema, shared by the background and the popup. */
export interface HistorySchema extends DBSchema {
  events: {
    key: number;
    value: HistoryRecord;
    indexes: { time: number; site: string; kind: string; action: string; originTime: [string, number] };
  };
  searchText: { key: number; value: SearchChunk };
  searchState: { key: string; value: SearchState };
}

export const HISTORY_DB_NAME = 'cleartext-guard-history';
export type HistoryDb = IDBPDatabase<HistorySchema>;

/** The stores a change to the history and its search column spans. */
export const INDEXED_STORES: ['events', 'searchText', 'searchState'] = ['events', 'searchText', 'searchState'];

/**
 * Version 1: the events store and its filter indexes. Version 2: records say who reported
 * them (`origin`), indexed with their time, so that trimming removes the page's claims
 * first (records from before have no origin and count as observed). Version 3: the search
 * column (`searchText`, `searchState`), created empty: the records already there are its
 * tail, which the background (or a popup that needs it first) adds in batches afterwards,
 * so the upgrade itself reads nothing.
 */
export function openHistoryDb(databaseName = HISTORY_DB_NAME): Promise<HistoryDb> {
  return openDB<HistorySchema>(databaseName, 3, {
    upgrade(database, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        const store = database.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
        store.createIndex('time', 'time');
        store.createIndex('site', 'site');
        store.createIndex('kind', 'kind');
        store.createIndex('action', 'action');
      }
      if (oldVersion < 2) transaction.objectStore('events').createIndex('originTime', ['origin', 'time']);
      if (oldVersion < 3) {
        database.createObjectStore('searchText');
        database.createObjectStore('searchState');
      }
    },
  });
}
