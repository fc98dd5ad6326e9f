import { describe, expect, it } from 'vitest';
import type { DnrRule } from './dnr-types';
import { diffRules, installedFromBrowser, isEmptyUpdate, planUpdate, type RuleUpdate } from './rule-diff';
import { ruleHash, rulesetDigest } from './rule-digest';

const rule = (id: number, urlFilter: string): DnrRule => ({
  id,
  priority: 1,
  action: { type: 'upgradeScheme' },
  condition: { urlFilter, resourceTypes: ['main_frame'] },
});

describe('diffRules', () => {
  it('is empty when installed equals wanted, whatever defaults the browser added', () => {
    const installed = [
      { ...rule(1, '|http://'), condition: { ...rule(1, '|http://').condition, isUrlFilterCaseSensitive: false } },
    ] as unknown as DnrRule[];
    expect(isEmptyUpdate(diffRules(installed, [rule(1, '|http://')]))).toBe(true);
  });

  it('removes stale rules, replaces changed ones, adds missing ones', () => {
    const installed = [rule(1, '|http://'), rule(2, '|ws://'), rule(99, '|old://')];
    const wanted = [rule(1, '|http://'), rule(2, '|wss://'), rule(3, '|new://')];
    expect(diffRules(installed, wanted)).toEqual({
      removeRuleIds: [2, 99],
      addRules: [rule(2, '|wss://'), rule(3, '|new://')],
    });
  });

  it('removes everything when nothing is wanted', () => {
    expect(diffRules([rule(5, '|a://')], [])).toEqual({ removeRuleIds: [5], addRules: [] });
  });
});

/** What a builder makes: one rule per item, ids counted up from the start of the exceptions range. */
const build = (items: string[], first = 10_000): DnrRule[] =>
  items.map((item, i) => ({
    id: first + i,
    priority: 2,
    action: { type: 'allow' },
    condition: { requestDomains: [item], resourceTypes: ['main_frame'] },
  }));

/** What the browser holds after `rules` were installed, as the sync records it. */
const recorded = (rules: readonly DnrRule[]) => new Map(rules.map((r) => [r.id, ruleHash(r)]));

/** Applies an update to a record the way the browser applies it to its rules (removals first). */
function applied(installed: ReadonlyMap<number, string>, update: RuleUpdate): Map<number, string> {
  const out = new Map(installed);
  for (const id of update.removeRuleIds) out.delete(id);
  for (const rule of update.addRules) {
    if (out.has(rule.id)) throw new Error(`id ${rule.id} added while installed`);
    out.set(rule.id, ruleHash(rule));
  }
  return out;
}

/** The rule set as compared: range and content of every rule, ids aside. */
const contentOf = (rules: ReadonlyMap<number, string> | readonly DnrRule[]) =>
  rulesetDigest(Array.isArray(rules) ? rules.map((r) => [r.id, ruleHash(r)] as const) : (rules as Map<number, string>));

