/**
 * Every dynamic rule id and priority the extension uses, in one place, so ranges never
 * overlap (rule-ids.test.ts checks it) and reconciling can tell whose rule is whose.
 */
export const RULE_ID_RANGES = {
  /** Static ruleset "baseline": the catch-all upgrade (http, ws) and websocket block rules. */
  upgrade: { first: 1, last: 99 },
  /** Static ruleset "baseline": loopback is never upgraded. */
  loopback: { first: 100, last: 199 },
  /** Static ruleset "baseline": the local network stays on http unless the user asks otherwise. */
  localNetwork: { first: 200, last: 299 },
  /** The local network upgraded after all (the user's choice), above the baseline's allow. */
  upgradeLocalNetwork: { first: 300, last: 399 },
  /**
   * Leak guard: what passes the credential URL block (an upgrade for every named host
   * without an exception, loopback and, unless guarded, the local network).
   */
  pastCredentialBlock: { first: 400, last: 499 },
  /** Static ruleset "baseline": names that are not on the public web stay on http unless the user asks otherwise. */
  specialUse: { first: 500, last: 549 },
  /** Those names upgraded after all (the user's choice), above the baseline's allow. */
  upgradeSpecialUse: { first: 550, last: 599 },
  /** Static ruleset "baseline": https documents ask the browser to upgrade their http parts. */
  upgradeInsecureRequests: { first: 600, last: 609 },
  /** Leak guard (Chrome): credential headers stripped on cleartext requests. */
  stripHeaders: { first: 1_000, last: 4_999 },
  /** Leak guard (Chrome): cleartext URLs carrying credentials blocked. */
  blockUrls: { first: 5_000, last: 9_999 },
  /** User exceptions, compiled into domain lists and exact-host filters. */
  exceptions: { first: 10_000, last: 29_999 },
  /** Session rules: "continue over HTTP once" exceptions for one tab, with their leak guard. */
  tabExceptions: { first: 30_000, last: 39_999 },
  /** Session rules: exceptions for this browser session, with their leak guard. */
  sessionExceptions: { first: 40_000, last: 49_999 },
  /** Session rules: tabs where the user paused protection. */
  pausedTabs: { first: 50_000, last: 50_999 },
} as const;

export type RuleRange = keyof typeof RULE_ID_RANGES;

/**
 * Higher wins. Allowing cleartext outranks upgrading; the leak guard's rules outrank every
 * allow rule that keeps a request on http (a modifyHeaders rule needs a strictly higher
 * priority than it, or nothing is stripped), and blocking outranks stripping.
 */
export const RULE_PRIORITY = {
  /**
   * The static baseline: upgrade, and allow loopback and the local network. An allow rule
   * wins over an upgrade of the same priority, so both sit at 1.
   */
  UPGRADE: 1,
  BASELINE_ALLOW: 1,
  /**
   * Exceptions compiled to domain lists (which also match subdomains), and the local
   * network's upgrade when the user wants it (an exception's allow wins the tie).
   */
  ALLOW_CLEARTEXT: 2,
  UPGRADE_LOCAL_NETWORK: 2,
  /** Takes back the subdomains of an exact-host exception's domain list. */
  UPGRADE_BELOW_EXACT: 3,
  /** Precise exceptions: a host on one port, an IP address. */
  ALLOW_SCOPED: 4,
  STRIP_HEADERS: 5,
  /** Any cleartext URL carrying a credential (a few hosts excepted): see leak-rules.ts. */
  BLOCK_CREDENTIAL_URL: 6,
  /** Above the block: every named host without an exception is upgraded; loopback is left alone. */
  PAST_CREDENTIAL_BLOCK: 7,
  /** Session rules: this browser session's exceptions and a tab's "continue once", with their leak guard. */
  SESSION_ALLOW: 8,
  SESSION_STRIP_HEADERS: 9,
  SESSION_BLOCK_CREDENTIAL_URL: 10,
  /** A tab where the user paused protection: nothing is changed there. */
  PAUSED_TAB: 11,
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
