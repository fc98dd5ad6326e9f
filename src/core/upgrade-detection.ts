import { parseUrl } from './url';

const UPGRADES: Record<string, string> = { 'http:': 'https:', 'ws:': 'wss:' };

/** The same URL with http/ws replaced by https/wss, or null for any other scheme. */
export function upgradedUrl(href: string): string | null {
  const url = parseUrl(href);
  const secure = url ? UPGRADES[url.protocol] : undefined;
  if (!url || !secure) return null;
  // Changing the scheme drops an explicit :443, as the browsers do when they upgrade.
  const upgraded = new URL(`${secure}${href.slice(url.protocol.length)}`);
  return upgraded.href;
}

/** Firefox reports a WebSocket handshake as http(s):// in some events and ws(s):// in others. */
function asHttpFamily(href: string): string {
  return href.replace(/^ws(s?):/i, 'http$1:');
}

/**
 * True when `to` is `from` upgraded to a secure scheme, as a browser's internal
 * redirect for a declarative upgradeScheme rule (or for HSTS) produces it.
 */
export function isSchemeUpgrade(from: string, to: string): boolean {
  // The usual case, without parsing: the very same address under the secure scheme.
  if (to.length === from.length + 1) {
    if (from.startsWith('http://') && to.startsWith('https://') && to.endsWith(from.slice(5))) return true;
    if (from.startsWith('ws://') && to.startsWith('wss://') && to.endsWith(from.slice(3))) return true;
  }
  const expected = upgradedUrl(asHttpFamily(from));
  if (expected === null) return false;
  const target = parseUrl(asHttpFamily(to));
  if (!target) return false;
  const wanted = new URL(expected);
  // Browsers keep an explicit port; an explicit :80 on http may become :80 on https.
  return (
    target.protocol === wanted.protocol &&
    target.hostname === wanted.hostname &&
    target.pathname === wanted.pathname &&
    target.search === wanted.search &&
    (target.port === wanted.port || (target.port === '' && wanted.port === '443'))
  );
}
