import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXPIRY_ALARM, createExpiryScheduler, type ExpiryAlarms } from './expiry-scheduler';

const NOW = 1_700_000_000_000;

function setup() {
  const alarms = { create: vi.fn<ExpiryAlarms['create']>(async () => undefined) };
  const apply = vi.fn(async () => undefined);
  return { alarms, apply, schedule: createExpiryScheduler(alarms, apply) };
}

describe('expiry scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => void vi.useRealTimers());

  it('applies a moment after the next expiry, by timer', async () => {
    const { apply, schedule } = setup();
    await schedule(NOW + 10_000);
    await vi.advanceTimersByTimeAsync(10_049);
    expect(apply).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('sets the alarm for the same moment (it wakes a background that stopped)', async () => {
    const { alarms, schedule } = setup();
    await schedule(NOW + 10_000);
    expect(alarms.create).toHaveBeenCalledWith(EXPIRY_ALARM, NOW + 10_050);
    expect(EXPIRY_ALARM).toBe('exception-expiry');
  });

  it('applies soon for an expiry already past', async () => {
    const { alarms, apply, schedule } = setup();
    await schedule(NOW - 5_000);
    await vi.advanceTimersByTimeAsync(49);
    expect(apply).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(apply).toHaveBeenCalledTimes(1);
    expect(alarms.create).toHaveBeenCalledWith(EXPIRY_ALARM, NOW - 4_950);
  });

  it('keeps one timer: a new expiry replaces the last one', async () => {
    const { apply, schedule } = setup();
    await schedule(NOW + 1_000);
    await schedule(NOW + 5_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(apply).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3_050);
    expect(apply).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('with nothing to expire, cancels the timer and sets no alarm', async () => {
    const { alarms, apply, schedule } = setup();
    await schedule(NOW + 1_000);
    alarms.create.mockClear();
    await schedule(null);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(apply).not.toHaveBeenCalled();
    expect(alarms.create).not.toHaveBeenCalled();
  });

  it('keeps the timer when the alarm cannot be set, and says so', async () => {
    const { alarms, apply, schedule } = setup();
    alarms.create.mockRejectedValueOnce(new Error('no alarms'));
    await expect(schedule(NOW + 1_000)).rejects.toThrow('no alarms');
    await vi.advanceTimersByTimeAsync(1_050);
    expect(apply).toHaveBeenCalledTimes(1);
  });
});
