/**
 * A map that keeps its last `size` keys: setting a new key beyond that drops the oldest
 * one, found in a ring of keys (no iterator, nothing to skip; every request may set one).
 * A key taken out early leaves its ring slot, which only ever drops that key again: a
 * key set anew meanwhile may go a little early, never later (the bound always holds).
 */
export function createRecentMap<V>(size: number) {
  const entries = new Map<string, V>();
  const ring: (string | undefined)[] = new Array<string | undefined>(size);
  let next = 0;
  return {
    get: (key: string): V | undefined => entries.get(key),
    set(key: string, value: V): void {
      if (!entries.has(key)) {
        const oldest = ring[next];
        if (oldest !== undefined) entries.delete(oldest);
        ring[next] = key;
        next = (next + 1) % size;
      }
      entries.set(key, value);
    },
    /** The value, taken out. */
    take(key: string): V | undefined {
      const value = entries.get(key);
      if (value !== undefined) entries.delete(key);
      return value;
    },
    get size(): number {
      return entries.size;
    },
  };
}
