import { classifyHost } from './host-classification';
import { upgradedUrl } from './upgrade-detection';
import { parseUrl } from './url';

/**
 * Decisions the page-world guard (Chrome) takes inside a page, synchronously and without
 * the settings (the page's world cannot read them). What it knows: loopback and the local
 * network keep their scheme; a page that is itself on http:// was allowed cleartext (an
 * exception or the local network), so its own host is a cleartext host; any other http://
 * target would be upgraded by the declarative rules anyway, so upgrading it here changes
 * nothing but closes the gap for requests the rules cannot see into.
 */
export type SendDecision = 'as-is' | 'upgrade' | 'cleartext-host';

export function sendDecision(target: URL, pageUrl: string): SendDecision {
  if (target.protocol !== 'http:' && target.protocol !== 'ws:') return 'as-is';
  const hostClass = classifyHost(target.hostname);
  if (hostClass !== 'public') return 'as-is';
  const page = parseUrl(pageUrl);
  if (page?.protocol === 'http:' && page.hostname === target.hostname) return 'cleartext-host';
  return 'upgrade';
}

/**
 * What a `new WebSocket(url)` should connect to: the wss:// twin, or null to leave the
 * argument as it is (the declarative rules have the last word).
 */
export function websocketTarget(target: string, pageUrl: string): string | null {
  let url = parseUrl(target, pageUrl);
  if (!url) return null; // let the WebSocket constructor throw its own SyntaxError
  // WebSocket accepts http(s) URLs and maps them to ws(s).
  if (url.protocol === 'http:') url = new URL(`ws:${url.href.slice('http:'.length)}`);
  return sendDecision(url, pageUrl) === 'upgrade' ? upgradedUrl(url.href) : null;
}

/** The URL a request body should go to, or null when it must not be sent (see sendDecision). */
export function bodyTarget(target: string, pageUrl: string): { url: string } | null {
  const url = parseUrl(target, pageUrl);
  if (!url) return { url: target };
  switch (sendDecision(url, pageUrl)) {
    case 'as-is':
      return { url: target };
    case 'upgrade':
      return { url: upgradedUrl(url.href) ?? target };
    case 'cleartext-host':
      return null;
  }
}
