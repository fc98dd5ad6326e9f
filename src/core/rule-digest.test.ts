import { describe, expect, it } from 'vitest';
import type { DnrRule } from './dnr-types';
import { canonicalJson, hash64, hashRules, rangeOf, ruleHash, rulesetDigest, withId } from './rule-digest';

const hosts = (n: number, tag = 'h') => Array.from({ length: n }, (_, i) => `${tag}${i}.test`);

const allow = (id: number, requestDomains: string[]): DnrRule => ({
  id,
  priority: 2,
  action: { type: 'allow' },
  condition: { requestDomains, resourceTypes: ['main_frame', 'websocket'] },
});

const clone = (rule: DnrRule): DnrRule => structuredClone(rule);

describe('canonicalJson', () => {
  it('gives the same text whatever the order of the keys, at every depth', () => {
    const a = { b: 1, a: { y: [1, { q: 2, p: 3 }], x: 'x' } };
    const b = { a: { x: 'x', y: [1, { p: 3, q: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"x":"x","y":[1,{"p":3,"q":2}]},"b":1}');
  });

  it('leaves out undefined members, but not null ones or other falsy values', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined } })).toBe(canonicalJson({ a: 1, c: {} }));
    expect(canonicalJson({ a: null, b: 0, c: false, d: '' })).toBe('{"a":null,"b":0,"c":false,"d":""}');
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('keeps the order of list items (a list is not a set)', () => {
    expect(canonicalJson(['a', 'b'])).not.toBe(canonicalJson(['b', 'a']));
    expect(canonicalJson([{ a: 1 }, 2])).not.toBe(canonicalJson([2, { a: 1 }]));
    expect(canonicalJson({ l: ['x', 'y'] })).toBe('{"l":["x","y"]}');
  });

  it('tells a string from the number it spells, and escapes keys and values', () => {
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(JSON.parse(canonicalJson({ 'k"ey': 'v"al' }))).toEqual({ 'k"ey': 'v"al' });
  });
});

describe('hash64', () => {
  it('is 16 hex digits, stable, and differs for texts that differ in one character', () => {
    expect(hash64('abc')).toMatch(/^[0-9a-f]{16}$/);
    expect(hash64('abc')).toBe(hash64('abc'));
    expect(hash64('abc')).not.toBe(hash64('abd'));
    expect(hash64('')).not.toBe(hash64('\0'));
    const many = new Set(hosts(2000).map(hash64));
    expect(many.size).toBe(2000);
  });
});

describe('ruleHash', () => {
  const base = allow(10_000, ['a.test', 'b.test']);

  it('leaves the id out: the same content under another id hashes alike', () => {
    expect(ruleHash({ ...clone(base), id: 10_001 })).toBe(ruleHash(base));
    expect(ruleHash({ ...clone(base), id: 1 })).toBe(ruleHash(base));
  });

  it('does not depend on key order or undefined members', () => {
    const reordered: DnrRule = {
      condition: { resourceTypes: ['main_frame', 'websocket'], requestDomains: ['a.test', 'b.test'] },
      action: { type: 'allow', redirect: undefined },
      priority: 2,
      id: 10_000,
    };
    expect(ruleHash(reordered)).toBe(ruleHash(base));
  });

  it('changes with any change of content', () => {
    const variants: DnrRule[] = [
      { ...clone(base), priority: 3 },
      { ...clone(base), action: { type: 'upgradeScheme' } },
      { ...clone(base), condition: { ...base.condition, requestDomains: ['a.test'] } },
      { ...clone(base), condition: { ...base.condition, requestDomains: ['a.test', 'c.test'] } },
      { ...clone(base), condition: { ...base.condition, requestDomains: ['b.test', 'a.test'] } },
      { ...clone(base), condition: { ...base.condition, resourceTypes: ['main_frame'] } },
      { ...clone(base), condition: { ...base.condition, excludedRequestDomains: ['x.a.test'] } },
      { ...clone(base), condition: { ...base.condition, isUrlFilterCaseSensitive: false } },
      { ...clone(base), condition: { ...base.condition, tabIds: [3] } },
      { ...clone(base), condition: { ...base.condition, initiatorDomains: ['site.test'] } },
    ];
    const hashes = variants.map(ruleHash);
    expect(hashes).not.toContain(ruleHash(base));
    expect(new Set(hashes).size).toBe(variants.length);
  });

  it('tells apart rules whose lists differ only in the middle', () => {
    const long = hosts(1000);
    const changed = [...long];
    changed[500] = 'other.test';
    expect(ruleHash(allow(10_000, changed))).not.toBe(ruleHash(allow(10_000, long)));
  });
});

