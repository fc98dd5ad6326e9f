import type { DnrRule } from './dnr-types';

export interface RuleUpdate {
  removeRuleIds: number[];
  addRules: DnrRule[];
}

/** Key-order-independent JSON, so a rule read back from the browser compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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
    if (!want || canonical(pickLike(rule, want)) !== canonical(want)) removeRuleIds.push(rule.id);
  }
  for (const rule of wanted) {
    const have = installedById.get(rule.id);
    if (!have || canonical(pickLike(have, rule)) !== canonical(rule)) addRules.push(rule);
  }
  return { removeRuleIds, addRules };
}

export function isEmptyUpdate(update: RuleUpdate): boolean {
  return update.removeRuleIds.length === 0 && update.addRules.length === 0;
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
