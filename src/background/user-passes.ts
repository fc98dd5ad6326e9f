/**
 * One-time passes for password submits the user confirmed on the in-page warning: the
 * next matching request of that tab goes through (and is not reported again). In memory
 * and short-lived: a pass lost with a stopped worker only makes the guard stricter.
 */
const PASS_LIFETIME_MS = 30_000;

function keyOf(tabId: number, url: string): string {
  return `${tabId} ${url.split('#')[0]}`;
}

export function createUserPasses(now: () => number = Date.now) {
  const passes = new Map<string, number>();
  return {
    grant(tabId: number, url: string): void {
      passes.set(keyOf(tabId, url), now() + PASS_LIFETIME_MS);
    },
    /** True (once) when the user confirmed this request. */
    consume(tabId: number, url: string): boolean {
      const key = keyOf(tabId, url);
      const expires = passes.get(key);
      passes.delete(key);
      return expires !== undefined && expires > now();
    },
  };
}

export type UserPasses = ReturnType<typeof createUserPasses>;
