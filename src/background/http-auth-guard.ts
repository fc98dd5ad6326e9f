import type { Finding } from '../core/credentials/findings';
import { actionFor, routeOf } from '../core/policy';
import {
  tabNavigator,
  webRequestEvents,
  type TabNavigator,
  type WebRequest,
  type WebRequestEvents,
} from '../platform/extension-api';
import { recordGroups, withRequestContext, type LeakGuardDeps } from './leak-guard-deps';

/** What the history and the explanatory page say about an HTTP login the guard refused. */
export const HTTP_AUTH_FINDING: Finding = {
  kind: 'header',
  name: 'Authorization (HTTP authentication)',
  shape: null,
  value: '',
};

type AuthDetails = WebRequest.OnAuthRequiredDetailsType;
type AuthAnswer = WebRequest.BlockingResponse;

/**
 * HTTP authentication (Basic, Digest...) asked for by a cleartext host the policy guards:
 * the browser's own login prompt would send the password in cleartext, and its cached
 * Authorization header would ride on every later request, where no declarative rule can
 * strip it (the network stack adds it after the rules ran). The challenge is cancelled
 * before any prompt, recorded, and a page navigation is taken to the explanatory page.
 * Where the policy lets credentials through (warn, an exception that allows them), the
 * browser asks as usual. A proxy's challenge is the proxy's business.
 */
export function installHttpAuthGuard(
  deps: LeakGuardDeps & { interstitialUrl: string },
  webRequest: Pick<WebRequestEvents, 'onAuthRequired'> = webRequestEvents,
  tabs: TabNavigator = tabNavigator,
): void {
  const decide = withRequestContext(deps, (details: AuthDetails, { settings, tabExceptions, site }): AuthAnswer => {
    if (details.isProxy) return {};
    const action = actionFor(routeOf(details.url, settings, Date.now(), tabExceptions, site), 'header', settings);
    if (action !== 'stripped' && action !== 'blocked') return {};
    recordGroups(deps, details, new Map([['blocked', [HTTP_AUTH_FINDING]]]));
    if (details.type === 'main_frame' && details.tabId >= 0) {
      void deps.blockedNavigations
        .remember(details.tabId, details.url, [HTTP_AUTH_FINDING], settings.secretParamNames, 'http-auth')
        .then(() => tabs.update(details.tabId, { url: deps.interstitialUrl }))
        .catch(() => undefined);
    }
    return { cancel: true };
  });
  const filter = { urls: ['http://*/*'] };
  if (__BROWSER__ === 'firefox') {
    webRequest.onAuthRequired.addListener(decide, filter, ['blocking']);
  } else {
    // Chrome MV3 answers a challenge only asynchronously (webRequestAuthProvider permission:
    // https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/webRequest/onAuthRequired).
    type AsyncListener = (details: AuthDetails, answer: (response: AuthAnswer) => void) => void;
    const onAuthRequired = webRequest.onAuthRequired as unknown as {
      addListener(listener: AsyncListener, filter: object, extra: string[]): void;
    };
    onAuthRequired.addListener(
      (details, answer) => void Promise.resolve(decide(details)).then(answer, () => answer({})),
      filter,
      ['asyncBlocking'],
    );
  }
}
