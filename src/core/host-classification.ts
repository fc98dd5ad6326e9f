import { parseUrl } from './url';

/**
 * Where a host lives, as far as upgrading is concerned.
 * - loopback: never leaves the machine (127/8, ::1, localhost and *.localhost).
 * - local: the local network (private and link-local ranges, .local, .home.arpa,
 *   .internal, single-label names). Not upgraded by default.
 * - special: a name that is not on the public web (SPECIAL_USE_SUFFIXES). Not upgraded
 *   by default.
 * - public: everything else. Upgraded.
 */
export type HostClass = 'loopback' | 'local' | 'special' | 'public';

/** Suffixes (with and without the leading label) reserved for local networks. */
export const LOCAL_SUFFIXES = ['local', 'home.arpa', 'internal'] as const;

/**
 * Names that are not on the public web: special-use top-level names (RFC 6761: test,
 * example, invalid; RFC 7686: onion; RFC 9476: alt) and I2P's. Tor and I2P already
 * encrypt their circuits, and no public CA issues certificates for any of them, so by
 * default they stay on http (their credentials guarded like any cleartext request's).
 */
export const SPECIAL_USE_SUFFIXES = ['onion', 'i2p', 'test', 'example', 'invalid', 'alt'] as const;

/**
 * Canonical form of a host as the URL parser writes it: lowercase, punycode for IDN,
 * IPv4 in dotted decimal, IPv6 in brackets, no trailing dot, no port.
 * Returns null when the input is not a host.
 */
export function normalizeHost(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === '' || /[/?#@\s]/.test(trimmed)) return null;
  const hostname = parseUrl(`http://${trimmed}/`)?.hostname ?? '';
  if (hostname === '') return null;
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}

function ipv4Octets(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function classifyIpv4([a, b]: number[]): HostClass {
  if (a === 127 || (a === 0 && b === 0)) return 'loopback';
  if (a === 10) return 'local';
  if (a === 172 && b !== undefined && b >= 16 && b <= 31) return 'local';
  if (a === 192 && b === 168) return 'local';
  if (a === 169 && b === 254) return 'local';
  return 'public';
}

function classifyIpv6(bracketed: string): HostClass {
  const addr = bracketed.slice(1, -1);
  if (addr === '::1' || addr === '::') return 'loopback';
  // IPv4-mapped loopback, as the URL parser writes it: ::ffff:7f00:1
  if (/^::ffff:7f[0-9a-f]{2}:/.test(addr)) return 'loopback';
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(addr);
  if (mapped?.[1] !== undefined) {
    const high = parseInt(mapped[1], 16);
    return classifyIpv4([high >> 8, high & 0xff]);
  }
  const first = parseInt(addr.split(':')[0] || '0', 16);
  if ((first & 0xfe00) === 0xfc00) return 'local'; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return 'local'; // fe80::/10 link-local
  return 'public';
}

/** Classifies a host (any spelling normalizeHost accepts). Unparseable input is public. */
export function classifyHost(input: string): HostClass {
  const host = normalizeHost(input);
  return host === null ? 'public' : classifyHostname(host);
}

/**
 * Classifies a host name as the URL parser already wrote it (a URL's `hostname`: lower
 * case, punycode, no port; a trailing dot allowed), without parsing it again: the
 * per-request path.
 */
export function classifyHostname(hostname: string): HostClass {
  const host = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (host === '') return 'public';
  if (host.startsWith('[')) return classifyIpv6(host);
  const octets = ipv4Octets(host);
  if (octets) return classifyIpv4(octets);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (!host.includes('.')) return 'local';
  if (endsWithAnyName(host, LOCAL_SUFFIXES)) return 'local';
  if (endsWithAnyName(host, SPECIAL_USE_SUFFIXES)) return 'special';
  return 'public';
}

/** Whether `host` is one of `names` or under one, without allocating (every request asks). */
function endsWithAnyName(host: string, names: readonly string[]): boolean {
  for (const name of names) {
    if (!host.endsWith(name)) continue;
    if (host.length === name.length || host.charCodeAt(host.length - name.length - 1) === 46 /* . */) return true;
  }
  return false;
}

/** Domain suffixes the rules leave on http for these settings: the local network's and the special-use names'. */
export function suffixesLeftOnHttp(settings: {
  upgradeLocalNetwork: boolean;
  upgradeSpecialUseNames: boolean;
}): string[] {
  return [
    ...(settings.upgradeLocalNetwork ? [] : LOCAL_SUFFIXES),
    ...(settings.upgradeSpecialUseNames ? [] : SPECIAL_USE_SUFFIXES),
  ];
}
