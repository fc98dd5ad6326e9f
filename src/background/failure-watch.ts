import { findUrlCredentials } from '../core/credentials/detect-url';
import { continueUrlOf, redactUrl } from '../core/credentials/redact';
import { MAX_UPGRADES_PER_NAVIGATION, classifyNavigationError, type FailureReason } from '../core/navigation-failure';
import { isCleartextRoute, routeOf } from '../core/policy';
import type { ExceptionRule } from '../core/settings';
import { isSchemeUpgrade, upgradedUrl } from '../core/upgrade-detection';
import {
  frameScripting,
  tabNavigator,
  webRequestEvents,
  type FrameScripting,
  type TabNavigator,
  type WebRequestEvents,
} from '../platform/extension-api';
import type { FailedNavigationsStore } from './failed-navigations';
import type { HttpsMemoryStore } from './https-memory-store';
import type { SettingsCache } from './settings-cache';

interface Pending {
  tabId: number;
  /** 0 for the top-level document; a frame's own id otherwise. */
  frameId: number;
  parentFrameId: number;
  /** The http URL the user asked for (it may carry a credential: memory only). */
  httpUrl: string;
  upgrades: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const DOCUMENTS = { urls: ['<all_urls>'], types: ['main_frame' as const, 'sub_frame' as const] };

/**
 * Runs in the failed frame's parent, in the extension's isolated world: sends the frame
 * that asked for `url` to the explanatory page. It navigates the frame's window rather
 * than writing the address into the page's own `src` attribute, where the page could
 * read the extension's (per-install) address. Returns how many frames it sent there.
 */
function replaceFrame(url: string, interstitial: string): number {
  let replaced = 0;
  for (const frame of document.querySelectorAll<HTMLIFrameElement>('iframe, frame')) {
    if (frame.src === url && frame.contentWindow) {
      frame.contentWindow.location.replace(interstitial);
      replaced++;
    }
  }
  return replaced;
}

/** How long the parent of a failed frame is asked to point it at the explanatory page (a busy machine needs seconds). */
const FRAME_TRY_FOR_MS = 10_000;
const MAX_REMEMBERED_TARGETS = 50;
const FRAME_RETRY_MS = 150;

/**
 * Watches upgraded navigations of pages and frames. When one fails (refused, reset, TLS
 * or certificate error, no answer in time, a downgrade loop), the tab (or the frame) goes
 * to the explanatory page instead of a dead end; nothing ever falls back to http.
 * A navigation that gets an answer marks its host as seen working over HTTPS.
 */
export function installFailureWatch(
  deps: {
    settings: Pick<SettingsCache, 'now' | 'ready'>;
    failed: Pick<FailedNavigationsStore, 'remember'>;
    httpsMemory: HttpsMemoryStore;
    interstitialUrl: string;
    /** This instance serves private windows only (Chrome's incognito instance). */
    privateInstance: boolean;
    /** The tab's own exceptions ("continue once", a portal), for telling whose upgrade failed. */
    tabExceptions(tabId: number): Promise<ExceptionRule[]>;
  },
  webRequest: Pick<
    WebRequestEvents,
    'onBeforeRedirect' | 'onResponseStarted' | 'onHeadersReceived' | 'onErrorOccurred'
  > = webRequestEvents,
  tabs: TabNavigator = tabNavigator,
  scripting: FrameScripting = frameScripting,
): { httpsTarget(nonce: string): string | null } {
  const pending = new Map<string, Pending>();
  /** The https address of each recent failure, by nonce (memory only: it may carry a credential). */
  const httpsTargets = new Map<string, string>();
  const rememberTarget = (nonce: string, httpUrl: string) => {
    const target = upgradedUrl(httpUrl);
    if (!target) return;
    httpsTargets.set(nonce, target);
    for (const oldest of httpsTargets.keys()) {
      if (httpsTargets.size <= MAX_REMEMBERED_TARGETS) break;
      httpsTargets.delete(oldest);
    }
  };

  const disarm = (entry: Pending) => {
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.timer = null;
  };

  async function fail(requestId: string, reason: FailureReason, error: string): Promise<void> {
    const entry = pending.get(requestId);
    if (!entry) return;
    pending.delete(requestId);
    disarm(entry);
    const settings = await deps.settings.ready();
    // An address the rules leave on http was upgraded by the browser's own HTTPS mode
    // (Firefox's HTTPS-Only, after "continue"): its own page explains that, and answering
    // it with ours again would go round in circles.
    const route = routeOf(entry.httpUrl, settings, Date.now(), await deps.tabExceptions(entry.tabId));
    if (isCleartextRoute(route.route)) return;
    const names = settings.secretParamNames;
    const findings = findUrlCredentials(entry.httpUrl, names);
    const host = new URL(entry.httpUrl).hostname;
    const nonce = crypto.randomUUID();
    await deps.failed.remember(entry.tabId, entry.frameId, {
      reason,
      error,
      host,
      url: redactUrl(entry.httpUrl, names, findings),
      continueUrl: continueUrlOf(entry.httpUrl, names),
      credentials: findings.map(({ kind, name }) => ({ kind, name })),
      suspicious: await deps.httpsMemory.knows(host),
      time: Date.now(),
      nonce,
    });
    const interstitial = `${deps.interstitialUrl}#failure=${nonce}`;
    if (entry.frameId === 0) {
      rememberTarget(nonce, entry.httpUrl);
      await tabs.update(entry.tabId, { url: interstitial }).catch(() => undefined);
      return;
    }
    // A frame cannot be redirected after the fact; its parent can point it elsewhere. The
    // parent may still be busy with the failed load: try again briefly until it takes.
    for (const until = Date.now() + FRAME_TRY_FOR_MS; Date.now() < until;) {
      const results = await scripting
        .executeScript({
          target: { tabId: entry.tabId, frameIds: [entry.parentFrameId] },
          func: replaceFrame,
          args: [entry.httpUrl, interstitial],
        })
        .catch(() => []);
      if (results.some((r) => typeof r.result === 'number' && r.result > 0)) return;
      await new Promise((resolve) => setTimeout(resolve, FRAME_RETRY_MS));
    }
  }

  function arm(requestId: string, entry: Pending): void {
    disarm(entry);
    const seconds = deps.settings.now()?.failureTimeoutSeconds ?? 5;
    entry.timer = setTimeout(() => void fail(requestId, 'timeout', `no answer within ${seconds} s`), seconds * 1000);
  }

  webRequest.onBeforeRedirect.addListener((details) => {
    if (details.tabId < 0) return;
    let entry = pending.get(details.requestId);
    const upgrade = isSchemeUpgrade(details.url, details.redirectUrl);
    // Chrome applies the upgrade to a server redirect's http:// target without an event of
    // its own, so an https -> http redirect of an upgraded navigation is a hop of the loop.
    const downgrade = entry !== undefined && /^(http|ws):/i.test(details.redirectUrl);
    if (!upgrade && !downgrade) {
      if (entry) disarm(entry); // the https server answered, with a redirect elsewhere
      return;
    }
    entry ??= {
      tabId: details.tabId,
      frameId: details.frameId,
      parentFrameId: details.parentFrameId,
      httpUrl: details.url,
      upgrades: 0,
      timer: null,
    };
    entry.upgrades++;
    pending.set(details.requestId, entry);
    if (entry.upgrades > MAX_UPGRADES_PER_NAVIGATION) {
      void fail(details.requestId, 'loop', `sent back to http ${entry.upgrades} times`);
    } else {
      arm(details.requestId, entry);
    }
  }, DOCUMENTS);

  /** The HTTPS memory keeps no host a private window visited. */
  const remember = (details: { url: string; incognito?: boolean }) => {
    if (!details.url.startsWith('https:') || details.incognito === true || deps.privateInstance) return;
    void deps.httpsMemory.remember(new URL(details.url).hostname);
  };

  webRequest.onResponseStarted.addListener((details) => {
    const entry = pending.get(details.requestId);
    if (!entry) return;
    pending.delete(details.requestId);
    disarm(entry);
    remember(details);
  }, DOCUMENTS);

  webRequest.onHeadersReceived.addListener(
    (details) => {
      const entry = pending.get(details.requestId);
      if (entry) disarm(entry); // the server answered in time
      const sts = details.responseHeaders?.some((h) => h.name.toLowerCase() === 'strict-transport-security');
      if (sts) remember(details);
      return undefined;
    },
    DOCUMENTS,
    ['responseHeaders'],
  );

  webRequest.onErrorOccurred.addListener((details) => {
    if (!pending.has(details.requestId)) return;
    const reason = classifyNavigationError(details.error);
    if (reason) void fail(details.requestId, reason, details.error);
    else {
      const entry = pending.get(details.requestId);
      if (entry) disarm(entry);
      pending.delete(details.requestId);
    }
  }, DOCUMENTS);

  return { httpsTarget: (nonce) => httpsTargets.get(nonce) ?? null };
}
