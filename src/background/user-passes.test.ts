import { describe, expect, it } from 'vitest';
import { createUserPasses } from './user-passes';

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

describe('user passes', () => {
  it('lets nothing through without a pass', () => {
    const passes = createUserPasses(clock().now);
    expect(passes.consume(1, 'http://a.test/login')).toBe(false);
  });

  it('lets the confirmed request through once', () => {
    const passes = createUserPasses(clock().now);
    passes.grant(1, 'http://a.test/login');
    expect(passes.consume(1, 'http://a.test/login')).toBe(true);
    expect(passes.consume(1, 'http://a.test/login')).toBe(false);
  });

  it('is for that tab and that address only', () => {
    const passes = createUserPasses(clock().now);
    passes.grant(1, 'http://a.test/login');
    expect(passes.consume(2, 'http://a.test/login')).toBe(false);
    expect(passes.consume(1, 'http://a.test/login?next=1')).toBe(false);
    expect(passes.consume(1, 'http://b.test/login')).toBe(false);
    // Asking about other requests used up nothing.
    expect(passes.consume(1, 'http://a.test/login')).toBe(true);
  });

  it('ignores the fragment on either side (it never reaches the network)', () => {
    const passes = createUserPasses(clock().now);
    passes.grant(1, 'http://a.test/login#form');
    expect(passes.consume(1, 'http://a.test/login')).toBe(true);
    passes.grant(1, 'http://a.test/login');
    expect(passes.consume(1, 'http://a.test/login#other')).toBe(true);
  });

  it('lasts 30 seconds', () => {
    const time = clock();
    const passes = createUserPasses(time.now);
    passes.grant(1, 'http://a.test/early');
    passes.grant(1, 'http://a.test/late');
    time.advance(29_999);
    expect(passes.consume(1, 'http://a.test/early')).toBe(true);
    time.advance(1);
    expect(passes.consume(1, 'http://a.test/late')).toBe(false);
  });

  it('drops an expired pass when asked, and a new grant starts a fresh 30 seconds', () => {
    const time = clock();
    const passes = createUserPasses(time.now);
    passes.grant(1, 'http://a.test/login');
    time.advance(60_000);
    expect(passes.consume(1, 'http://a.test/login')).toBe(false);
    passes.grant(1, 'http://a.test/login');
    time.advance(10_000);
    expect(passes.consume(1, 'http://a.test/login')).toBe(true);
  });

  it('takes the time from Date.now by default', () => {
    const passes = createUserPasses();
    passes.grant(3, 'http://a.test/');
    expect(passes.consume(3, 'http://a.test/')).toBe(true);
  });
});
