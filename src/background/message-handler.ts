import type { Finding } from '../core/credentials/findings';
import type { HistoryRecord } from '../core/history-record';
import {
  actionFor,
  isCleartextRoute,
  localNetworkGuarded,
  routeOf,
  settingsForTab,
  type GuardAction,
} from '../core/policy';
import type { ExceptionRule, Settings } from '../core/settings';
import type { TabStats } from '../core/tab-stats';
import { hostnameOf } from '../core/url';
import {
  parseContentMessage,
  parsePageMessage,
  type BlockedNavigationView,
  type ContentMessage,
  type ContinueResult,
  type FailedNavigationView,
  type GuardStatus,
  type ReportedCredential,
  type RetryResult,
} from '../messaging/protocol';
import { isContentScriptSender, isExtensionPageSender } from '../messaging/sender';
import type { Runtime } from '../platform/extension-api';
import type { CaptivePortalGuide } from './captive-portal';
import type { GuardEvent } from './guard-recorder';
import type { PageActions } from './page-actions';

export interface MessageHandlerDeps {
  extensionId: string;
  extensionOrigins: readonly string[];
  status(): Promise<GuardStatus>;
  tabStats(tabId: number): Promise<TabStats | null>;
  history(limit: number, privateSession: boolean): Promise<HistoryRecord[]>;
  clearHistory(privateSession: boolean): Promise<void>;
  actions: PageActions;
  blockedNavigation(tabId: number): Promise<BlockedNavigationView | null>;
  failedNavigation(tabId: number, frameId: number, nonce: string): Promise<FailedNavigationView | null>;
  retryHttps(request: { tabId: number; nonce: string }): Promise<RetryResult>;
  portal: Pick<CaptivePortalGuide, 'suspected' | 'open'>;
  continueOverHttp(request: {
    tabId: number;
    privateTab: boolean;
    scope: 'once' | 'always';
    confirmSuspicious: boolean;
    nonce: string;
  }): Promise<ContinueResult>;
  settings(): Promise<Settings>;
  /** The tab's own exceptions ("continue over HTTP once") and whether it is paused. */
  tabContext(tabId: number): Promise<{ tabExceptions: ExceptionRule[]; paused: boolean }>;
  record(event: GuardEvent): void;
  grantPass(tabId: number, url: string): void;
  /** Whether this tab may add one more of the page's own claims to the history now. */
  allowPageClaim(tabId: number): boolean;
}

function findings(credentials: ReportedCredential[]): Finding[] {
  return credentials.map(({ kind, name, value }) => ({ kind, name, shape: null, value }));
}

/**
 * A content script's question or report, answered as the declarative rules and the
 * webRequest guards would decide for this tab: with its own exceptions and pause, so the
 * in-page form check and the network agree ("continue over HTTP once" included).
 */
async function handleContent(
  message: ContentMessage,
  tab: { id: number; incognito: boolean },
  pageUrl: string,
  deps: MessageHandlerDeps,
): Promise<unknown> {
  const tabId = tab.id;
  const [stored, context] = await Promise.all([deps.settings(), deps.tabContext(tabId)]);
  const settings = settingsForTab(stored, context.paused);
  const site = hostnameOf(pageUrl);
  const routeFor = (url: string) => routeOf(url, settings, Date.now(), context.tabExceptions, site);
  switch (message.type) {
    case 'classify-submit': {
      const info = routeFor(message.data.url);
      return { actions: Object.fromEntries(message.data.kinds.map((kind) => [kind, actionFor(info, kind, settings)])) };
    }
    case 'password-form': {
      const { event, actionUrl, credentials, from } = message.data;
      // Re-check the claim: only a submit the policy holds can be held or confirmed.
      const policy = actionFor(routeFor(actionUrl), 'password-field', settings);
      if (policy !== 'held') return { recorded: 0 };
      const claimed = from === 'script';
      if (claimed && !deps.allowPageClaim(tabId)) return { recorded: 0 };
      const action: GuardAction = event === 'held' ? 'held' : 'sent-by-user';
      if (event === 'confirmed') deps.grantPass(tabId, actionUrl);
      deps.record({
        tabId,
        url: actionUrl,
        site,
        action,
        findings: findings(credentials),
        origin: claimed ? 'page' : 'observed',
        private: tab.incognito,
      });
      return { recorded: credentials.length };
    }
    case 'page-blocked': {
      const { url, action, credentials, from } = message.data;
      const info = routeFor(url);
      if (!isCleartextRoute(info.route)) return { recorded: 0 };
      // Only what the policy does to that kind on that host could have happened.
      const valid = credentials.filter((c) => actionFor(info, c.kind, settings) === action);
      if (valid.length === 0) return { recorded: 0 };
      if (from === 'page-world') {
        // The page guard stops sends to its page's own host and to a guarded local network only.
        const reachable = hostnameOf(url) === site || (info.route === 'local' && localNetworkGuarded(settings));
        if (!reachable || !deps.allowPageClaim(tabId)) return { recorded: 0 };
      }
      const origin = from === 'page-world' ? 'page' : 'observed';
      deps.record({ tabId, url, site, action, findings: findings(valid), origin, private: tab.incognito });
      return { recorded: valid.length };
    }
    case 'page-policy':
      return {
        passive: settings.mode === 'watch',
        guardLocal: localNetworkGuarded(settings),
        upgradeSpecial: settings.upgradeSpecialUseNames,
      };
  }
}