describe('planUpdate', () => {
  const items = ['a.test', 'b.test', 'c.test', 'd.test'];

  it('sends nothing when what is installed is what is wanted', () => {
    const wanted = build(items);
    const plan = planUpdate(recorded(build(items)), wanted);
    expect(plan.update).toEqual({ removeRuleIds: [], addRules: [] });
    expect(plan.installed).toEqual(recorded(wanted));
  });

  it('adds only the new rule when one more at the front moves every id, keeping the rest where they are', () => {
    const installed = recorded(build(items));
    const wanted = build(['new.test', ...items]);
    const plan = planUpdate(installed, wanted);
    expect(plan.update.removeRuleIds).toEqual([]);
    expect(plan.update.addRules).toHaveLength(1);
    const [added] = plan.update.addRules as [DnrRule];
    expect(added.condition.requestDomains).toEqual(['new.test']);
    // Its own id (10000) holds a.test still: it goes to the first free one of its range.
    expect(added.id).toBe(10_004);
    expect(ruleHash(added)).toBe(ruleHash(structuredClone(wanted[0] as DnrRule)));
    // The kept rules stay under the ids they were installed with.
    for (const [id, hash] of installed) expect(plan.installed.get(id)).toBe(hash);
    expect(plan.installed).toEqual(applied(installed, plan.update));
    expect(contentOf(plan.installed)).toBe(contentOf(wanted));
  });

  it('removes a changed rule and adds its new version', () => {
    const installed = recorded(build(items));
    const wanted = build(['a.test', 'b.test', 'changed.test', 'd.test']);
    const plan = planUpdate(installed, wanted);
    expect(plan.update.removeRuleIds).toEqual([10_002]);
    expect(plan.update.addRules).toEqual([wanted[2]]);
    expect(plan.installed).toEqual(applied(installed, plan.update));
    expect(contentOf(plan.installed)).toBe(contentOf(wanted));
  });

  it('removes what nobody wants any more', () => {
    const installed = recorded(build(items));
    const plan = planUpdate(installed, build(['a.test', 'd.test']));
    expect(plan.update).toEqual({ removeRuleIds: [10_001, 10_002], addRules: [] });
    expect(plan.installed).toEqual(new Map([...installed].filter(([id]) => id === 10_000 || id === 10_003)));
    expect(planUpdate(installed, []).update).toEqual({ removeRuleIds: [...installed.keys()], addRules: [] });
  });

  it('gives a new rule whose id a kept rule holds the first free id of its range (one being removed counts as free)', () => {
    // Installed: a.test, x.test (no longer wanted), b.test. Wanted: new.test in front of a.test and b.test.
    const installed = recorded(build(['a.test', 'x.test', 'b.test']));
    const wanted = build(['new.test', 'a.test', 'b.test']);
    const plan = planUpdate(installed, wanted);
    expect(plan.update.removeRuleIds).toEqual([10_001]);
    expect(plan.update.addRules.map((r) => [r.id, r.condition.requestDomains])).toEqual([[10_001, ['new.test']]]);
    expect(plan.installed).toEqual(applied(installed, plan.update));
  });

  it('keeps a new rule under its own id when no kept rule holds it', () => {
    const installed = recorded(build(['a.test']));
    const wanted = build(['a.test', 'b.test']);
    const plan = planUpdate(installed, wanted);
    expect(plan.update).toEqual({ removeRuleIds: [], addRules: [wanted[1]] });
  });

  it('compares within a range only: equal content in another range is not kept', () => {
    const installed = recorded(build(['a.test'], 40_000)); // session exceptions
    const wanted = build(['a.test']); // exceptions
    const plan = planUpdate(installed, wanted);
    expect(plan.update).toEqual({ removeRuleIds: [40_000], addRules: [wanted[0]] });
  });

  it('always ends where applying its update leads, with the wanted content, for many random changes', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const problems: string[] = [];
    for (let round = 0; round < 100; round++) {
      const pool = Array.from({ length: 12 }, (_, i) => `h${i}.test`);
      const pick = () => pool.filter(() => random(3) > 0).sort(() => random(3) - 1);
      const installed = recorded(build(pick(), 10_000 + random(3)));
      const wanted = build(pick(), 10_000 + random(3));
      const plan = planUpdate(installed, wanted);
      const after = applied(installed, plan.update);
      const same = after.size === plan.installed.size && [...after].every(([id, h]) => plan.installed.get(id) === h);
      if (!same) problems.push(`round ${round}: installed map is not what the update leads to`);
      if (contentOf(plan.installed) !== contentOf(wanted)) problems.push(`round ${round}: wrong content`);
      // Nothing is sent that was installed already, and nothing removed that is still wanted.
      const installedHashes = new Set(installed.values());
      if (plan.update.addRules.some((r) => installedHashes.has(ruleHash(r)))) problems.push(`round ${round}: resent`);
      const wantedHashes = new Set(wanted.map(ruleHash));
      if (plan.update.removeRuleIds.some((id) => wantedHashes.has(installed.get(id) as string))) {
        problems.push(`round ${round}: removed a wanted rule`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('throws when a range has no id left rather than reuse one', () => {
    // upgradeInsecureRequests holds ten ids (600-609): all kept, and one more rule wanted there.
    const ten = build(
      Array.from({ length: 10 }, (_, i) => `u${i}.test`),
      600,
    );
    const one = { ...(build(['more.test'], 600)[0] as DnrRule) };
    expect(() => planUpdate(recorded(ten), [...ten, one])).toThrow(/range "upgradeInsecureRequests" exhausted/);
  });
});

describe('installedFromBrowser', () => {
  /** A rule as Chrome returns it: with the defaults it fills in. */
  const readBack = (rule: DnrRule): DnrRule =>
    ({ ...rule, condition: { ...rule.condition, isUrlFilterCaseSensitive: false } }) as DnrRule;

  it('gives rules read back with browser defaults the hashes of the wanted ones, by id', () => {
    const wanted = build(['a.test', 'b.test']);
    const result = installedFromBrowser(wanted.map(readBack), wanted);
    expect(result).toEqual(recorded(wanted));
    expect(planUpdate(result, wanted).update).toEqual({ removeRuleIds: [], addRules: [] });
  });

  it('recognises wanted rules installed under other ids (the ids moved since)', () => {
    const installed = build(['a.test', 'b.test']);
    const wanted = build(['new.test', 'a.test', 'b.test']);
    const result = installedFromBrowser(installed.map(readBack), wanted);
    expect(result).toEqual(
      new Map([
        [10_000, ruleHash(wanted[1] as DnrRule)],
        [10_001, ruleHash(wanted[2] as DnrRule)],
      ]),
    );
    const plan = planUpdate(result, wanted);
    expect(plan.update.removeRuleIds).toEqual([]);
    expect(plan.update.addRules.map((r) => r.condition.requestDomains)).toEqual([['new.test']]);
  });

  it('gives an unknown or changed rule a hash no wanted rule has, so the next update removes it', () => {
    const wanted = build(['a.test', 'b.test']);
    const stranger = build(['stranger.test'], 10_005)[0] as DnrRule;
    const changed = { ...(wanted[1] as DnrRule), priority: 9 };
    const result = installedFromBrowser([readBack(wanted[0] as DnrRule), changed, stranger].map(readBack), wanted);
    const wantedHashes = new Set(wanted.map(ruleHash));
    expect(wantedHashes.has(result.get(10_005) as string)).toBe(false);
    expect(wantedHashes.has(result.get(10_001) as string)).toBe(false);
    // Not the hash of the stranger's own content either: a wanted rule equal to it later must not match.
    expect(result.get(10_005)).not.toBe(ruleHash(stranger));
    const plan = planUpdate(result, wanted);
    expect(plan.update.removeRuleIds).toEqual([10_001, 10_005]);
    expect(plan.update.addRules.map((r) => r.id)).toEqual([10_001]);
    expect(contentOf(plan.installed)).toBe(contentOf(wanted));
  });

  it('matches each wanted rule once: a duplicate in the browser is removed', () => {
    const wanted = build(['a.test']);
    const twice = [wanted[0] as DnrRule, { ...(wanted[0] as DnrRule), id: 10_001 }];
    const result = installedFromBrowser(twice, wanted);
    expect(result.get(10_000)).toBe(ruleHash(wanted[0] as DnrRule));
    expect(result.get(10_001)).not.toBe(ruleHash(wanted[0] as DnrRule));
    expect(planUpdate(result, wanted).update).toEqual({ removeRuleIds: [10_001], addRules: [] });
  });

  it('does not take a rule missing a field we set for the wanted one', () => {
    const wanted = build(['a.test']);
    const { resourceTypes: _dropped, ...condition } = (wanted[0] as DnrRule).condition;
    const result = installedFromBrowser([{ ...(wanted[0] as DnrRule), condition }], wanted);
    expect(result.get(10_000)).not.toBe(ruleHash(wanted[0] as DnrRule));
  });
});