describe('withId', () => {
  it('moves a rule to another id with the same hash, and leaves the original alone', () => {
    const rule = allow(10_000, ['a.test']);
    const moved = withId(rule, 10_005);
    expect(moved).toEqual({ ...rule, id: 10_005 });
    expect(rule.id).toBe(10_000);
    expect(ruleHash(moved)).toBe(ruleHash(rule));
    expect(ruleHash(moved)).toBe(ruleHash(clone(moved)));
    expect(withId(rule, 10_000)).toBe(rule);
  });

  it('carries the hash over rather than hashing the moved rule again', () => {
    // White-box: a rule changed after it was hashed (builders never do this) keeps its old
    // hash, and so does the same rule moved.
    const rule = allow(10_000, ['a.test']);
    const before = ruleHash(rule);
    rule.condition.requestDomains = ['z.test'];
    expect(ruleHash(withId(rule, 10_001))).toBe(before);
    expect(ruleHash(clone(withId(rule, 10_001)))).not.toBe(before);
  });
});

describe('hashRules', () => {
  it('hashes like ruleHash when there is no previous compile', () => {
    const rules = [allow(10_000, ['a.test']), allow(10_001, ['b.test'])];
    const fresh = rules.map(clone);
    expect(hashRules(rules)).toEqual(fresh.map(ruleHash));
  });

  it("takes an equal twin's hash from the previous compile, and computes a changed rule's afresh", () => {
    const list = hosts(500);
    const previous = [allow(10_000, list), allow(10_001, hosts(3, 'p'))];
    const previousHashes = hashRules(previous);
    // Rebuilt: the same content (the same strings, as the builders make them) under moved ids,
    // and one rule whose list changed at its end only (same signature start, same length).
    const changedList = [...list.slice(0, -1), 'changed.test'];
    const next = [allow(10_001, list), allow(10_002, changedList), allow(10_003, hosts(3, 'p'))];
    const result = hashRules(next, previous);
    expect(result).toEqual(next.map((rule) => ruleHash(clone(rule))));
    expect(result[0]).toBe(previousHashes[0]);
    expect(result[2]).toBe(previousHashes[1]);
    expect(result[1]).not.toBe(previousHashes[0]);
  });

  it('does not take a twin whose list differs only in the middle (same signature)', () => {
    const list = hosts(500);
    const previous = [allow(10_000, list)];
    hashRules(previous);
    const middle = [...list];
    middle[250] = 'middle.test';
    const next = [allow(10_000, middle)];
    expect(hashRules(next, previous)).toEqual([ruleHash(clone(next[0] as DnrRule))]);
    expect(ruleHash(next[0] as DnrRule)).not.toBe(ruleHash(previous[0] as DnrRule));
  });

  it("reuses the previous rule's recorded hash rather than hashing the twin again", () => {
    // White-box proof of the reuse: a previous rule changed after it was hashed (builders never
    // do this) keeps its old hash, and an equal twin of its new content is given that old hash.
    const previous = allow(10_000, ['a.test']);
    const stale = hashRules([previous])[0];
    previous.condition.requestDomains = ['z.test'];
    const twin = allow(10_007, ['z.test']);
    expect(hashRules([twin], [previous])).toEqual([stale]);
    expect(stale).not.toBe(ruleHash(clone(twin)));
    // Without that previous compile, the same content is hashed afresh.
    expect(hashRules([allow(10_007, ['z.test'])])).toEqual([ruleHash(clone(twin))]);
  });
});

describe('rangeOf', () => {
  it('names the range of an id, and "other" outside every range', () => {
    expect(rangeOf(1)).toBe('upgrade');
    expect(rangeOf(10_000)).toBe('exceptions');
    expect(rangeOf(29_999)).toBe('exceptions');
    expect(rangeOf(30_000)).toBe('tabExceptions');
    expect(rangeOf(999)).toBe('other');
    expect(rangeOf(1_000_000)).toBe('other');
  });
});

describe('rulesetDigest', () => {
  const a = allow(10_000, ['a.test']);
  const b = allow(10_001, ['b.test']);
  const entries = (rules: DnrRule[]) => rules.map((r) => [r.id, ruleHash(r)] as const);

  it('does not depend on the order of the entries or on ids within a range', () => {
    const digest = rulesetDigest(entries([a, b]));
    expect(rulesetDigest(entries([b, a]))).toBe(digest);
    expect(rulesetDigest(entries([withId(b, 10_500), withId(a, 12_000)]))).toBe(digest);
    expect(rulesetDigest(new Map(entries([a, b])))).toBe(digest);
  });

  it('depends on the range of each rule', () => {
    const digest = rulesetDigest(entries([a, b]));
    expect(rulesetDigest(entries([a, withId(b, 40_000)]))).not.toBe(digest);
    expect(rulesetDigest(entries([a, withId(b, 5_000)]))).not.toBe(digest);
  });

  it('depends on the content and the number of rules', () => {
    const digest = rulesetDigest(entries([a, b]));
    expect(rulesetDigest(entries([a, allow(10_001, ['c.test'])]))).not.toBe(digest);
    expect(rulesetDigest(entries([a]))).not.toBe(digest);
    expect(rulesetDigest(entries([a, b, withId(b, 10_002)]))).not.toBe(digest);
    expect(rulesetDigest([])).not.toBe(digest);
    expect(rulesetDigest([])).toBe(rulesetDigest(new Map()));
  });
});
