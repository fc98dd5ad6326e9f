/** URL parsing that never throws: for addresses that come from pages and browsers. */
export function parseUrl(href: string, base?: string): URL | null {
  try {
    return new URL(href, base);
  } catch {
    return null;
  }
}

/** The host name of an address, or "" when there is none. */
export function hostnameOf(href: string | undefined): string {
  return (href === undefined ? null : parseUrl(href))?.hostname ?? '';
}

export interface CleartextAddress {
  scheme: 'http:' | 'ws:';
  /** As `URL.hostname` gives it. */
  hostname: string;
  /** The port written in the address, null when none (or the scheme's default). */
  port: number | null;
}

const PLAIN_HOST_CHARS = /^[a-z0-9.-]+$/;
/** A last label the URL standard reads as a number (then the host is an IPv4 address to normalise). */
const NUMERIC_LABEL = /^(?:0x[0-9a-f]*|[0-9]+)$/;

/**
 * The scheme, host name and port of an http:// or ws:// address, read off the string when
 * it is already in the form the URL parser would give (browsers hand listeners such
 * addresses): a lowercase name of letters, digits, dots and dashes, not ending in a
 * number or a dot, no punycode, an optional port of digits, no user info. Anything else is parsed by
 * `URL`, so the answer is always the parser's; null when it is not such an address.
 */
export function cleartextAddressOf(href: string): CleartextAddress | null {
  const scheme = href.startsWith('http://') ? 'http:' : href.startsWith('ws://') ? 'ws:' : null;
  if (scheme !== null) {
    const start = scheme.length + 2;
    let end = start;
    while (end < href.length) {
      const c = href.charCodeAt(end);
      if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
      end++;
    }
    const authority = href.slice(start, end);
    const colon = authority.indexOf(':');
    const hostname = colon === -1 ? authority : authority.slice(0, colon);
    const portText = colon === -1 ? '' : authority.slice(colon + 1);
    const lastLabel = hostname.slice(hostname.lastIndexOf('.') + 1);
    if (
      PLAIN_HOST_CHARS.test(hostname) &&
      !hostname.includes('xn--') && // punycode the parser would check
      lastLabel !== '' &&
      !NUMERIC_LABEL.test(lastLabel) &&
      /^[0-9]{0,5}$/.test(portText) &&
      Number(portText) <= 65_535
    ) {
      const port = portText === '' || Number(portText) === 80 ? null : Number(portText);
      return { scheme, hostname, port };
    }
  }
  const url = parseUrl(href);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'ws:')) return null;
  return { scheme: url.protocol, hostname: url.hostname, port: url.port === '' ? null : Number(url.port) };
}
