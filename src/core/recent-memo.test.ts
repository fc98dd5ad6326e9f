import { describe, expect, it, vi } from 'vitest';
import { createRecentMemo } from './recent-memo';

describe('createRecentMemo', () => {
  it('computes once per key and variant, null answers included, and forgets the oldest beyond its size', () => {
    const memo = createRecentMemo<string | null>(2);
    const compute = vi.fn((v: string | null) => v);
    expect(memo('a', 'x', () => compute('A'))).toBe('A');
    expect(memo('a', 'x', () => compute('again'))).toBe('A');
    expect(memo('n', 'x', () => compute(null))).toBeNull();
    expect(memo('n', 'x', () => compute('not null'))).toBeNull();
    expect(compute).toHaveBeenCalledTimes(2);
    memo('b', 'x', () => compute('B')); // "a" goes
    expect(memo('a', 'x', () => compute('A2'))).toBe('A2');
    expect(compute).toHaveBeenCalledTimes(4);
  });

  it('computes again for the same key under another variant (a redirect keeps the request id)', () => {
    const memo = createRecentMemo<string>(4);
    expect(memo('7', 'http://a/', () => 'first')).toBe('first');
    expect(memo('7', 'http://b/', () => 'second')).toBe('second');
    expect(memo('7', 'http://b/', () => 'third')).toBe('second');
  });

  it('keeps at most its size of keys however many come', () => {
    const memo = createRecentMemo<number>(3);
    for (let i = 0; i < 100; i++) memo(String(i), '', () => i);
    const compute = vi.fn(() => -1);
    for (const key of ['97', '98', '99']) memo(key, '', compute);
    expect(compute).not.toHaveBeenCalled();
    expect(memo('96', '', compute)).toBe(-1);
  });
});
