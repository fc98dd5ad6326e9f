import { classifyHost } from './host-classification';
import { upgradedUrl } from './upgrade-detection';

/**
 * Decides, inside a page, what a `new WebSocket(url)` should connect to. Chrome's
 * declarative rules cannot upgrade websockets, so the page script asks this first.
 *
 * - Loopback and local-network targets keep ws:// (the declarative rules decide).
 * - A page that is itself on http:// was allowed cleartext (exception or local network),
 *   so a ws:// back to its own host keeps ws:// too; the declarative allow or block rule
 *   for that host has the last word.
 * - Everything else becomes wss://.
 * Returns the URL to use, or null to leave the argument as it is.
 */
export function websocketTarget(target: string, pageUrl: string, upgradeLocalNetwork: boolean): string | null {
  let url: URL;
  try {
    url = new URL(target, pageUrl);
  } catch {
    return null; // let the WebSocket constructor throw its own SyntaxError
  }
  // WebSocket accepts http(s) URLs and maps them to ws(s).
  if (url.protocol === 'http:') url = new URL(`ws:${url.href.slice('http:'.length)}`);
  if (url.protocol !== 'ws:') return null;
  const hostClass = classifyHost(url.hostname);
  if (hostClass === 'loopback' || (hostClass === 'local' && !upgradeLocalNetwork)) return null;
  const page = new URL(pageUrl);
  if (page.protocol === 'http:' && page.hostname === url.hostname) return null;
  return upgradedUrl(url.href);
}
