import { parse } from 'tldts';

/** The host is canonical already (core/host-pattern.ts): tldts need not extract nor check it. */
const LOOKUP = {
  allowPrivateDomains: true,
  extractHostname: false,
  validateHostname: false,
  detectIp: false,
  mixedInputs: false,
} as const;

/**
 * True when a canonical host (lowercase, punycode, no trailing dot) is itself a public
 * suffix by a rule of the Public Suffix List, ICANN or private section: "com", "co.uk",
 * "github.io". A name no rule lists ("lan", "corp") falls under the list's implicit "*"
 * rule and is not counted: only listed suffixes are somebody else's registry.
 */
export function isListedPublicSuffix(host: string): boolean {
  const result = parse(host, LOOKUP);
  return result.publicSuffix === host && (result.isIcann === true || result.isPrivate === true);
}
