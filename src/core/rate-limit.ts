/**
 * At most `limit` events per key in any `windowMs`: a sliding window of timestamps, kept
 * only for keys that used it recently. For claims a page can make as often as it likes.
 */
export function createRateLimiter<K>(limit: number, windowMs: number, now: () => number = Date.now) {
  const seen = new Map<K, number[]>();
  return {
    /** True (and counted) when the key is within its limit. */
    take(key: K): boolean {
      const t = now();
      const recent = (seen.get(key) ?? []).filter((time) => t - time < windowMs);
      const allowed = recent.length < limit;
      if (allowed) recent.push(t);
      seen.set(key, recent);
      return allowed;
    },
    forget(key: K): void {
      seen.delete(key);
    },
  };
}
