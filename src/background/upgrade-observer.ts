import type { WebRequest } from 'webextension-polyfill';
import { isSchemeUpgrade } from '../core/upgrade-detection';
import type { TabEvent } from '../core/tab-stats';
import { browser } from '../platform/extension-api';

const ALL_URLS: WebRequest.RequestFilter = { urls: ['<all_urls>'] };

/**
 * Observes (never blocks) what the declarative rules did. An upgrade shows up as an
 * internal redirect from the http(s)/ws(s) URL to its secure twin, with the same
 * requestId; the same listener sees Chrome's HSTS upgrades, which look identical.
 */
export function observeUpgrades(record: (event: TabEvent) => void): void {
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
    }
  }, ALL_URLS);
  // What left in cleartext (after the rules: an upgraded request never gets here as http).
  browser.webRequest.onSendHeaders.addListener((details) => record({ kind: 'cleartext', tabId: details.tabId }), {
    urls: ['http://*/*', 'ws://*/*'],
  });
  browser.tabs.onRemoved.addListener((tabId) => record({ kind: 'tab-closed', tabId }));
}
