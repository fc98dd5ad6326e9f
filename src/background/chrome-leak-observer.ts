import type { WebRequest } from 'webextension-polyfill';
import { findHeaderCredentials } from '../core/credentials/detect-headers';
import { findUrlCredentials } from '../core/credentials/detect-url';
import type { Finding } from '../core/credentials/findings';
import { INTERSTITIAL_PATH } from '../core/leak-rules';
import { groupByAction, isCleartextRoute, routeOf, type GuardAction } from '../core/policy';
import { browser, runtimeInfo } from '../platform/extension-api';
import {
  recordGroups,
  withRequestContext,
  type LeakGuardDeps,
  type RequestContext,
  type RequestDetails,
} from './leak-guard-deps';
import { bodyFindings } from './request-facts';

/**
 * Chrome: the declarative rules (core/leak-rules.ts) block and strip; webRequest only
 * observes, to record what they did and what got past them. What reaches the network
 * although the policy says block (a body, a secret only recognisable by its value) is
 * recorded as "passed": exposed, with the advice to rotate it.
 */
export function installChromeLeakObserver(deps: LeakGuardDeps): void {
  const interstitialUrl = runtimeInfo.getURL(INTERSTITIAL_PATH);

  function observe<D extends RequestDetails>(handle: (details: D, context: RequestContext) => void) {
    const run = withRequestContext(deps, handle);
    return (details: D): undefined => {
      void run(details);
      return undefined;
    };
  }

  const record = (details: RequestDetails, action: GuardAction, findings: Finding[]) =>
    recordGroups(deps, details, new Map([[action, findings]]));

  /** Records findings of a request that is leaving: what the policy wanted blocked got past. */
  const recordLeaving = (details: RequestDetails, groups: Map<GuardAction, Finding[]>) =>
    recordGroups(deps, details, groups, (action) => (action === 'blocked' || action === 'held' ? 'passed' : action));

  const cleartext = (url: string, { settings, tabExceptions }: RequestContext) => {
    const info = routeOf(url, settings, Date.now(), tabExceptions);
    return isCleartextRoute(info.route) ? info : null;
  };

  browser.webRequest.onBeforeRequest.addListener(
    observe((details: WebRequest.OnBeforeRequestDetailsType, context) => {
      const { settings } = context;
      const info = cleartext(details.url, context);
      const body = info ? bodyFindings(details.requestBody) : [];
      if (!info || body.length === 0 || deps.passes.consume(details.tabId, details.url)) return;
      recordLeaving(details, groupByAction(body, info, settings));
    }),
    { urls: ['<all_urls>'] },
    ['requestBody'],
  );

  browser.webRequest.onBeforeRedirect.addListener(
    observe((details: WebRequest.OnBeforeRedirectDetailsType, { settings }) => {
      if (!details.redirectUrl.startsWith(interstitialUrl)) return;
      const findings = findUrlCredentials(details.url, settings.secretParamNames);
      record(details, 'blocked', findings);
      void deps.blockedNavigations.remember(details.tabId, details.url, findings);
    }),
    { urls: ['<all_urls>'] },
  );

  browser.webRequest.onErrorOccurred.addListener(
    observe((details: WebRequest.OnErrorOccurredDetailsType, context) => {
      const { settings } = context;
      if (details.error !== 'net::ERR_BLOCKED_BY_CLIENT' || !cleartext(details.url, context)) return;
      record(details, 'blocked', findUrlCredentials(details.url, settings.secretParamNames));
    }),
    { urls: ['<all_urls>'] },
  );

  browser.webRequest.onBeforeSendHeaders.addListener(
    observe((details: WebRequest.OnBeforeSendHeadersDetailsType, context) => {
      const { settings } = context;
      const info = cleartext(details.url, context);
      if (!info) return;
      // These are the headers before the declarative rules strip them.
      recordGroups(deps, details, groupByAction(findHeaderCredentials(details.requestHeaders ?? []), info, settings));
      recordLeaving(details, groupByAction(findUrlCredentials(details.url, settings.secretParamNames), info, settings));
    }),
    { urls: ['<all_urls>'] },
    ['requestHeaders', 'extraHeaders'] as WebRequest.OnBeforeSendHeadersOptions[],
  );
}
