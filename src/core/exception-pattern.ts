import { classifyHost } from './host-classification';
import { parseHostPattern, publicSuffixRefusal, type HostPattern, type PatternParseResult } from './host-pattern';
import { isListedPublicSuffix } from './public-suffix';

/**
 * The public suffix a wildcard exception would turn the upgrade off for as a whole
 * ("*.co.uk" -> "co.uk", "*.github.io" -> "github.io"), or null when it covers no such
 * thing. Exact hosts are never refused: "github.io" or "s3.amazonaws.com" is one host,
 * and some are real sites. Nor are wildcards over names off the public web ("*.home.arpa",
 * listed as a suffix, is one home network's names: core/host-classification.ts).
 */
export function publicSuffixCoveredBy(pattern: HostPattern): string | null {
  if (pattern.kind !== 'subdomains' || !isListedPublicSuffix(pattern.host)) return null;
  return classifyHost(`a.${pattern.host}`) === 'public' ? pattern.host : null;
}

/**
 * A pattern as an exception may be: parseHostPattern, and no wildcard over a public
 * suffix. Every way into the settings (the options page, imports, stored settings, the
 * enterprise policy) reads patterns with this; the rules and the request path then parse
 * the already valid patterns with parseHostPattern alone, without a list lookup each.
 */
export function parseExceptionPattern(input: string): PatternParseResult {
  const result = parseHostPattern(input);
  if (result.ok && publicSuffixCoveredBy(result.pattern) !== null) return publicSuffixRefusal(result.pattern);
  return result;
}
