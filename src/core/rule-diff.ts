import type { DnrRule } from './dnr-types';
import { canonicalJson, hash64, rangeOf, ruleHash, ruleKey, ruleSignature, withId } from './rule-digest';
import { RULE_ID_RANGES, type RuleRange } from './rule-ids';

export interface RuleUpdate {
  removeRuleIds: number[];
  addRules: DnrRule[];
}

/**
 * The smallest update that turns the installed rules into the wanted ones: rules whose id
 * is unwanted or whose content changed are removed, new and changed ones added.
 * Browsers may add defaults when reading rules back (Chrome fills isUrlFilterCaseSensitive
 * and friends), so only the fields we set are compared.
 */
export function diffRules(installed: readonly DnrRule[], wanted: readonly DnrRule[]): RuleUpdate {
  const wantedById = new Map(wanted.map((rule) => [rule.id, rule]));
  const installedById = new Map(installed.map((rule) => [rule.id, rule]));
  const removeRuleIds: number[] = [];
  const addRules: DnrRule[] = [];
  for (const rule of installed) {
    const want = wantedById.get(rule.id);
    if (!want || !sameAsWanted(rule, want)) removeRuleIds.push(rule.id);
  }
  for (const rule of wanted) {
    const have = installedById.get(rule.id);
    if (!have || !sameAsWanted(have, rule)) addRules.push(rule);
  }
  return { removeRuleIds, addRules };
}

export function isEmptyUpdate(update: RuleUpdate): boolean {
  return update.removeRuleIds.length === 0 && update.addRules.length === 0;
}

/** A rule read back from the browser is the wanted one: equal on the fields we set, ids aside. */
function sameAsWanted(actual: DnrRule, wanted: DnrRule): boolean {
  const { id: _a, ...have } = actual;
  const { id: _w, ...want } = wanted;
  return canonicalJson(pickLike(have, want)) === canonicalJson(want);
}

/** Keeps from `actual` only the keys present in `shape`, recursively. */
function pickLike(actual: unknown, shape: unknown): unknown {
  if (Array.isArray(shape) || shape === null || typeof shape !== 'object') return actual;
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return actual;
  const out: Record<string, unknown> = {};
  const source = actual as Record<string, unknown>;
  for (const [key, value] of Object.entries(shape as Record<string, unknown>)) {
    out[key] = pickLike(source[key], value);
  }
  return out;
}

/**
 * What the extension installed in one rule set, as it knows it: each rule's id and the
 * hash of its content (core/rule-digest.ts).
 */
export type InstalledRules = ReadonlyMap<number, string>;

export interface RulePlan {
  update: RuleUpdate;
  /** What is installed once the update is done. */
  installed: Map<number, string>;
}

/**
 * The smallest update from what is installed to `wanted`, by content: a wanted rule whose
 * content is installed already (in the same id range) stays under the id it was installed
 * with, whatever id the builder gave it now (one exception more can move the ids of every
 * rule built after it, not their content). Installed rules nobody wants are removed; new
 * rules are added under their own id, or under the first id of their range that no kept
 * rule holds. Only rules whose content changed travel to the browser.
 */
export function planUpdate(installed: InstalledRules, wanted: readonly DnrRule[]): RulePlan {
  const byKey = new Map<string, number[]>();
  for (const [id, hash] of installed) {
    const key = ruleKey(id, hash);
    const ids = byKey.get(key);
    if (ids) ids.push(id);
    else byKey.set(key, [id]);
  }
  const kept = new Map<number, string>();
  const fresh: DnrRule[] = [];
  for (const rule of wanted) {
    const hash = ruleHash(rule);
    const ids = byKey.get(ruleKey(rule.id, hash));
    if (ids && ids.length > 0) {
      const own = ids.indexOf(rule.id);
      const [id] = ids.splice(own >= 0 ? own : ids.length - 1, 1) as [number];
      kept.set(id, hash);
    } else {
      fresh.push(rule);
    }
  }
  // New rules: their own id if no kept rule holds it, else the first free one of their range.
  const taken = new Set(kept.keys());
  const placed = new Map<DnrRule, number>();
  for (const rule of fresh) {
    if (taken.has(rule.id)) continue;
    taken.add(rule.id);
    placed.set(rule, rule.id);
  }
  const cursors = new Map<RuleRange, number>();
  for (const rule of fresh) {
    if (placed.has(rule)) continue;
    const name = rangeOf(rule.id);
    if (name === 'other') throw new Error(`rule id ${rule.id} is in no range and already taken`);
    const range = RULE_ID_RANGES[name];
    let id = cursors.get(name) ?? range.first;
    while (taken.has(id)) id++;
    if (id > range.last) throw new Error(`rule id range "${name}" exhausted (${range.first}-${range.last})`);
    cursors.set(name, id + 1);
    taken.add(id);
    placed.set(rule, id);
  }
  const addRules = fresh.map((rule) => withId(rule, placed.get(rule) as number));
  const after = new Map(kept);
  for (const rule of addRules) after.set(rule.id, ruleHash(rule));
  const removeRuleIds = [...installed.keys()].filter((id) => !kept.has(id)).sort((a, b) => a - b);
  return { update: { removeRuleIds, addRules }, installed: after };
}

/**
 * What rules read back from the browser are, as the sync knows its own: a rule equal to a
 * wanted one (on the fields we set, in the same range; by id first, then by content) takes
 * that one's hash; any other the hash of what the browser returned, which no wanted rule
 * has (so the next update removes it).
 */
export function installedFromBrowser(readBack: readonly DnrRule[], wanted: readonly DnrRule[]): Map<number, string> {
  const wantedById = new Map(wanted.map((rule) => [rule.id, rule]));
  const matched = new Set<DnrRule>();
  const result = new Map<number, string>();
  const rest: DnrRule[] = [];
  for (const rule of readBack) {
    const want = wantedById.get(rule.id);
    if (want && !matched.has(want) && sameAsWanted(rule, want)) {
      matched.add(want);
      result.set(rule.id, ruleHash(want));
    } else {
      rest.push(rule);
    }
  }
  // Rules installed under another id than the builder gives them now (see planUpdate).
  const candidates = new Map<string, DnrRule[]>();
  for (const rule of wanted) {
    if (matched.has(rule)) continue;
    const key = `${rangeOf(rule.id)}|${ruleSignature(rule)}`;
    const list = candidates.get(key);
    if (list) list.push(rule);
    else candidates.set(key, [rule]);
  }
  for (const rule of rest) {
    const want = candidates
      .get(`${rangeOf(rule.id)}|${ruleSignature(rule)}`)
      ?.find((w) => !matched.has(w) && sameAsWanted(rule, w));
    if (want) {
      matched.add(want);
      result.set(rule.id, ruleHash(want));
    } else {
      const { id: _id, ...content } = rule;
      result.set(rule.id, hash64(`browser:${canonicalJson(content)}`));
    }
  }
  return result;
}
