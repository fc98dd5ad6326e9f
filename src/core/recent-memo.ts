import { createRecentMap } from './recent-map';

/**
 * Remembers the last `size` answers by key: the work a request's several webRequest
 * events share (its route, its URL's credentials) is done once per request, and the
 * memory stays bounded however many requests there are. An answer holds for its key and
 * `variant` (a request's id and its URL: a redirect keeps the id, not the URL).
 */
export function createRecentMemo<V>(size: number) {
  const entries = createRecentMap<{ variant: string; value: V }>(size);
  return (key: string, variant: string, compute: () => V): V => {
    const known = entries.get(key);
    if (known !== undefined && known.variant === variant) return known.value;
    const value = compute();
    entries.set(key, { variant, value });
    return value;
  };
}
