import { findHeaderCredentials } from '../core/credentials/detect-headers';
import { findUrlCredentials } from '../core/credentials/detect-url';
import type { Finding } from '../core/credentials/findings';
import { COOKIE_HEADER, CREDENTIAL_HEADERS } from '../core/credentials/vocabulary';
import { INTERSTITIAL_PATH } from '../core/leak-rules';
import { isOwnPageUrl } from '../messaging/sender';
import { groupByAction, isCleartextRoute, type GuardAction } from '../core/policy';
import { createRecentMemo } from '../core/recent-memo';
import {
  CLEARTEXT_URLS,
  runtimeInfo,
  webRequestEvents,
  type WebRequest,
  type WebRequestEvents,
} from '../platform/extension-api';
import {
  recordGroups,
  withRequestContext,
  type LeakGuardDeps,
  type RequestContext,
  type RequestDetails,
  createRequestRoutes,
} from './leak-guard-deps';
import { bodyFindings } from './request-facts';

const LISTED_HEADERS = new Set([...CREDENTIAL_HEADERS, COOKIE_HEADER]);
const strippedByRules = (name: string) => LISTED_HEADERS.has(name.toLowerCase());

/**
 * Chrome: the declarative rules (core/leak-rules.ts) block and strip; webRequest only
 * observes, to record what they did and what got past them. What reaches the network
 * although the policy says block (a body, a secret only recognisable by its value) is
 * recorded as "passed": exposed, with the advice to rotate it.
 */
/** Requests that can carry a body, or are a page: what the body and navigation checks need to see. */
const BODY_OR_PAGE_TYPES: WebRequest.ResourceType[] = [
  'main_frame',
  'sub_frame',
  'xmlhttprequest',
  'ping',
  'other',
  'csp_report',
];

/** The webRequest events the observer watches. */
export type ChromeObserverEvents = Pick<
  WebRequestEvents,
  'onBeforeRequest' | 'onBeforeRedirect' | 'onErrorOccurred' | 'onBeforeSendHeaders'
>;

/** What the observer needs of the extension itself: the origins its own pages load under. */
export type ChromeObserverRuntime = Pick<typeof runtimeInfo, 'origins'>;

export function installChromeLeakObserver(
  deps: LeakGuardDeps,
  webRequest: ChromeObserverEvents = webRequestEvents,
  runtime: ChromeObserverRuntime = runtimeInfo,
): void {
  const isInterstitial = (url: string) => isOwnPageUrl(url, runtime.origins, INTERSTITIAL_PATH);

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

  // A request's events share its route and its URL's credentials: worked out once.
  const routeFor = createRequestRoutes();
  const urlCredentials = createRecentMemo<Finding[]>(512);
  const cleartext = (details: RequestDetails & { requestId: string }, context: RequestContext) => {
    const info = routeFor(details, context);
    return isCleartextRoute(info.route) ? info : null;
  };
  const credentialsIn = (details: RequestDetails & { requestId: string }, names: readonly string[]) =>
    urlCredentials(details.requestId, details.url, () => findUrlCredentials(details.url, names));

  /**
   * A page navigation with a credential in its address, per tab, until it is seen leaving
   * or sent to the explanatory page. When a server redirect leads to such an address,
   * Chrome applies the block rule's redirect without telling webRequest (no
   * onBeforeRedirect): the explanatory page's own request in that tab is then the sign.
   */
  const credentialNavigations = new Map<number, { details: RequestDetails; requestId: string }>();

  const blockedNavigation = (details: RequestDetails, secretNames: readonly string[]) => {
    credentialNavigations.delete(details.tabId);
    const findings = findUrlCredentials(details.url, secretNames);
    record(details, 'blocked', findings);
    void deps.blockedNavigations.remember(details.tabId, details.url, findings, secretNames);
  };

  webRequest.onBeforeRequest.addListener(
    observe((details: WebRequest.OnBeforeRequestDetailsType, context) => {
      const { settings } = context;
      if (details.type === 'main_frame') {
        const waiting = credentialNavigations.get(details.tabId);
        if (waiting && isInterstitial(details.url))
          return blockedNavigation(waiting.details, settings.secretParamNames);
      }
      const info = cleartext(details, context);
      if (info && details.type === 'main_frame' && credentialsIn(details, settings.secretParamNames).length > 0) {
        credentialNavigations.set(details.tabId, { details, requestId: details.requestId });
      }
      const body = info ? bodyFindings(details.requestBody) : [];
      if (!info || body.length === 0 || deps.passes.consume(details.tabId, details.url)) return;
      recordLeaving(details, groupByAction(body, info, settings));
    }),
    // Cleartext requests that can carry a body or be a page (images, scripts, styles,
    // fonts and media cannot; a credential in their address is the rules' to block), and
    // the explanatory page's own request (a blocked navigation's sign).
    { urls: [...CLEARTEXT_URLS, ...runtime.origins.map((o) => `${o}*`)], types: BODY_OR_PAGE_TYPES },
    ['requestBody'],
  );

  webRequest.onBeforeRedirect.addListener(
    observe((details: WebRequest.OnBeforeRedirectDetailsType, { settings }) => {
      if (isInterstitial(details.redirectUrl)) blockedNavigation(details, settings.secretParamNames);
    }),
    // Only a page is sent to the explanatory page.
    { urls: CLEARTEXT_URLS, types: ['main_frame'] },
  );

  webRequest.onErrorOccurred.addListener(
    observe((details: WebRequest.OnErrorOccurredDetailsType, { settings }) => {
      // The credential block holds for every cleartext URL (a public IP address's too, where
      // nothing upgrades it): what it stopped is recorded whatever the route.
      if (details.error !== 'net::ERR_BLOCKED_BY_CLIENT') return;
      record(details, 'blocked', findUrlCredentials(details.url, settings.secretParamNames));
    }),
    { urls: CLEARTEXT_URLS },
  );

  webRequest.onBeforeSendHeaders.addListener(
    observe((details: WebRequest.OnBeforeSendHeadersDetailsType, context) => {
      const { settings } = context;
      const info = cleartext(details, context);
      if (!info) return;
      if (credentialNavigations.get(details.tabId)?.requestId === details.requestId) {
        credentialNavigations.delete(details.tabId); // it is leaving: recorded below
      }
      // These are the headers before the declarative rules strip them. The rules strip by
      // name from a list: a credential under another name went out ("passed")
      // (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-ModifyHeaderInfo).
      const headers = groupByAction(findHeaderCredentials(details.requestHeaders ?? []), info, settings);
      const stripped = headers.get('stripped') ?? [];
      const unlisted = stripped.filter((f) => !strippedByRules(f.name));
      if (unlisted.length > 0) {
        headers.set(
          'stripped',
          stripped.filter((f) => strippedByRules(f.name)),
        );
        headers.set('passed', [...(headers.get('passed') ?? []), ...unlisted]);
      }
      recordGroups(deps, details, headers);
      recordLeaving(details, groupByAction(credentialsIn(details, settings.secretParamNames), info, settings));
    }),
    // extraHeaders (to see Cookie) on cleartext requests only: an https request pays nothing.
    // (Cookie needs extraHeaders: https://developer.chrome.com/docs/extensions/reference/api/webRequest)
    { urls: CLEARTEXT_URLS },
    ['requestHeaders', 'extraHeaders'] as WebRequest.OnBeforeSendHeadersOptions[],
  );
}
