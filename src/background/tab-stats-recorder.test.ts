import { afterEach, describe, expect, it, vi } from 'vitest';
import { BADGE_COLORS, emptyTabStats } from '../core/tab-stats';
import type { BadgeApi } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';
import { createTabStatsRecorder } from './tab-stats-recorder';
import { memoryRecordArea } from './testing/memory-area';

const keyOf = (tabId: number) => `${SESSION_KEYS.tabStats}:${tabId}`;

function setup() {
  const area = memoryRecordArea();
  const badge = { show: vi.fn<BadgeApi['show']>(async () => undefined) };
  const recorder = createTabStatsRecorder({ area, badge });
  const set = vi.spyOn(area, 'set');
  const remove = vi.spyOn(area, 'remove');
  return { area, badge, recorder, set, remove };
}

afterEach(() => vi.restoreAllMocks());

describe('tab stats recorder', () => {
  it('batches events: many records, one write per tab that had events, each under its own key', async () => {
    const { area, recorder, set } = setup();
    recorder.record({ kind: 'navigation-start', tabId: 1, requestId: 'r1' });
    for (let i = 0; i < 50; i++) recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'upgraded', tabId: 2, mainFrame: true });
    recorder.record({ kind: 'guarded', tabId: 2, action: 'blocked' });
    expect(set).not.toHaveBeenCalled(); // nothing is written in the task that records
    expect(await recorder.get(1)).toEqual({ ...emptyTabStats('r1'), upgraded: 50 });
    expect(set).toHaveBeenCalledTimes(2);
    expect(set.mock.calls.map(([key]) => key).sort()).toEqual([keyOf(1), keyOf(2)]);
    expect(area.data.get(keyOf(2))).toEqual({ ...emptyTabStats(), upgraded: 1, pageUpgraded: true, blocked: 1 });
  });

  it('a later batch writes only the tabs that had events in it', async () => {
    const { recorder, set } = setup();
    recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'upgraded', tabId: 2 });
    await recorder.get(1);
    set.mockClear();
    recorder.record({ kind: 'upgraded', tabId: 2 });
    expect(await recorder.get(2)).toMatchObject({ upgraded: 2 });
    expect(set).toHaveBeenCalledTimes(1);
    expect(set).toHaveBeenCalledWith(keyOf(2), expect.anything());
    expect(await recorder.get(1)).toMatchObject({ upgraded: 1 });
  });

  it('adds to what an earlier batch (or an earlier wake) stored', async () => {
    const { area, badge } = setup();
    area.data.set(keyOf(5), { ...emptyTabStats('r5'), upgraded: 7 });
    const recorder = createTabStatsRecorder({ area, badge });
    recorder.record({ kind: 'upgraded', tabId: 5 });
    expect(await recorder.get(5)).toEqual({ ...emptyTabStats('r5'), upgraded: 8 });
    recorder.record({ kind: 'upgraded', tabId: 5 });
    expect(await recorder.get(5)).toEqual({ ...emptyTabStats('r5'), upgraded: 9 });
  });

  it('a new top-level navigation starts the counts again; the same request id (upgrade redirect) does not', async () => {
    const { recorder } = setup();
    recorder.record({ kind: 'navigation-start', tabId: 1, requestId: 'r1' });
    recorder.record({ kind: 'upgraded', tabId: 1, mainFrame: true });
    recorder.record({ kind: 'navigation-start', tabId: 1, requestId: 'r1' });
    expect(await recorder.get(1)).toMatchObject({ upgraded: 1, pageUpgraded: true });
    recorder.record({ kind: 'navigation-start', tabId: 1, requestId: 'r2' });
    expect(await recorder.get(1)).toEqual(emptyTabStats('r2'));
  });

  it('ignores requests made by no tab', async () => {
    const { area, badge, recorder, set, remove } = setup();
    recorder.record({ kind: 'upgraded', tabId: -1 });
    recorder.record({ kind: 'guarded', tabId: -1, action: 'blocked' });
    expect(await recorder.get(-1)).toBeNull();
    expect(set).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
    expect(badge.show).not.toHaveBeenCalled();
    expect(area.data.size).toBe(0);
  });

  it('shows the upgrade count on the badge of each tab that changed', async () => {
    const { badge, recorder } = setup();
    recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'upgraded', tabId: 2 });
    await recorder.get(1);
    expect(badge.show).toHaveBeenCalledTimes(2);
    expect(badge.show).toHaveBeenCalledWith(1, '2', BADGE_COLORS.upgraded);
    expect(badge.show).toHaveBeenCalledWith(2, '1', BADGE_COLORS.upgraded);
  });

  it('a stopped leak takes the badge: its count, in the guarded colour (exposures do not count)', async () => {
    const { badge, recorder } = setup();
    recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'guarded', tabId: 1, action: 'blocked' });
    recorder.record({ kind: 'guarded', tabId: 1, action: 'stripped' });
    recorder.record({ kind: 'guarded', tabId: 1, action: 'held' });
    recorder.record({ kind: 'guarded', tabId: 1, action: 'warned' });
    expect(await recorder.get(1)).toMatchObject({ blocked: 1, stripped: 1, held: 1, exposed: 1, upgraded: 1 });
    expect(badge.show).toHaveBeenLastCalledWith(1, '3', BADGE_COLORS.guarded);
  });

  it('failed upgraded parts show as "!" and their count, in the failure colour', async () => {
    const { badge, recorder } = setup();
    recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'upgrade-failed', tabId: 1, host: 'img.test', reason: 'certificate' });
    expect(await recorder.get(1)).toMatchObject({
      upgraded: 1,
      failed: 1,
      failedHosts: [{ host: 'img.test', reason: 'certificate', count: 1 }],
    });
    expect(badge.show).toHaveBeenLastCalledWith(1, '!1', BADGE_COLORS.failed);
  });

  it('counts cleartext requests without touching the badge', async () => {
    const { badge, recorder, set } = setup();
    recorder.record({ kind: 'cleartext', tabId: 1 });
    expect(await recorder.get(1)).toMatchObject({ cleartext: 1 });
    expect(set).toHaveBeenCalledTimes(1);
    expect(badge.show).not.toHaveBeenCalled();
  });

  it('keeps the page security of the current navigation only', async () => {
    const { recorder } = setup();
    const hsts = { maxAge: 31_536_000, includeSubDomains: true, preload: false };
    const tls = { protocol: 'TLSv1.3', issuer: 'Test CA' };
    recorder.record({ kind: 'navigation-start', tabId: 1, requestId: 'r1' });
    recorder.record({ kind: 'page-security', tabId: 1, requestId: 'old', hsts, tls });
    expect(await recorder.get(1)).not.toHaveProperty('hsts');
    recorder.record({ kind: 'page-security', tabId: 1, requestId: 'r1', hsts, tls });
    expect(await recorder.get(1)).toMatchObject({ hsts, tls });
  });

  it('a closed tab loses its key, and its badge is not updated', async () => {
    const { area, badge, recorder, remove } = setup();
    recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'upgraded', tabId: 2 });
    await recorder.get(1);
    badge.show.mockClear();
    recorder.record({ kind: 'guarded', tabId: 1, action: 'blocked' });
    recorder.record({ kind: 'tab-closed', tabId: 1 });
    expect(await recorder.get(1)).toBeNull();
    expect(remove).toHaveBeenCalledWith([keyOf(1)]);
    expect([...area.data.keys()]).toEqual([keyOf(2)]);
    expect(badge.show).not.toHaveBeenCalled();
  });

  it('events that arrive after their tab closed write nothing', async () => {
    const { area, badge, recorder } = setup();
    recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'tab-closed', tabId: 1 });
    await recorder.get(1);
    badge.show.mockClear();
    recorder.record({ kind: 'upgraded', tabId: 1 });
    recorder.record({ kind: 'guarded', tabId: 1, action: 'blocked' });
    recorder.record({ kind: 'upgraded', tabId: 2 });
    expect(await recorder.get(1)).toBeNull();
    expect([...area.data.keys()]).toEqual([keyOf(2)]);
    expect(badge.show).not.toHaveBeenCalledWith(1, expect.anything(), expect.anything());
  });

  it('get answers null for a tab without counts, or with a stored value that is not a record', async () => {
    const { area, recorder } = setup();
    expect(await recorder.get(9)).toBeNull();
    area.data.set(keyOf(9), [1, 2, 3]);
    expect(await recorder.get(9)).toBeNull();
    area.data.set(keyOf(9), 'text');
    expect(await recorder.get(9)).toBeNull();
  });

  it('refreshBadge shows the stored count again, or an empty badge', async () => {
    const { badge, recorder } = setup();
    recorder.record({ kind: 'guarded', tabId: 1, action: 'blocked' });
    recorder.record({ kind: 'guarded', tabId: 1, action: 'blocked' });
    await recorder.get(1);
    badge.show.mockClear();
    await recorder.refreshBadge(1);
    expect(badge.show).toHaveBeenCalledWith(1, '2', BADGE_COLORS.guarded);
    await recorder.refreshBadge(2);
    expect(badge.show).toHaveBeenLastCalledWith(2, '', BADGE_COLORS.upgraded);
  });

  it('refreshBadge waits for the events recorded before it to be written', async () => {
    const { area, badge, recorder, set } = setup();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    set.mockImplementation(async (key, value) => {
      await gate;
      area.data.set(key, structuredClone(value));
    });
    recorder.record({ kind: 'upgraded', tabId: 1 });
    const refreshed = recorder.refreshBadge(1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(badge.show).not.toHaveBeenCalled();
    release();
    await refreshed;
    expect(badge.show.mock.calls).toEqual([
      [1, '1', BADGE_COLORS.upgraded],
      [1, '1', BADGE_COLORS.upgraded],
    ]);
  });

  it('a failed write is logged and does not stop later batches', async () => {
    const { recorder, set } = setup();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    set.mockRejectedValueOnce(new Error('quota'));
    recorder.record({ kind: 'upgraded', tabId: 1 });
    expect(await recorder.get(1)).toBeNull();
    expect(error).toHaveBeenCalledWith('Cleartext Guard: tab stats write failed', expect.any(Error));
    recorder.record({ kind: 'upgraded', tabId: 1 });
    expect(await recorder.get(1)).toMatchObject({ upgraded: 1 });
  });
});
