import { normalizeHost } from './host-classification';

/**
 * An exception pattern: an exact host ("example.com") or a host and all its subdomains
 * ("*.example.com", which also covers example.com itself), on any port or on one port
 * ("example.com:8080").
 */
/**
 * Not a pattern a user can enter: the exception a captive portal's tab has for every
 * host (core/tab-exceptions.ts), understood by the policy and the leak rules.
 */
export const ANY_HOST = '*';

export interface HostPattern {
  kind: 'exact' | 'subdomains';
  /** Canonical: lowercase, punycode, IPv6 in brackets, no trailing dot. */
  host: string;
  port: number | null;
}

/** Why the text is not a pattern at all (parseHostPattern). */
export type PatternSyntaxErrorCode =
  'empty' | 'scheme' | 'path' | 'wildcard' | 'host' | 'port' | 'ip-wildcard' | 'too-long';

/**
 * Why a pattern was refused; each has a message in _locales ("patternError_<code>").
 * "public-suffix": a wildcard over a whole public suffix ("*.co.uk"), refused where a
 * pattern enters the settings (core/exception-pattern.ts), not by parseHostPattern.
 */
export type PatternErrorCode = PatternSyntaxErrorCode | 'public-suffix';

export type PatternParseResult<Code extends PatternErrorCode = PatternErrorCode> =
  { ok: true; pattern: HostPattern } | { ok: false; code: Code; error: string };

const ERRORS: Record<PatternSyntaxErrorCode, string> = {
  empty: 'empty pattern',
  scheme: 'a host was expected, not a URL (remove the scheme)',
  path: 'a host was expected, not a path (remove everything from the first "/")',
  wildcard: 'only a leading "*." wildcard is allowed',
  host: 'not a valid host name',
  port: 'the port must be a whole number from 1 to 65535',
  'ip-wildcard': 'an IP address has no subdomains',
  'too-long': 'longer than 253 characters',
};

function refuse(code: PatternSyntaxErrorCode): PatternParseResult<PatternSyntaxErrorCode> {
  return { ok: false, code, error: ERRORS[code] };
}

/** The refusal of a wildcard pattern whose host is a public suffix ("*.co.uk"). */
export function publicSuffixRefusal(pattern: HostPattern): PatternParseResult & { ok: false } {
  const error = `"${formatHostPattern(pattern)}" would turn the upgrade off for every site under the public suffix "${pattern.host}"`;
  return { ok: false, code: 'public-suffix', error };
}

/** Splits "host:port" (and "[v6]:port"); a bare IPv6 address has no port. */
function splitPort(text: string): { host: string; port: string | null } {
  const bracketed = /^(\[[^\]]*\])(?::(.*))?$/.exec(text);
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] ?? null };
  const colons = text.split(':').length - 1;
  if (colons === 1) {
    const at = text.indexOf(':');
    return { host: text.slice(0, at), port: text.slice(at + 1) };
  }
  // More than one colon: an IPv6 literal written without brackets.
  return { host: colons > 1 ? `[${text}]` : text, port: null };
}

/**
 * The common case, already canonical (lowercase ASCII names whose last label starts with a
 * letter, optional "*." and port): checked without the URL parser, which 100,000
 * exceptions read on every wake would otherwise pay for.
 */
const CANONICAL_NAME =
  /^(\*\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)(?::([1-9][0-9]{0,4}))?$/;

export function parseHostPattern(input: string): PatternParseResult<PatternSyntaxErrorCode> {
  const fast = input.length <= 253 ? CANONICAL_NAME.exec(input) : null;
  // Labels like "xn--..." need the URL parser's punycode check: they take the long way.
  const name = fast?.[2];
  if (name !== undefined && !/(?:^|\.)[a-z0-9]{2}--/.test(name) && Number(fast?.[3] ?? 0) <= 65535) {
    const port = fast?.[3] === undefined ? null : Number(fast[3]);
    return { ok: true, pattern: { kind: fast?.[1] ? 'subdomains' : 'exact', host: name, port } };
  }
  const trimmed = input.trim();
  if (trimmed === '') return refuse('empty');
  if (trimmed.length > 260) return refuse('too-long');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return refuse('scheme');
  if (/[/?#]/.test(trimmed)) return refuse('path');
  const wildcard = trimmed.startsWith('*.');
  const rest = wildcard ? trimmed.slice(2) : trimmed;
  if (rest.includes('*')) return refuse('wildcard');
  const { host: hostText, port: portText } = splitPort(rest);
  let port: number | null = null;
  if (portText !== null) {
    if (!/^[0-9]{1,5}$/.test(portText)) return refuse('port');
    port = Number(portText);
    if (port < 1 || port > 65535) return refuse('port');
  }
  const host = normalizeHost(hostText);
  if (host === null || host.includes(':') !== host.startsWith('[')) return refuse('host');
  if (host.length > 253) return refuse('too-long');
  if (wildcard && (host.startsWith('[') || /^[0-9.]+$/.test(host))) return refuse('ip-wildcard');
  return { ok: true, pattern: { kind: wildcard ? 'subdomains' : 'exact', host, port } };
}

export function formatHostPattern(pattern: HostPattern): string {
  const host = pattern.kind === 'subdomains' ? `*.${pattern.host}` : pattern.host;
  return pattern.port === null ? host : `${host}:${pattern.port}`;
}

/** True when the (normalised) host, on the given port, is covered by the pattern. */
export function patternMatchesHost(pattern: HostPattern, host: string, port: number | null = null): boolean {
  if (pattern.port !== null && pattern.port !== port) return false;
  if (pattern.kind === 'exact') return host === pattern.host;
  return host === pattern.host || host.endsWith(`.${pattern.host}`);
}
