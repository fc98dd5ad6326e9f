/**
 * Every dynamic rule id and priority the extension uses, in one place, so ranges never
 * overlap (rule-ids.test.ts checks it) and reconciling can tell whose rule is whose.
 */
export const RULE_ID_RANGES = {
  /** The catch-all upgrade (http, ws) and websocket block rules. */
  upgrade: { first: 1, last: 99 },
  /** Loopback is never upgraded. */
  loopback: { first: 100, last: 199 },
  /** Local network, unless the user asks to upgrade it. */
  localNetwork: { first: 200, last: 299 },
  /** User exceptions, compiled into domain lists and regex chunks. */
  exceptions: { first: 10_000, last: 29_999 },
} as const;

export type RuleRange = keyof typeof RULE_ID_RANGES;

/**
 * Higher wins. Allowing cleartext outranks upgrading; later issues add credential rules
 * above ALLOW_CLEARTEXT (a modifyHeaders rule needs a strictly higher priority than the
 * allow rule that keeps a request on http).
 */
export const RULE_PRIORITY = {
  UPGRADE: 1,
  ALLOW_CLEARTEXT: 2,
} as const;

/** Hands out ids from one range, failing loudly when the range is exhausted. */
export function idAllocator(range: RuleRange): () => number {
  const { first, last } = RULE_ID_RANGES[range];
  let next = first;
  return () => {
    if (next > last) throw new Error(`rule id range "${range}" exhausted (${first}-${last})`);
    return next++;
  };
}