/**
 * Answers the extension's own pages, and takes reports from its content scripts. Anything
 * else (web pages, other extensions) gets no answer at all.
 */
export function createMessageHandler(deps: MessageHandlerDeps) {
  return (raw: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined => {
    if (isExtensionPageSender(sender, deps.extensionId, deps.extensionOrigins)) {
      const message = parsePageMessage(raw);
      if (!message) return undefined;
      switch (message.type) {
        case 'get-status':
          return deps.status();
        case 'get-tab-stats':
          return deps.tabStats(message.data.tabId);
        case 'get-history':
          return deps.history(message.data.limit, message.data.private === true);
        case 'clear-history':
          return deps.clearHistory(message.data.private === true).then(() => ({ ok: true }));
        case 'get-settings':
          return deps.actions.getSettings();
        case 'save-settings':
          return deps.actions.saveSettings(message.data.settings);
        case 'get-site-status':
          return deps.actions.siteStatus(message.data.tabId);
        case 'https-now':
          return deps.actions.httpsNow(message.data.tabId);
        case 'site-exception':
          return deps.actions.siteException(
            message.data.tabId,
            message.data.action,
            message.data.scope,
            message.data.keepLoggedIn === true,
          );
        case 'pause-tab':
          return deps.actions.pauseTab(message.data.tabId, message.data.paused);
        case 'allow-on-site':
          return deps.actions.allowOnSite(message.data.tabId, message.data.host);
        case 'get-blocked-navigation':
          return sender.tab?.id === undefined ? Promise.resolve(null) : deps.blockedNavigation(sender.tab.id);
        case 'get-failed-navigation':
          if (sender.tab?.id === undefined) return Promise.resolve(null);
          return deps.failedNavigation(sender.tab.id, sender.frameId ?? 0, message.data.nonce);
        case 'retry-https':
          if (sender.tab?.id === undefined || (sender.frameId ?? 0) !== 0) {
            return Promise.resolve({ ok: false, error: 'no-failure' });
          }
          return deps.retryHttps({ tabId: sender.tab.id, nonce: message.data.nonce });
        case 'portal-check':
          if (sender.tab?.id === undefined || (sender.frameId ?? 0) !== 0) return Promise.resolve({ suspected: false });
          return deps.portal.suspected(sender.tab.id, message.data.nonce).then((suspected) => ({ suspected }));
        case 'open-portal':
          if (sender.tab?.id === undefined || (sender.frameId ?? 0) !== 0) {
            return Promise.resolve({ ok: false, error: 'no-failure' });
          }
          return deps.portal.open(sender.tab.id, message.data.nonce);
        case 'continue-over-http':
          // Only the explanatory page as the tab's own top-level document may decide.
          if (sender.tab?.id === undefined || (sender.frameId ?? 0) !== 0) {
            return Promise.resolve({ ok: false, error: 'no-failure' });
          }
          return deps.continueOverHttp({
            tabId: sender.tab.id,
            privateTab: sender.tab.incognito === true,
            ...message.data,
          });
      }
    }
    if (isContentScriptSender(sender, deps.extensionId) && sender.tab?.id !== undefined) {
      const message = parseContentMessage(raw);
      if (message) {
        const tab = { id: sender.tab.id, incognito: sender.tab.incognito === true };
        return handleContent(message, tab, sender.url ?? '', deps);
      }
    }
    return undefined;
  };
}
