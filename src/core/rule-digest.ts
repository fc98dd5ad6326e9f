import type { DnrRule } from './dnr-types';
import { RULE_ID_RANGES, type RuleRange } from './rule-ids';

/**
 * What a rule is, apart from its id, as a short hash; and what a whole rule set is, as a
 * digest of those. The rule sync keeps both for what it installed, so that "are the rules
 * in place?" is a comparison of two digests instead of reading 100,000 exceptions' rules
 * back from the browser, and an update sends only the rules whose hash changed.
 */

/** Key-order-independent JSON (undefined members left out), so equal rules give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    // Lists of names (the long ones): the native serializer, no key order to mind.
    if (value.every((item) => typeof item === 'string')) return JSON.stringify(value);
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A 64-bit hash of a text (two 32-bit lanes, mixed at the end), as 16 hex digits. Not
 * cryptographic: it tells the extension's own rules apart, and nothing depends on it being
 * hard to collide on purpose (whoever could craft the settings can set any rule anyway).
 */
export function hash64(text: string): string {
  let a = 0xdeadbeef ^ text.length;
  let b = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

// A rule object is never changed once built (builders make new ones): its hash is kept with it.
const hashes = new WeakMap<DnrRule, string>();

/** The hash of a rule's content, its id left out: equal rules under different ids hash alike. */
export function ruleHash(rule: DnrRule): string {
  let hash = hashes.get(rule);
  if (hash === undefined) {
    const { id: _id, ...content } = rule;
    hash = hash64(canonicalJson(content));
    hashes.set(rule, hash);
  }
  return hash;
}

/** The same rule under another id (its hash goes with it). */
export function withId(rule: DnrRule, id: number): DnrRule {
  if (rule.id === id) return rule;
  const moved = { ...rule, id };
  hashes.set(moved, ruleHash(rule));
  return moved;
}

/** Equal content, compared as the builders make it: the long lists usually share their very strings. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A cheap fingerprint, id aside, to find a rule's likely twin among others (its id may have moved). */
export function ruleSignature(rule: DnrRule): string {
  const { condition: c } = rule;
  const list = (l: readonly unknown[] | undefined) => (l ? `${l.length}:${String(l[0])}:${String(l.at(-1))}` : '-');
  return [
    rule.priority,
    rule.action.type,
    c.urlFilter ?? '-',
    c.regexFilter ?? '-',
    list(c.requestDomains),
    list(c.excludedRequestDomains),
    list(c.initiatorDomains),
    list(c.tabIds),
  ].join('|');
}

/**
 * Hashes `rules`, taking the hash of an equal rule from `previous` (the last compile's) where
 * there is one: comparing 100,000 names that are the same strings costs far less than
 * hashing them, so a compile that changed one list hashes that list only.
 */
export function hashRules(rules: readonly DnrRule[], previous: readonly DnrRule[] = []): string[] {
  const known = new Map<string, DnrRule[]>();
  for (const rule of previous) {
    if (!hashes.has(rule)) continue;
    const key = ruleSignature(rule);
    const list = known.get(key);
    if (list) list.push(rule);
    else known.set(key, [rule]);
  }
  return rules.map((rule) => {
    if (!hashes.has(rule)) {
      const { id: _a, ...content } = rule;
      const twin = known.get(ruleSignature(rule))?.find(({ id: _b, ...other }) => sameValue(content, other));
      if (twin) hashes.set(rule, ruleHash(twin));
    }
    return ruleHash(rule);
  });
}

/** Which range an id is in (rules are compared within their range only). */
export function rangeOf(id: number): RuleRange | 'other' {
  for (const [name, range] of Object.entries(RULE_ID_RANGES) as [RuleRange, { first: number; last: number }][]) {
    if (id >= range.first && id <= range.last) return name;
  }
  return 'other';
}

/** A rule as the rule sets are compared: its range and its content, not its id. */
export const ruleKey = (id: number, hash: string): string => `${rangeOf(id)}:${hash}`;

/**
 * The digest of a rule set: of its rules' ranges and content hashes, in a fixed order, ids
 * aside (the sync may keep an unchanged rule under the id it was installed with).
 */
export function rulesetDigest(entries: Iterable<readonly [id: number, hash: string]>): string {
  const keys = [...entries].map(([id, hash]) => ruleKey(id, hash)).sort();
  return `${keys.length}:${hash64(keys.join(','))}`;
}
