import { classifyNavigationError } from '../core/navigation-failure';
import { isSchemeUpgrade } from '../core/upgrade-detection';
import { createRecentMap } from '../core/recent-map';
import { hostnameOf } from '../core/url';
import type { TabEvent } from '../core/tab-stats';
import {
  CLEARTEXT_URLS,
  tabsEvents,
  webRequestEvents,
  type TabsEvents,
  type WebRequest,
  type WebRequestEvents,
} from '../platform/extension-api';

const CLEARTEXT: WebRequest.RequestFilter = { urls: CLEARTEXT_URLS };
/** Failures are seen on the https leg; an error event runs only when a request fails. */
const SECURE: WebRequest.RequestFilter = { urls: ['https://*/*', 'wss://*/*'] };
const MAX_PENDING = 2000;

/**
 * Observes (never blocks) what the declarative rules did. An upgrade shows up as an
 * internal redirect from the http(s)/ws(s) URL to its secure twin, with the same
 * requestId (https://developer.chrome.com/docs/extensions/reference/api/webRequest, "Request IDs");
 * the same listener sees Chrome's HSTS upgrades, which look identical.
 */
export function observeUpgrades(
  record: (event: TabEvent) => void,
  webRequest: Pick<
    WebRequestEvents,
    'onBeforeRequest' | 'onBeforeRedirect' | 'onErrorOccurred' | 'onSendHeaders'
  > = webRequestEvents,
  tabs: TabsEvents = tabsEvents,
): void {
  /** Upgraded subresources not yet answered, by requestId (memory only; bounded; the host is read on failure only). */
  const pending = createRecentMap<{ tabId: number; url: string }>(MAX_PENDING);
  webRequest.onBeforeRequest.addListener(
    (details) => {
      record({ kind: 'navigation-start', tabId: details.tabId, requestId: details.requestId });
      return undefined;
    },
    { urls: ['<all_urls>'], types: ['main_frame'] },
  );
  // Counted from the cleartext leg: the https one runs nothing of ours.
  webRequest.onBeforeRedirect.addListener((details) => {
    if (isSchemeUpgrade(details.url, details.redirectUrl)) {
      record({ kind: 'upgraded', tabId: details.tabId, mainFrame: details.type === 'main_frame' });
      // Pages and frames have the failure watch (and the explanatory page) of their own.
      if (details.tabId >= 0 && details.type !== 'main_frame' && details.type !== 'sub_frame') {
        pending.set(details.requestId, { tabId: details.tabId, url: details.url });
      }
    }
  }, CLEARTEXT);
  // An upgraded subresource that failed over HTTPS (an image CDN without it, a default
  // certificate, a non-443 port): counted and listed for its tab, never called an upgrade.
  webRequest.onErrorOccurred.addListener((details) => {
    const upgraded = pending.take(details.requestId);
    if (!upgraded) return;
    const reason = classifyNavigationError(details.error);
    const host = hostnameOf(upgraded.url);
    if (reason) record({ kind: 'upgrade-failed', tabId: upgraded.tabId, host, reason });
  }, SECURE);
  // No listener on a successful https response: an upgraded request that went well is
  // forgotten when the bounded map makes room.
  // What left in cleartext (after the rules: an upgraded request never gets here as http).
  webRequest.onSendHeaders.addListener((details) => record({ kind: 'cleartext', tabId: details.tabId }), CLEARTEXT);
  tabs.onRemoved.addListener((tabId) => record({ kind: 'tab-closed', tabId }));
}
