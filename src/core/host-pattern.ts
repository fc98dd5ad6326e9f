import { normalizeHost } from './host-classification';

/**
 * An exception pattern: an exact host ("example.com") or a host and all its
 * subdomains ("*.example.com", which also covers example.com itself).
 */
export type HostPattern = { kind: 'exact'; host: string } | { kind: 'subdomains'; host: string };

export type PatternParseResult = { ok: true; pattern: HostPattern } | { ok: false; error: string };

export function parseHostPattern(input: string): PatternParseResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, error: 'empty pattern' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return { ok: false, error: 'a host was expected, not a URL (remove the scheme)' };
  }
  const wildcard = trimmed.startsWith('*.');
  const rest = wildcard ? trimmed.slice(2) : trimmed;
  if (rest.includes('*')) return { ok: false, error: 'only a leading "*." wildcard is allowed' };
  const host = normalizeHost(rest);
  if (host === null) return { ok: false, error: `"${rest}" is not a valid host name` };
  if (wildcard && (host.startsWith('[') || /^[0-9.]+$/.test(host))) {
    return { ok: false, error: 'an IP address has no subdomains' };
  }
  return { ok: true, pattern: { kind: wildcard ? 'subdomains' : 'exact', host } };
}

export function formatHostPattern(pattern: HostPattern): string {
  return pattern.kind === 'subdomains' ? `*.${pattern.host}` : pattern.host;
}

/** True when the (normalised) host is covered by the pattern. */
export function patternMatchesHost(pattern: HostPattern, host: string): boolean {
  if (pattern.kind === 'exact') return host === pattern.host;
  return host === pattern.host || host.endsWith(`.${pattern.host}`);
}
