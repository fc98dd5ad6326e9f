import { describe, expect, it } from 'vitest';
import { applyTabEvents, badgeText, emptyTabStats } from './tab-stats';

describe('applyTabEvents', () => {
  it('counts upgrades per tab and resets on a new navigation only', () => {
    const { map, changedTabs } = applyTabEvents({}, [
      { kind: 'navigation-start', tabId: 1, requestId: 'r1' },
      { kind: 'upgraded', tabId: 1 },
      // the same navigation seen again after its internal upgrade redirect
      { kind: 'navigation-start', tabId: 1, requestId: 'r1' },
      { kind: 'upgraded', tabId: 1 },
      { kind: 'upgraded', tabId: 2 },
    ]);
    expect(map).toEqual({ 1: { navigationRequestId: 'r1', upgraded: 2 }, 2: { navigationRequestId: null, upgraded: 1 } });
    expect(changedTabs.sort()).toEqual([1, 2]);

    const after = applyTabEvents(map, [{ kind: 'navigation-start', tabId: 1, requestId: 'r2' }]);
    expect(after.map['1']).toEqual(emptyTabStats('r2'));
  });

  it('ignores requests without a tab and forgets closed tabs', () => {
    const start = { 3: { navigationRequestId: 'x', upgraded: 4 } };
    const { map, changedTabs } = applyTabEvents(start, [
      { kind: 'upgraded', tabId: -1 },
      { kind: 'tab-closed', tabId: 3 },
    ]);
    expect(map).toEqual({});
    expect(changedTabs).toEqual([]);
    expect(start).toEqual({ 3: { navigationRequestId: 'x', upgraded: 4 } });
  });
});

describe('badgeText', () => {
  it.each([
    [0, ''],
    [1, '1'],
    [999, '999'],
    [1000, '999+'],
  ])('%i -> %j', (count, text) => {
    expect(badgeText(count)).toBe(text);
  });
});
