import { describe, expect, it } from 'vitest';
import { RULE_ID_RANGES, idAllocator } from './rule-ids';

describe('rule id ranges', () => {
  it('never overlap and are ordered', () => {
    const ranges = Object.values(RULE_ID_RANGES).sort((a, b) => a.first - b.first);
    for (const [i, range] of ranges.entries()) {
      expect(range.first).toBeGreaterThan(0);
      expect(range.last).toBeGreaterThanOrEqual(range.first);
      const next = ranges[i + 1];
      if (next) expect(next.first).toBeGreaterThan(range.last);
    }
  });

  it('allocator stops at the end of its range', () => {
    const next = idAllocator('upgrade');
    const { first, last } = RULE_ID_RANGES.upgrade;
    for (let id = first; id <= last; id++) expect(next()).toBe(id);
    expect(() => next()).toThrow(/exhausted/);
  });
});
