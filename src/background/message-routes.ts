import type { HistoryRecord } from '../core/history-record';
import { createRateLimiter } from '../core/rate-limit';
import type { Settings } from '../core/settings';
import { pausedTabs } from '../core/tab-exceptions';
import type { TabStats } from '../core/tab-stats';
import type { BlockedNavigationView, GuardStatus } from '../messaging/protocol';
import type { CaptivePortalGuide } from './captive-portal';
import { continueOverHttp } from './continue-over-http';
import type { FailedNavigationsStore } from './failed-navigations';
import type { GuardEvent } from './guard-recorder';
import { answersOverHttps } from './host-probe';
import { retryHttps } from './https-retry';
import type { MessageHandlerDeps } from './message-handler';
import { createPageActions } from './page-actions';
import type { PrivateExceptions } from './private-session';
import type { SettingsStore } from './settings-store';
import type { TabExceptionsStore } from './tab-exceptions-store';

/** How long the popup's "works over HTTPS now?" question may wait for the site. */
export const HTTPS_NOW_CHECK_MS = 3_000;
const PAGE_CLAIMS_PER_MINUTE = 30;

/** The page's own claims a tab may add to the history, across its frames and reloads. */
export function createPageClaims(now?: () => number) {
  return createRateLimiter<number>(PAGE_CLAIMS_PER_MINUTE, 60_000, now);
}

interface HistoryView {
  latest(limit: number): Promise<HistoryRecord[]>;
  clear(): Promise<void>;
}

/** What of the browser's tabs the answers need (`browser.tabs`). */
export interface TabsApi {
  get(tabId: number): Promise<{ url?: string; incognito?: boolean }>;
  update(tabId: number, properties: { url: string }): Promise<unknown>;
}

/** The background's stores and guides, as the answers to messages use them. */
export interface MessageRouteParts {
  extension: { id: string; origins: readonly string[] };
  status(): Promise<GuardStatus>;
  store: SettingsStore;
  settings: { ready(): Promise<Settings> };
  tabExceptions: TabExceptionsStore;
  tabStats: { get(tabId: number): Promise<TabStats | null> };
  history: HistoryView;
  privateHistory: HistoryView;
  privateExceptions: PrivateExceptions;
  httpsMemory: { knows(host: string): Promise<boolean> };
  blockedNavigations: { get(tabId: number): Promise<BlockedNavigationView | null> };
  failedNavigations: FailedNavigationsStore;
  portal: Pick<CaptivePortalGuide, 'suspected' | 'open'>;
  /** The failure watch's https address for a failure, while this background knows it. */
  httpsTarget(nonce: string): string | null;
  tabs: TabsApi;
  /** Re-reads the settings and brings the rules in line; resolves when they are in place. */
  applied(): Promise<void>;
  recorder: { record(event: GuardEvent): void };
  passes: { grant(tabId: number, url: string): void };
  pageClaims: { take(tabId: number): boolean };
}

/** The handlers the answers hand their requests to (tests put their own in). */
export const MESSAGE_ROUTE_HANDLERS = { answersOverHttps, retryHttps, continueOverHttp, createPageActions };

/**
 * What the message handler (message-handler.ts) answers with: each question routed to the
 * store or guide that knows, with the request's own dependencies.
 */
export function createMessageRoutes(
  parts: MessageRouteParts,
  handlers: typeof MESSAGE_ROUTE_HANDLERS = MESSAGE_ROUTE_HANDLERS,
): MessageHandlerDeps {
  const tab = (tabId: number) => parts.tabs.get(tabId).catch(() => null);
  return {
    extensionId: parts.extension.id,
    extensionOrigins: parts.extension.origins,
    status: parts.status,
    tabStats: (tabId) => parts.tabStats.get(tabId),
    history: (limit, privateSession) => (privateSession ? parts.privateHistory : parts.history).latest(limit),
    clearHistory: (privateSession) => (privateSession ? parts.privateHistory : parts.history).clear(),
    actions: handlers.createPageActions({
      store: parts.store,
      tabExceptions: parts.tabExceptions,
      tabStats: (tabId) => parts.tabStats.get(tabId),
      tabUrl: async (tabId) => (await tab(tabId))?.url ?? null,
      tabIsPrivate: async (tabId) => (await tab(tabId))?.incognito === true,
      privateExceptions: parts.privateExceptions,
      worksOverHttps: async (host) =>
        (await parts.httpsMemory.knows(host)) || handlers.answersOverHttps(`https://${host}/`, HTTPS_NOW_CHECK_MS),
      applied: parts.applied,
    }),
    blockedNavigation: (tabId) => parts.blockedNavigations.get(tabId),
    failedNavigation: (tabId, frameId, nonce) => parts.failedNavigations.view(tabId, frameId, nonce),
    portal: parts.portal,
    retryHttps: (request) =>
      handlers.retryHttps(request, {
        failed: parts.failedNavigations,
        httpsTarget: parts.httpsTarget,
        answers: (url) => handlers.answersOverHttps(url),
        navigate: async (tabId, url) => void (await parts.tabs.update(tabId, { url })),
      }),
    continueOverHttp: (request) =>
      handlers.continueOverHttp(request, {
        failed: parts.failedNavigations,
        tabExceptions: parts.tabExceptions,
        store: parts.store,
        settings: () => parts.settings.ready(),
        applyRules: parts.applied,
        privateExceptions: parts.privateExceptions,
      }),
    settings: () => parts.settings.ready(),
    tabContext: async (tabId) => ({
      tabExceptions: await parts.tabExceptions.forTab(tabId),
      paused: pausedTabs(await parts.tabExceptions.list()).includes(tabId),
    }),
    record: (event) => parts.recorder.record(event),
    grantPass: (tabId, url) => parts.passes.grant(tabId, url),
    allowPageClaim: (tabId) => parts.pageClaims.take(tabId),
  };
}
