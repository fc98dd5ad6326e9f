import type { PortalResult } from '../messaging/protocol';
import type { FailedNavigationsStore } from './failed-navigations';
import type { TabExceptionsStore } from './tab-exceptions-store';

/** How long a tab may follow a portal over http at most, if the network never opens. */
export const PORTAL_MINUTES = 15;

/**
 * Captive portals (hotel, airport, train Wi-Fi): until the user logs in, the network
 * answers every http address with a redirect to its login page and every https one with
 * its own certificate, so the upgrade fails on a certificate error.
 * - Recognising one: Firefox says so (captivePortal: "locked_portal", from its own
 *   detection: https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/captivePortal);
 *   Chrome has no such API, so the host that failed over HTTPS is asked for
 *   its root over http, once, without credentials: a portal redirects it (a site whose
 *   HTTPS is merely broken answers it).
 * - "Open the network's login page" (one click on the explanatory page): the tab follows
 *   the portal over http, every host there guarded like an exception, until the host that
 *   failed answers over HTTPS (checked after each page the tab loads; Firefox also says
 *   "unlocked_portal"), or PORTAL_MINUTES; then full protection resumes by itself.
 */
export function createCaptivePortal(deps: {
  failed: FailedNavigationsStore;
  tabExceptions: TabExceptionsStore;
  /** Brings the rules in line with the tab exceptions; resolves when they are in place. */
  applyRules(): Promise<void>;
  /** The cleartext root of a host: 'redirect' (a portal's sign), 'answer', or 'none'. */
  askCleartext(url: string): Promise<'redirect' | 'answer' | 'none'>;
  answersOverHttps(url: string): Promise<boolean>;
  /** Firefox's own view ("locked_portal"...), or null where the browser has none. */
  browserState(): Promise<string | null>;
}) {
  async function suspected(tabId: number, nonce: string): Promise<boolean> {
    const failure = await deps.failed.view(tabId, 0, nonce);
    if (!failure) return false;
    // Firefox watches for portals itself (and an extension's own http request is upgraded
    // there as mixed content from a secure page, so it could not ask): its word is final
    // (MV3's default CSP: https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Content_Security_Policy).
    const state = await deps.browserState();
    if (state !== null) return state === 'locked_portal';
    await deps.tabExceptions.setProbe(failure.host, true);
    await deps.applyRules();
    try {
      return (await deps.askCleartext(`http://${failure.host}/`)) === 'redirect';
    } finally {
      await deps.tabExceptions.setProbe(failure.host, false);
      await deps.applyRules();
    }
  }

  async function open(tabId: number, nonce: string): Promise<PortalResult> {
    const failure = await deps.failed.take(tabId, nonce);
    if (!failure) return { ok: false, error: 'no-failure' };
    const until = Date.now() + PORTAL_MINUTES * 60_000;
    await deps.tabExceptions.startPortal(tabId, failure.host, `https://${failure.host}/`, until);
    await deps.applyRules();
    return { ok: true, url: failure.continueUrl };
  }

  /** After a page loaded in a portal tab: is the network open yet? */
  async function check(tabId: number): Promise<void> {
    const portal = deps.tabExceptions.portalNow(tabId);
    if (!portal?.opensWith || !(await deps.answersOverHttps(portal.opensWith))) return;
    await end(tabId);
  }

  async function end(tabId: number): Promise<void> {
    if (await deps.tabExceptions.endPortal(tabId)) await deps.applyRules();
  }

  /** The browser says the network is open: every portal tab resumes full protection. */
  async function networkOpen(): Promise<void> {
    const tabs = (await deps.tabExceptions.list()).filter((e) => e.kind === 'portal').map((e) => e.tabId);
    for (const tabId of new Set(tabs)) await end(tabId);
  }

  /** A tab finished loading a page: when it follows a portal, is the network open yet? */
  function pageLoaded(tabId: number): void {
    if (tabId >= 0 && deps.tabExceptions.portalNow(tabId)) void check(tabId);
  }

  /** The browser's own view changed (Firefox): a portal unlocked, or none, means the network is open. */
  function browserStateChanged(state: string): void {
    if (state === 'unlocked_portal' || state === 'not_captive') void networkOpen();
  }

  return { suspected, open, check, networkOpen, pageLoaded, browserStateChanged };
}

export type CaptivePortalGuide = ReturnType<typeof createCaptivePortal>;
