import { describe, expect, it } from 'vitest';
import { createRecentMap } from './recent-map';

describe('createRecentMap', () => {
  it('keeps the last keys set, drops the oldest, and never holds more than its size', () => {
    const map = createRecentMap<number>(3);
    for (let i = 0; i < 10; i++) map.set(String(i), i);
    expect(map.size).toBe(3);
    expect(['6', '7', '8', '9'].map((k) => map.get(k))).toEqual([undefined, 7, 8, 9]);
    map.set('9', 90); // an existing key: nothing dropped
    expect(map.get('7')).toBe(7);
    expect(map.get('9')).toBe(90);
  });

  it('takes a value out; the bound still holds after keys are taken and set again', () => {
    const map = createRecentMap<string>(2);
    map.set('a', 'A');
    expect(map.take('a')).toBe('A');
    expect(map.take('a')).toBeUndefined();
    for (const key of ['a', 'b', 'c', 'd', 'a']) map.set(key, key);
    expect(map.size).toBeLessThanOrEqual(2);
    expect(map.get('a')).toBe('a');
  });
});
