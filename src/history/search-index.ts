import type { IDBPTransaction } from 'idb';
import type { HistoryRecord } from '../core/history-record';
import { INDEXED_STORES, type HistoryDb, type HistorySchema, type SearchChunk, type SearchState } from './history-db';
import { matchesText } from './history-query';

/**
 * The search column: every record's searchable text (host, site, name, kind, action, URL,
 * key format), lowercased, one line per record, kept in pieces of about 24,000 characters
 * in the `searchText` store. A search reads the pieces (some 4 MB of text for 100,000
 * records) and finds the needle with `indexOf`, without reading or decoding a record;
 * only the rows on screen are read afterwards. Exact, whatever the needle's length.
 *
 * The background adds records shortly after it writes them (`indexBatch`, from
 * `searchState.upTo` on) and takes them out in the same transaction that deletes them
 * (`removeFromIndex`). Records not in the column yet (the tail) are matched one by one.
 */

/** Between fields: a needle never holds it (one that does is searched record by record). */
const FIELD_SEP = '\u0001';
const LINE_SEP = '\n';
/**
 * A piece is closed once its text is this long (Chrome stores values above 64 KB as blobs:
 * Chromium's third_party/blink/renderer/modules/indexeddb/idb_value_wrapping.h, kWrapThreshold).
 */
export const CHUNK_CHARS = 24_000;
/** Records added to the column per transaction (a few milliseconds of holding the store). */
export const INDEX_BATCH = 1000;
/** A tail up to this long is matched record by record; a longer one is indexed first. */
export const TAIL_LIMIT = 1000;
/** Pieces read per request while searching. */
const READ_BATCH = 16;

/** Every piece's key (the numbers; the state's key is a string). */
const CHUNK_KEYS = IDBKeyRange.bound(0, Infinity);

type IndexTx = IDBPTransaction<HistorySchema, typeof INDEXED_STORES, 'readwrite'>;
/** The `searchState` store, in whichever transaction. */
interface StateStore {
  get(key: string): Promise<SearchState | undefined>;
}

/**
 * A record's line: its URL, then each other field that the line does not hold already (the
 * host is nearly always in the URL; a needle inside such a field is inside the line anyway).
 * Fields are lowercased one by one, as `matchesText` does, and a line break in a field
 * becomes a field separator, so a needle without separators matches a line exactly when it
 * matches one of the record's fields.
 */
export function searchLine(record: HistoryRecord): string {
  const clean = (field: string) => field.toLowerCase().replaceAll(LINE_SEP, FIELD_SEP);
  let line = clean(record.url);
  for (const field of [record.host, record.site, record.name, record.kind, record.action, record.shape ?? '']) {
    const lower = clean(field);
    if (lower !== '' && !line.includes(lower)) line += FIELD_SEP + lower;
  }
  return line;
}

/** The needle as the search uses it: trimmed and lowercased ("" finds everything). */
export function needleOf(text: string): string {
  return text.trim().toLowerCase();
}

export async function readState(store: StateStore): Promise<SearchState> {
  return (await store.get('state')) ?? { upTo: 0, sites: new Map() };
}

/** The ids (ascending) of a piece's lines that hold the needle. */
export function matchChunk(chunk: SearchChunk, needle: string, out: number[]): void {
  const { text, ids } = chunk;
  let line = 0;
  let lineEnd = text.indexOf(LINE_SEP);
  if (lineEnd === -1) lineEnd = text.length;
  let at = text.indexOf(needle);
  while (at !== -1) {
    while (lineEnd < at) {
      line++;
      lineEnd = text.indexOf(LINE_SEP, lineEnd + 1);
      if (lineEnd === -1) lineEnd = text.length;
    }
    out.push(ids[line] as number);
    if (lineEnd >= text.length) break;
    at = text.indexOf(needle, lineEnd + 1);
  }
}

/**
 * Adds up to `limit` records of the tail to the column, in one transaction; returns how
 * many (0: the column is complete). Safe to run from several places at once: each batch
 * reads where the column ends inside its own transaction.
 */
export async function indexBatch(db: HistoryDb, limit = INDEX_BATCH): Promise<number> {
  const tx = db.transaction(INDEXED_STORES, 'readwrite');
  const stateStore = tx.objectStore('searchState');
  const chunks = tx.objectStore('searchText');
  const state = await readState(stateStore);
  const records = await tx.objectStore('events').getAll(IDBKeyRange.lowerBound(state.upTo, true), limit);
  if (records.length === 0) {
    await tx.done;
    return 0;
  }
  const last = await chunks.openCursor(CHUNK_KEYS, 'prev');
  let key = last?.key ?? -1;
  let chunk: SearchChunk = last?.value ?? { ids: [], text: '' };
  for (const record of records) {
    const id = record.id as number;
    const line = searchLine(record);
    if (key === -1 || (chunk.ids.length > 0 && chunk.text.length + line.length >= CHUNK_CHARS)) {
      if (key !== -1) void chunks.put(chunk, key);
      key = id;
      chunk = { ids: [], text: '' };
    }
    chunk.text = chunk.ids.length === 0 ? line : chunk.text + LINE_SEP + line;
    chunk.ids.push(id);
    state.sites.set(record.site, (state.sites.get(record.site) ?? 0) + 1);
    state.upTo = id;
  }
  void chunks.put(chunk, key);
  void stateStore.put(state, 'state');
  await tx.done;
  return records.length;
}

