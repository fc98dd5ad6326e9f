import { describe, expect, it } from 'vitest';
import type { DnrRule } from './dnr-types';
import { diffRules, isEmptyUpdate } from './rule-diff';

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
