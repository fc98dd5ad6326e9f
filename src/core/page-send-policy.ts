import { classifyHost } from './host-classification';
import { upgradedUrl } from './upgrade-detection';
import { parseUrl } from './url';

/**
 * Decisions the page-world guard (Chrome) takes inside a page, synchronously and without
 * the settings (the page's world cannot read them). What it knows: loopback keeps its
 * scheme; the local network does too, and its credentials are stopped when the isolated
 * script said the policy guards it (`guardLocal`); a page that is itself on http:// was
 * allowed cleartext (an exception or the local network), so its own host is a cleartext
 * host; any other http:// target would be upgraded by the declarative rules anyway, so
 * upgrading it here changes nothing but closes the gap for requests the rules cannot see
 * into (a body to another excepted host goes over https or fails, never in cleartext).
 */
export type SendDecision = 'as-is' | 'upgrade' | 'cleartext-host';

export interface SendPolicy {
  /** The local network's credentials are stopped (strict mode, or its policy). */
  guardLocal?: boolean;
  /** Names that are not on the public web are upgraded (the user's choice). */
  upgradeSpecial?: boolean;
}

export function sendDecision(target: URL, pageUrl: string, policy: SendPolicy = {}): SendDecision {
  if (target.protocol !== 'http:' && target.protocol !== 'ws:') return 'as-is';
  const hostClass = classifyHost(target.hostname);
  if (hostClass === 'loopback') return 'as-is';
  // The local network stays on http; its credentials are stopped only when the policy says so.
  if (hostClass === 'local') return policy.guardLocal ? 'cleartext-host' : 'as-is';
  // A name not on the public web stays on http, guarded like an exception's host.
  if (hostClass === 'special' && !policy.upgradeSpecial) return 'cleartext-host';
  const page = parseUrl(pageUrl);
  if (page?.protocol === 'http:' && page.hostname === target.hostname) return 'cleartext-host';
  return 'upgrade';
}

/**
 * What a `new WebSocket(url)` should connect to: the wss:// twin, or null to leave the
 * argument as it is (the declarative rules have the last word).
 */
export function websocketTarget(target: string, pageUrl: string, policy: SendPolicy = {}): string | null {
  let url = parseUrl(target, pageUrl);
  if (!url) return null; // let the WebSocket constructor throw its own SyntaxError
  // WebSocket accepts http(s) URLs and maps them to ws(s).
  if (url.protocol === 'http:') url = new URL(`ws:${url.href.slice('http:'.length)}`);
  return sendDecision(url, pageUrl, policy) === 'upgrade' ? upgradedUrl(url.href) : null;
}

/** The URL a request body should go to, or null when it must not be sent (see sendDecision). */
export function bodyTarget(target: string, pageUrl: string, policy: SendPolicy = {}): { url: string } | null {
  const url = parseUrl(target, pageUrl);
  if (!url) return { url: target };
  switch (sendDecision(url, pageUrl, policy)) {
    case 'as-is':
      return { url: target };
    case 'upgrade':
      return { url: upgradedUrl(url.href) ?? target };
    case 'cleartext-host':
      return null;
  }
}
