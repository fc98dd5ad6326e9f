import { describe, expect, it } from 'vitest';
import {
  BADGE_COLORS,
  MAX_FAILED_HOSTS,
  applyTabEvents,
  badgeFor,
  badgeText,
  emptyTabStats,
  type TabEvent,
} from './tab-stats';

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
    expect(map).toEqual({ 1: { ...emptyTabStats('r1'), upgraded: 2 }, 2: { ...emptyTabStats(), upgraded: 1 } });
    expect(changedTabs.sort()).toEqual([1, 2]);

    const after = applyTabEvents(map, [{ kind: 'navigation-start', tabId: 1, requestId: 'r2' }]);
    expect(after.map['1']).toEqual(emptyTabStats('r2'));
  });

  it('counts interventions by action; exposures together', () => {
    const { map } = applyTabEvents({}, [
      { kind: 'guarded', tabId: 4, action: 'blocked' },
      { kind: 'guarded', tabId: 4, action: 'blocked' },
      { kind: 'guarded', tabId: 4, action: 'stripped' },
      { kind: 'guarded', tabId: 4, action: 'held' },
      { kind: 'guarded', tabId: 4, action: 'warned' },
      { kind: 'guarded', tabId: 4, action: 'sent-by-user' },
    ]);
    expect(map['4']).toEqual({ ...emptyTabStats(), blocked: 2, stripped: 1, held: 1, exposed: 2 });
  });

  it('ignores requests without a tab and forgets closed tabs', () => {
    const start = { 3: { ...emptyTabStats('x'), upgraded: 4 } };
    const { map, changedTabs } = applyTabEvents(start, [
      { kind: 'upgraded', tabId: -1 },
      { kind: 'tab-closed', tabId: 3 },
    ]);
    expect(map).toEqual({});
    expect(changedTabs).toEqual([]);
  });

  it('reads counts stored by an older version as zero', () => {
    const { map } = applyTabEvents({ 5: { navigationRequestId: 'a', upgraded: 1 } as never }, [
      { kind: 'guarded', tabId: 5, action: 'stripped' },
    ]);
    expect(map['5']).toEqual({ ...emptyTabStats('a'), upgraded: 1, stripped: 1 });
  });
});

describe('badge', () => {
  it.each([
    [0, ''],
    [1, '1'],
    [999, '999'],
    [1000, '999+'],
  ])('badgeText(%i) = %j', (count, text) => {
    expect(badgeText(count)).toBe(text);
  });

  it('shows stopped leaks in the warning colour, upgrades otherwise', () => {
    expect(badgeFor({ ...emptyTabStats(), upgraded: 3 })).toEqual({ text: '3', color: BADGE_COLORS.upgraded });
    expect(badgeFor({ ...emptyTabStats(), upgraded: 3, blocked: 1, stripped: 1 })).toEqual({
      text: '2',
      color: BADGE_COLORS.guarded,
    });
    expect(badgeFor(undefined)).toEqual({ text: '', color: BADGE_COLORS.upgraded });
  });
});

describe('parts of a page that failed over HTTPS', () => {
  it('are not counted as upgrades, are listed by host (with a cap), and set the badge apart', () => {
    const events: TabEvent[] = [
      { kind: 'navigation-start', tabId: 3, requestId: 'n1' },
      { kind: 'upgraded', tabId: 3 },
      { kind: 'upgraded', tabId: 3 },
      { kind: 'upgrade-failed', tabId: 3, host: 'img.test', reason: 'no-https' },
      { kind: 'upgraded', tabId: 3 },
      { kind: 'upgrade-failed', tabId: 3, host: 'img.test', reason: 'no-https' },
    ];
    const stats = applyTabEvents({}, events).map['3'];
    expect(stats?.upgraded).toBe(1);
    expect(stats?.failed).toBe(2);
    expect(stats?.failedHosts).toEqual([{ host: 'img.test', reason: 'no-https', count: 2 }]);
    expect(badgeFor(stats)).toEqual({ text: '!2', color: BADGE_COLORS.failed });
    // Stopped leaks still come first.
    expect(badgeFor(stats && { ...stats, blocked: 1 })).toEqual({ text: '1', color: BADGE_COLORS.guarded });
    const many = Array.from({ length: MAX_FAILED_HOSTS + 5 }, (_, i): TabEvent => ({
      kind: 'upgrade-failed',
      tabId: 4,
      host: `h${i}.test`,
      reason: 'certificate',
    }));
    expect(applyTabEvents({}, many).map['4']?.failedHosts).toHaveLength(MAX_FAILED_HOSTS);
  });
});