/** Indexes the whole tail, batch by batch. */
export async function catchUp(db: HistoryDb): Promise<number> {
  let total = 0;
  for (let added = await indexBatch(db); added > 0; added = await indexBatch(db)) total += added;
  return total;
}

/**
 * Takes deleted records out of the column, inside the transaction that deletes them.
 * Records of the tail are not in it: nothing to do for them.
 */
export async function removeFromIndex(tx: IndexTx, removed: readonly { id: number; site: string }[]): Promise<void> {
  const stateStore = tx.objectStore('searchState');
  const chunks = tx.objectStore('searchText');
  const state = await readState(stateStore);
  const indexed = removed.filter((r) => r.id <= state.upTo);
  if (indexed.length === 0) return;
  const keys = await chunks.getAllKeys(CHUNK_KEYS);
  const byChunk = new Map<number, Set<number>>();
  for (const { id, site } of indexed) {
    // The piece with the greatest key not above the id.
    let lo = 0;
    let hi = keys.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((keys[mid] as number) <= id) lo = mid;
      else hi = mid - 1;
    }
    const key = keys[lo];
    if (key === undefined || key > id) continue;
    const ids = byChunk.get(key) ?? new Set<number>();
    byChunk.set(key, ids.add(id));
    const count = (state.sites.get(site) ?? 0) - 1;
    if (count > 0) state.sites.set(site, count);
    else state.sites.delete(site);
  }
  await Promise.all(
    [...byChunk].map(async ([key, gone]) => {
      const chunk = await chunks.get(key);
      if (!chunk) return;
      const lines = chunk.text.split(LINE_SEP);
      const kept: SearchChunk = { ids: [], text: '' };
      const keptLines: string[] = [];
      chunk.ids.forEach((id, i) => {
        if (gone.has(id)) return;
        kept.ids.push(id);
        keptLines.push(lines[i] ?? '');
      });
      kept.text = keptLines.join(LINE_SEP);
      await (kept.ids.length === 0 ? chunks.delete(key) : chunks.put(kept, key));
    }),
  );
  await stateStore.put(state, 'state');
}

/** Empties the column, inside the transaction that empties the history. */
export async function clearIndex(tx: IndexTx): Promise<void> {
  const stateStore = tx.objectStore('searchState');
  const state = await readState(stateStore);
  await tx.objectStore('searchText').clear();
  await stateStore.put({ upTo: state.upTo, sites: new Map() }, 'state');
}

/**
 * The ids (ascending) of the records whose text holds `needle` (already trimmed and
 * lowercased, not empty): the column, then the tail record by record, in one read-only
 * transaction. `null` when the tail is longer than `tailLimit` (index it first).
 */
export async function searchIds(db: HistoryDb, needle: string, tailLimit = TAIL_LIMIT): Promise<number[] | null> {
  if (needle.includes(FIELD_SEP) || needle.includes(LINE_SEP)) return scanIds(db, needle);
  const tx = db.transaction(INDEXED_STORES);
  const chunks = tx.objectStore('searchText');
  const events = tx.objectStore('events');
  const state = await readState(tx.objectStore('searchState'));
  const tail = IDBKeyRange.lowerBound(state.upTo, true);
  if ((await events.count(tail)) > tailLimit) return null;
  const tailRecords = events.getAll(tail);
  const keys = await chunks.getAllKeys(CHUNK_KEYS);
  const out: number[] = [];
  const read = (from: number) => {
    const to = Math.min(from + READ_BATCH, keys.length) - 1;
    return from > to ? Promise.resolve([]) : chunks.getAll(IDBKeyRange.bound(keys[from], keys[to]));
  };
  // One request ahead: the next pieces arrive while these are searched.
  let pending = read(0);
  for (let from = 0; from < keys.length; from += READ_BATCH) {
    const batch = await pending;
    pending = read(from + READ_BATCH);
    for (const chunk of batch) matchChunk(chunk, needle, out);
  }
  await pending;
  for (const record of await tailRecords) if (matchesText(record, needle)) out.push(record.id as number);
  return out;
}

/** Record by record (a needle the column cannot answer), in batches, ascending. */
async function scanIds(db: HistoryDb, needle: string): Promise<number[]> {
  const out: number[] = [];
  let after = -Infinity;
  for (;;) {
    const batch = await db.getAll('events', IDBKeyRange.lowerBound(after, true), 2000);
    if (batch.length === 0) return out;
    for (const record of batch) if (matchesText(record, needle)) out.push(record.id as number);
    after = batch.at(-1)?.id as number;
  }
}

/** The sites of the column's records and of the tail; `null` when the tail is too long. */
export async function indexedSites(db: HistoryDb, tailLimit = TAIL_LIMIT): Promise<string[] | null> {
  const tx = db.transaction(['events', 'searchState']);
  const state = await readState(tx.objectStore('searchState'));
  const tail = IDBKeyRange.lowerBound(state.upTo, true);
  const events = tx.objectStore('events');
  if ((await events.count(tail)) > tailLimit) return null;
  const sites = new Set(state.sites.keys());
  for (const record of await events.getAll(tail)) sites.add(record.site);
  return [...sites].sort();
}
