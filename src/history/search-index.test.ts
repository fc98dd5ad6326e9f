import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { createHistoryStore } from '../background/history-store';
import type { HistoryRecord } from '../core/history-record';
import { openHistoryDb, type HistoryDb } from './history-db';
import { matchesText } from './history-query';
import {
  CHUNK_CHARS,
  TAIL_LIMIT,
  catchUp,
  indexBatch,
  indexedSites,
  matchChunk,
  needleOf,
  searchIds,
  searchLine,
} from './search-index';

const NOW = Date.now();
let databases = 0;
const freshName = () => `search-index-test-${databases++}`;

const record = (i: number, over: Partial<HistoryRecord> = {}): HistoryRecord => ({
  time: NOW - 100_000 + i,
  site: `site-${i % 7}.test`,
  host: `api-${i % 11}.test`,
  kind: (['query', 'header', 'cookie'] as const)[i % 3] ?? 'query',
  name: `param${i % 5}`,
  shape: i % 13 === 0 ? 'github-token' : null,
  action: (['blocked', 'stripped', 'warned'] as const)[i % 3] ?? 'blocked',
  exposed: false,
  url: `http://api-${i % 11}.test/v1/items/${i}?param${i % 5}=[redacted]`,
  fingerprint: '0123456789abcdef',
  mode: 'balanced',
  ...over,
});

/** What the search must answer: every record, one by one (ids ascending). */
async function bruteForce(db: HistoryDb, text: string): Promise<number[]> {
  return (await db.getAll('events')).filter((r) => matchesText(r, text)).map((r) => r.id as number);
}

/** The column holds exactly the records up to `upTo`, each with its line, and their sites. */
async function expectColumnMatchesRecords(db: HistoryDb): Promise<void> {
  const state = await db.get('searchState', 'state');
  const records = (await db.getAll('events')).filter((r) => (r.id as number) <= (state?.upTo ?? 0));
  const chunks = await db.getAll('searchText');
  const lines = new Map<number, string>();
  for (const chunk of chunks) {
    const text = chunk.text.split('\n');
    expect(text).toHaveLength(chunk.ids.length);
    chunk.ids.forEach((id, i) => lines.set(id, text[i] ?? ''));
  }
  expect([...lines.keys()].sort((a, b) => a - b)).toEqual(records.map((r) => r.id));
  for (const r of records) expect(lines.get(r.id as number)).toBe(searchLine(r));
  const sites = new Map<string, number>();
  for (const r of records) sites.set(r.site, (sites.get(r.site) ?? 0) + 1);
  expect(new Map([...(state?.sites ?? new Map<string, number>())].sort())).toEqual(new Map([...sites].sort()));
}

const NEEDLES = ['api-3.test', 'PARAM2', 'site-6', 'header', 'warned', 'items/4', 'github', 'redacted', '/1', 'zzz'];

async function expectSearchesRight(db: HistoryDb): Promise<void> {
  for (const text of NEEDLES) {
    expect(await searchIds(db, needleOf(text), Infinity), text).toEqual(await bruteForce(db, text));
  }
}

describe('searchLine and matchChunk', () => {
  it('leaves out fields the URL holds already, and matches as matchesText does, field by field', () => {
    const r = record(1, { site: 'api-1.test', name: 'Token', url: 'http://api-1.test/?token=[redacted]' });
    expect(searchLine(r)).toBe('http://api-1.test/?token=[redacted]\u0001header\u0001stripped');
    const line = searchLine(record(3, { name: 'multi\nline', site: 'İstanbul.test' }));
    expect(line).not.toContain('\n');
    const chunk = { ids: [7], text: line };
    for (const [needle, found] of [
      ['multi', true],
      ['line', true],
      ['i̇stanbul', true],
      ['multi line', false],
      ['stripped', false],
    ] as const) {
      const out: number[] = [];
      matchChunk(chunk, needle, out);
      expect(out, needle).toEqual(found ? [7] : []);
      expect(matchesText(record(3, { name: 'multi\nline', site: 'İstanbul.test' }), needle), needle).toBe(found);
    }
  });

  it('gives each line that holds the needle once, with its id', () => {
    const out: number[] = [];
    matchChunk({ ids: [1, 2, 3, 4], text: 'aaa\nbab\nccc\naa' }, 'a', out);
    expect(out).toEqual([1, 2, 4]);
  });

  it('finds what matchesText finds, for any records and any needle', async () => {
    const field = fc.string({ unit: fc.constantFrom(...'aAbB.-/?=\n İı\u0001'), maxLength: 12 });
    const arbitraryRecord = fc.record({ host: field, site: field, name: field, url: field, shape: fc.option(field) });
    const needles = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'aAbB.-/?= İı'), minLength: 1, maxLength: 3 }),
      field,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbitraryRecord, { maxLength: 30 }),
        needles,
        fc.nat(),
        async (fields, random, pick) => {
          // Every other needle spans two neighbouring fields of one record: a line that ran
          // its fields together would match it.
          const i = pick % Math.max(1, fields.length);
          const one = fields.length > 0 && pick % 2 === 0 ? record(i, fields[i]) : null;
          const parts = one && [one.url, one.host, one.site, one.name, one.kind, one.action, one.shape ?? ''];
          const at = (pick >> 1) % 6;
          const needle = parts ? `${parts[at]?.slice(-1 - (pick % 3))}${parts[at + 1]?.slice(0, 2)}` : random;
          if (needleOf(needle) === '') return;
          const db = await openHistoryDb(freshName());
          const tx = db.transaction('events', 'readwrite');
          for (const [i, f] of fields.entries()) void tx.store.add(record(i, f));
          await tx.done;
          // Half in the column, half in the tail.
          await indexBatch(db, Math.floor(fields.length / 2));
          expect(await searchIds(db, needleOf(needle), Infinity)).toEqual(await bruteForce(db, needle));
          db.close();
        },
      ),
      { numRuns: 100, seed: 4711 },
    );
  });
});

