import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, type ExceptionRule, type Settings } from '../core/settings';
import { PAUSE_EXPIRES_AT, PAUSE_HOST, type TabException } from '../core/tab-exceptions';
import { createExceptionExpiries } from './exception-expiries';
import { EXPIRY_ALARM } from './expiry-scheduler';

const NOW = 1_700_000_000_000;

const timed = (pattern: string, expiresAt: number | null): ExceptionRule => ({
  pattern,
  allowCredentials: false,
  scope: expiresAt === null ? 'always' : 'until',
  expiresAt,
});

function setup(options: { list?: TabException[]; settings?: Settings } = {}) {
  const order: string[] = [];
  const current = options.settings ?? defaultSettings();
  const log =
    <T>(name: string, value: T) =>
    async () => {
      order.push(name);
      return value;
    };
  const deps = {
    tabExceptions: { prune: vi.fn(log('prune', false)), list: vi.fn(log('list', options.list ?? [])) },
    rules: { reconcile: vi.fn(log('reconcile', undefined)) },
    settings: { ready: vi.fn(log('ready', current)), refresh: vi.fn(log('refresh', current)) },
    writePagePolicy: vi.fn(async (_settings: Settings, _anyPaused: boolean) => void order.push('policy')),
    alarms: { create: vi.fn(async (name: string, when: number) => void order.push(`alarm ${name} ${when}`)) },
  };
  return { deps, order, expiries: createExceptionExpiries(deps) };
}

describe('exception expiries', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => void vi.useRealTimers());

  it('drops expired tab exceptions, brings the rules in line, writes the page policy, waits for the next expiry', async () => {
    const settings = defaultSettings();
    const { deps, order, expiries } = setup({ list: [{ tabId: 1, host: 'a.test', expiresAt: NOW + 5_000 }], settings });
    await expiries.apply();
    expect(order).toEqual(['prune', 'reconcile', 'list', 'ready', 'policy', `alarm ${EXPIRY_ALARM} ${NOW + 5_050}`]);
    expect(deps.writePagePolicy).toHaveBeenCalledWith(settings, false);
  });

  it('tells the content scripts when some tab is paused', async () => {
    const pause: TabException = { tabId: 2, host: PAUSE_HOST, expiresAt: PAUSE_EXPIRES_AT };
    const { deps, expiries } = setup({ list: [pause] });
    await expiries.apply();
    expect(deps.writePagePolicy).toHaveBeenCalledWith(expect.anything(), true);
    // A pause lasts until the tab closes: nothing to wait for.
    expect(deps.alarms.create).not.toHaveBeenCalled();
  });

  it('waits for whichever runs out first, a tab exception or a settings exception', async () => {
    const settingsFirst = setup({
      list: [{ tabId: 1, host: 'a.test', expiresAt: NOW + 9_000 }],
      settings: { ...defaultSettings(), exceptions: [timed('b.test', NOW + 3_000), timed('c.test', null)] },
    });
    await settingsFirst.expiries.apply();
    expect(settingsFirst.deps.alarms.create).toHaveBeenCalledWith(EXPIRY_ALARM, NOW + 3_050);

    const tabFirst = setup({
      list: [{ tabId: 1, host: 'a.test', expiresAt: NOW + 2_000 }],
      settings: { ...defaultSettings(), exceptions: [timed('b.test', NOW + 3_000)] },
    });
    await tabFirst.expiries.apply();
    expect(tabFirst.deps.alarms.create).toHaveBeenCalledWith(EXPIRY_ALARM, NOW + 2_050);
  });

  it('applies again by itself when the exception runs out', async () => {
    const { deps, expiries } = setup({ list: [{ tabId: 1, host: 'a.test', expiresAt: NOW + 1_000 }] });
    await expiries.apply();
    expect(deps.tabExceptions.prune).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_049);
    expect(deps.tabExceptions.prune).toHaveBeenCalledTimes(1);
    deps.tabExceptions.list.mockResolvedValue([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(deps.tabExceptions.prune).toHaveBeenCalledTimes(2);
    expect(deps.rules.reconcile).toHaveBeenCalledTimes(2);
  });

  it('with nothing left to expire, sets no alarm and no timer', async () => {
    const { deps, expiries } = setup({
      list: [{ tabId: 1, host: 'gone.test', expiresAt: NOW - 1 }],
      settings: { ...defaultSettings(), exceptions: [timed('past.test', NOW - 1), timed('kept.test', null)] },
    });
    await expiries.apply();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(deps.alarms.create).not.toHaveBeenCalled();
    expect(deps.tabExceptions.prune).toHaveBeenCalledTimes(1);
  });

  it('goes on when the page policy cannot be written', async () => {
    const { deps, expiries } = setup({ list: [{ tabId: 1, host: 'a.test', expiresAt: NOW + 5_000 }] });
    deps.writePagePolicy.mockRejectedValueOnce(new Error('quota'));
    await expiries.apply();
    expect(deps.alarms.create).toHaveBeenCalledTimes(1);
  });

  it('stops at a failed rule update (the caller sees it)', async () => {
    const { deps, expiries } = setup();
    deps.rules.reconcile.mockRejectedValueOnce(new Error('dnr'));
    await expect(expiries.apply()).rejects.toThrow('dnr');
    expect(deps.writePagePolicy).not.toHaveBeenCalled();
  });

  it('on a change of the settings, reads them again before applying', async () => {
    const { order, expiries } = setup();
    await expiries.settingsChanged();
    expect(order.slice(0, 3)).toEqual(['refresh', 'prune', 'reconcile']);
    expect(order).toContain('policy');
  });

  it('applies on its own alarm only', async () => {
    const { deps, expiries } = setup();
    expect(expiries.onAlarm({ name: 'something-else' })).toBeUndefined();
    await vi.advanceTimersByTimeAsync(0);
    expect(deps.tabExceptions.prune).not.toHaveBeenCalled();
    expiries.onAlarm({ name: EXPIRY_ALARM });
    await vi.advanceTimersByTimeAsync(0);
    expect(deps.tabExceptions.prune).toHaveBeenCalledTimes(1);
    expect(deps.rules.reconcile).toHaveBeenCalledTimes(1);
  });
});
