import { findHeaderCredentials } from '../core/credentials/detect-headers';
import { findUrlCredentials } from '../core/credentials/detect-url';
import { INTERSTITIAL_PATH } from '../core/leak-rules';
import { groupByAction, isCleartextRoute } from '../core/policy';
import {
  CLEARTEXT_URLS,
  runtimeInfo,
  webRequestEvents,
  type WebRequest,
  type WebRequestEvents,
} from '../platform/extension-api';
import { createRequestRoutes, recordGroups, withRequestContext, type LeakGuardDeps } from './leak-guard-deps';
import { bodyFindings } from './request-facts';

type BlockingResponse = WebRequest.BlockingResponse;

/** The webRequest events the guard blocks on. */
export type FirefoxGuardEvents = Pick<WebRequestEvents, 'onBeforeRequest' | 'onBeforeSendHeaders'>;

/** What the guard needs of the extension itself: the explanatory page's address. */
export type FirefoxGuardRuntime = Pick<typeof runtimeInfo, 'getURL'>;

/**
 * Firefox: blocking webRequest sees every request (bodies included) and decides itself:
 * cleartext URLs and bodies carrying credentials are cancelled (a navigation goes to the
 * explanatory page), credential headers are removed. Listeners wake the event page, so
 * the guard holds while it sleeps.
 */
export function installFirefoxLeakGuard(
  deps: LeakGuardDeps,
  webRequest: FirefoxGuardEvents = webRequestEvents,
  runtime: FirefoxGuardRuntime = runtimeInfo,
): void {
  const routeFor = createRequestRoutes();
  webRequest.onBeforeRequest.addListener(
    withRequestContext(deps, (details: WebRequest.OnBeforeRequestDetailsType, context): BlockingResponse => {
      const { settings } = context;
      const info = routeFor(details, context);
      if (!isCleartextRoute(info.route)) return {};
      let body = bodyFindings(details.requestBody);
      if (body.length > 0 && deps.passes.consume(details.tabId, details.url)) body = []; // recorded on confirmation
      const groups = groupByAction(
        [...findUrlCredentials(details.url, settings.secretParamNames), ...body],
        info,
        settings,
      );
      // A password that reaches the network without the user's confirmation is blocked.
      const blocked = [...(groups.get('blocked') ?? []), ...(groups.get('held') ?? [])];
      groups.delete('held');
      if (blocked.length > 0) groups.set('blocked', blocked);
      recordGroups(deps, details, groups);
      if (blocked.length === 0) return {};
      if (details.type === 'main_frame') {
        void deps.blockedNavigations.remember(details.tabId, details.url, blocked, settings.secretParamNames);
        return { redirectUrl: runtime.getURL(INTERSTITIAL_PATH) };
      }
      return { cancel: true };
    }),
    { urls: CLEARTEXT_URLS },
    ['blocking', 'requestBody'],
  );

  webRequest.onBeforeSendHeaders.addListener(
    withRequestContext(deps, (details: WebRequest.OnBeforeSendHeadersDetailsType, context): BlockingResponse => {
      const { settings } = context;
      const info = routeFor(details, context);
      if (!isCleartextRoute(info.route) || !details.requestHeaders) return {};
      const groups = groupByAction(findHeaderCredentials(details.requestHeaders), info, settings);
      recordGroups(deps, details, groups);
      const stripped = new Set((groups.get('stripped') ?? []).map((f) => f.name.toLowerCase()));
      if (stripped.size === 0) return {};
      return { requestHeaders: details.requestHeaders.filter((h) => !stripped.has(h.name.toLowerCase())) };
    }),
    { urls: CLEARTEXT_URLS },
    ['blocking', 'requestHeaders'],
  );
}