describe('the search column, kept by the history store', () => {
  it('follows appends (in pieces of bounded size), trims to the cap, and clear', async () => {
    const name = freshName();
    const store = createHistoryStore(async () => ({ cap: 500, maxAgeDays: 90 }), name);
    const db = await openHistoryDb(name);
    store.append(Array.from({ length: 700 }, (_, i) => record(i, { url: `${record(i).url}&${'x'.repeat(i % 300)}` })));
    await store.indexNow();
    const chunks = await db.getAll('searchText');
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((c) => c.text.length < CHUNK_CHARS)).toBe(true);
    await expectColumnMatchesRecords(db);
    await expectSearchesRight(db);

    await store.trimNow();
    expect(await store.count()).toBe(500);
    await expectColumnMatchesRecords(db);
    await expectSearchesRight(db);

    store.append([record(1000, { site: 'late.test', url: 'http://late.test/?needle=[redacted]' })]);
    await store.indexNow();
    expect(await searchIds(db, 'late.test')).toHaveLength(1);
    expect(await indexedSites(db)).toContain('late.test');

    await store.clear();
    expect(await db.getAll('searchText')).toEqual([]);
    expect(await searchIds(db, 'api')).toEqual([]);
    expect(await indexedSites(db)).toEqual([]);
    store.append([record(2000)]);
    await store.indexNow();
    await expectColumnMatchesRecords(db);
    expect(await searchIds(db, 'items/2000')).toHaveLength(1);
    db.close();
  });

  it("follows the removal of the page's claims and of records past the age limit", async () => {
    const name = freshName();
    const store = createHistoryStore(async () => ({ cap: 100, maxAgeDays: 1 }), name);
    const db = await openHistoryDb(name);
    const old = Array.from({ length: 30 }, (_, i) => record(i, { time: NOW - 3 * 86_400_000, site: 'old.test' }));
    const observed = Array.from({ length: 60 }, (_, i) => record(100 + i, { origin: 'observed' }));
    const claims = Array.from({ length: 50 }, (_, i) => record(200 + i, { origin: 'page', site: 'claims.test' }));
    store.append([...old, ...observed.slice(0, 30), ...claims, ...observed.slice(30)]);
    await store.indexNow();
    await store.trimNow();
    const left = await store.latest(1000);
    expect(left.filter((r) => r.site === 'old.test')).toEqual([]);
    expect(left.filter((r) => r.origin === 'page')).toHaveLength(10);
    await expectColumnMatchesRecords(db);
    await expectSearchesRight(db);
    expect(await searchIds(db, 'old.test')).toEqual([]);
    expect(await searchIds(db, 'claims.test')).toHaveLength(10);
    expect(await indexedSites(db)).not.toContain('old.test');
    db.close();
  });

  it('finds records written around the store (the tail), and says when the tail is too long', async () => {
    const db = await openHistoryDb(freshName());
    await db.add('events', record(1));
    expect(await catchUp(db)).toBe(1);
    const tx = db.transaction('events', 'readwrite');
    for (let i = 2; i < TAIL_LIMIT + 10; i++) void tx.store.add(record(i));
    await tx.done;
    expect(await searchIds(db, 'items/5')).toBeNull();
    expect(await indexedSites(db)).toBeNull();
    expect(await searchIds(db, 'items/5', Infinity)).toEqual(await bruteForce(db, 'items/5'));
    expect(await catchUp(db)).toBe(TAIL_LIMIT + 8);
    expect(await searchIds(db, 'items/5')).toEqual(await bruteForce(db, 'items/5'));
    await expectColumnMatchesRecords(db);
    db.close();
  });

  it('a version 2 database keeps its records; they are searchable once indexed', async () => {
    const name = freshName();
    const v2 = await openDB(name, 2, {
      upgrade(database) {
        const events = database.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
        for (const index of ['time', 'site', 'kind', 'action']) events.createIndex(index, index);
        events.createIndex('originTime', ['origin', 'time']);
      },
    });
    for (let i = 0; i < 50; i++) await v2.add('events', record(i));
    v2.close();
    const db = await openHistoryDb(name);
    expect([...db.objectStoreNames].sort()).toEqual(['events', 'searchState', 'searchText']);
    expect(await db.count('events')).toBe(50);
    expect(await searchIds(db, 'items/4')).toEqual(await bruteForce(db, 'items/4'));
    await catchUp(db);
    await expectColumnMatchesRecords(db);
    await expectSearchesRight(db);
    db.close();
  });
});
