import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit';

describe('rate limiter', () => {
  it('allows `limit` per window and key, then again as the window moves on', () => {
    let t = 0;
    const limiter = createRateLimiter<number>(3, 1000, () => t);
    expect([1, 2, 3, 4].map(() => limiter.take(7))).toEqual([true, true, true, false]);
    expect(limiter.take(8)).toBe(true); // another key has its own window
    t = 999;
    expect(limiter.take(7)).toBe(false);
    t = 1000;
    expect(limiter.take(7)).toBe(true);
    limiter.forget(7);
    expect([1, 2].map(() => limiter.take(7))).toEqual([true, true]);
  });
});
