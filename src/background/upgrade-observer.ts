import type { WebRequest } from 'webextension-polyfill';
import { classifyNavigationError } from '../core/navigation-failure';
import { isSchemeUpgrade } from '../core/upgrade-detection';
import type { TabEvent } from '../core/tab-stats';
import { browser } from '../platform/extension-api';

const ALL_URLS: WebRequest.RequestFilter = { urls: ['<all_urls>'] };
const MAX_PENDING = 2000;

/**
 * Observes (never blocks) what the declarative rules did. An upgrade shows up as an
 * internal redirect from the http(s)/ws(s) URL to its secure twin, with the same
 * requestId; the same listener sees Chrome's HSTS upgrades, which look identical.
 */
export function observeUpgrades(record: (event: TabEvent) => void): void {
  /** Upgraded subresources not yet answered, by requestId (memory only; bounded). */
  const pending = new Map<string, { tabId: number; host: string }>();
  browser.webRequest.onBeforeRequest.addListener(
    (details) => {
      record({ kind: 'navigation-start', tabId: details.tabId, requestId: details.requestId });
      return undefined;
    },
    { urls: ['<all_urls>'], types: ['main_frame'] },
  );
  browser.webRequest.onBeforeRedirect.addListener((details) => {
    if (isSchemeUpgrade(details.url, details.redirectUrl)) {
      record({ kind: 'upgraded', tabId: details.tabId, mainFrame: details.type === 'main_frame' });
      // Pages and frames have the failure watch (and the explanatory page) of their own.
      if (details.tabId >= 0 && details.type !== 'main_frame' && details.type !== 'sub_frame') {
        pending.set(details.requestId, { tabId: details.tabId, host: new URL(details.url).hostname });
        if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as string);
      }
    }
  }, ALL_URLS);
  // An upgraded subresource that failed over HTTPS (an image CDN without it, a default
  // certificate, a non-443 port): counted and listed for its tab, never called an upgrade.
  browser.webRequest.onErrorOccurred.addListener((details) => {
    const upgraded = pending.get(details.requestId);
    if (!upgraded) return;
    pending.delete(details.requestId);
    const reason = classifyNavigationError(details.error);
    if (reason) record({ kind: 'upgrade-failed', tabId: upgraded.tabId, host: upgraded.host, reason });
  }, ALL_URLS);
  browser.webRequest.onResponseStarted.addListener((details) => void pending.delete(details.requestId), {
    urls: ['https://*/*', 'wss://*/*'],
  });
  // What left in cleartext (after the rules: an upgraded request never gets here as http).
  browser.webRequest.onSendHeaders.addListener((details) => record({ kind: 'cleartext', tabId: details.tabId }), {
    urls: ['http://*/*', 'ws://*/*'],
  });
  browser.tabs.onRemoved.addListener((tabId) => record({ kind: 'tab-closed', tabId }));
}
