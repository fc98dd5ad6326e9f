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
  type ContentProtocol,
  type ContinueResult,
  type FailedNavigationView,
  type GuardStatus,
  type PageProtocol,
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

type Sender = Runtime.MessageSender;

/** Each page message's handler, its signature following from the message's declaration. */
type PageHandlers = {
  [K in keyof PageProtocol]: (data: PageProtocol[K]['request'], sender: Sender) => Promise<PageProtocol[K]['response']>;
};

/** What a content script's message is judged by: its tab, its page's host, the tab's policy. */
interface ContentContext {
  tab: { id: number; incognito: boolean };
  site: string;
  settings: Settings;
  routeFor(url: string): ReturnType<typeof routeOf>;
}

type ContentHandlers = {
  [K in keyof ContentProtocol]: (
    data: ContentProtocol[K]['request'],
    context: ContentContext,
  ) => ContentProtocol[K]['response'];
};

/** The sender's tab when the sender is that tab's top-level document (the explanatory page deciding). */
const topLevelTab = (sender: Sender): number | null =>
  sender.tab?.id !== undefined && (sender.frameId ?? 0) === 0 ? sender.tab.id : null;

function pageHandlers(deps: MessageHandlerDeps): PageHandlers {
  const { actions } = deps;
  return {
    'get-status': () => deps.status(),
    'get-tab-stats': ({ tabId }) => deps.tabStats(tabId),
    'get-history': (data) => deps.history(data.limit, data.private === true),
    'clear-history': (data) => deps.clearHistory(data.private === true).then(() => ({ ok: true as const })),
    'get-settings': () => actions.getSettings(),
    'save-settings': ({ settings }) => actions.saveSettings(settings),
    'get-site-status': ({ tabId }) => actions.siteStatus(tabId),
    'https-now': ({ tabId }) => actions.httpsNow(tabId),
    'site-exception': (data) => actions.siteException(data.tabId, data.action, data.scope, data.keepLoggedIn === true),
    'pause-tab': ({ tabId, paused }) => actions.pauseTab(tabId, paused),
    'allow-on-site': ({ tabId, host }) => actions.allowOnSite(tabId, host),
    'get-blocked-navigation': async (_data, sender) =>
      sender.tab?.id === undefined ? null : deps.blockedNavigation(sender.tab.id),
    'get-failed-navigation': async ({ nonce }, sender) =>
      sender.tab?.id === undefined ? null : deps.failedNavigation(sender.tab.id, sender.frameId ?? 0, nonce),
    'retry-https': async ({ nonce }, sender) => {
      const tabId = topLevelTab(sender);
      return tabId === null ? { ok: false, error: 'no-failure' } : deps.retryHttps({ tabId, nonce });
    },
    'portal-check': async ({ nonce }, sender) => {
      const tabId = topLevelTab(sender);
      return { suspected: tabId !== null && (await deps.portal.suspected(tabId, nonce)) };
    },
    'open-portal': async ({ nonce }, sender) => {
      const tabId = topLevelTab(sender);
      return tabId === null ? { ok: false, error: 'no-failure' } : deps.portal.open(tabId, nonce);
    },
    // Only the explanatory page as the tab's own top-level document may decide.
    'continue-over-http': async (data, sender) => {
      const tabId = topLevelTab(sender);
      if (tabId === null) return { ok: false, error: 'no-failure' };
      return deps.continueOverHttp({ tabId, privateTab: sender.tab?.incognito === true, ...data });
    },
  };
}

/**
 * A content script's question or report, answered as the declarative rules and the
 * webRequest guards would decide for this tab: with its own exceptions and pause, so the
 * in-page form check and the network agree ("continue over HTTP once" included).
 */
function contentHandlers(deps: MessageHandlerDeps): ContentHandlers {
  return {
    'classify-submit': ({ url, kinds }, { settings, routeFor }) => {
      const info = routeFor(url);
      return { actions: Object.fromEntries(kinds.map((kind) => [kind, actionFor(info, kind, settings)])) };
    },
    'password-form': ({ event, actionUrl, credentials, from }, { tab, site, settings, routeFor }) => {
      // Re-check the claim: only a submit the policy holds can be held or confirmed.
      const policy = actionFor(routeFor(actionUrl), 'password-field', settings);
      if (policy !== 'held') return { recorded: 0 };
      const claimed = from === 'script';
      if (claimed && !deps.allowPageClaim(tab.id)) return { recorded: 0 };
      const action: GuardAction = event === 'held' ? 'held' : 'sent-by-user';
      if (event === 'confirmed') deps.grantPass(tab.id, actionUrl);
      deps.record({
        tabId: tab.id,
        url: actionUrl,
        site,
        action,
        findings: findings(credentials),
        origin: claimed ? 'page' : 'observed',
        private: tab.incognito,
      });
      return { recorded: credentials.length };
    },
    'page-blocked': ({ url, action, credentials, from }, { tab, site, settings, routeFor }) => {
      const info = routeFor(url);
      if (!isCleartextRoute(info.route)) return { recorded: 0 };
      // Only what the policy does to that kind on that host could have happened.
      const valid = credentials.filter((c) => actionFor(info, c.kind, settings) === action);
      if (valid.length === 0) return { recorded: 0 };
      if (from === 'page-world') {
        // The page guard stops sends to its page's own host and to a guarded local network only.
        const reachable = hostnameOf(url) === site || (info.route === 'local' && localNetworkGuarded(settings));
        if (!reachable || !deps.allowPageClaim(tab.id)) return { recorded: 0 };
      }
      const origin = from === 'page-world' ? 'page' : 'observed';
      deps.record({ tabId: tab.id, url, site, action, findings: findings(valid), origin, private: tab.incognito });
      return { recorded: valid.length };
    },
    'page-policy': (_data, { settings }) => ({
      passive: settings.mode === 'watch',
      guardLocal: localNetworkGuarded(settings),
      upgradeSpecial: settings.upgradeSpecialUseNames,
    }),
  };
}

async function handleContent(
  message: ContentMessage,
  tab: { id: number; incognito: boolean },
  pageUrl: string,
  deps: MessageHandlerDeps,
  handlers: ContentHandlers,
): Promise<unknown> {
  const [stored, context] = await Promise.all([deps.settings(), deps.tabContext(tab.id)]);
  const settings = settingsForTab(stored, context.paused);
  const site = hostnameOf(pageUrl);
  const routeFor = (url: string) => routeOf(url, settings, Date.now(), context.tabExceptions, site);
  const handle = handlers[message.type] as (data: unknown, context: ContentContext) => unknown;
  return handle(message.data, { tab, site, settings, routeFor });
}

/**
 * Answers the extension's own pages, and takes reports from its content scripts. Anything
 * else (web pages, other extensions) gets no answer at all.
 */
export function createMessageHandler(deps: MessageHandlerDeps) {
  const forPages = pageHandlers(deps);
  const forContent = contentHandlers(deps);
  return (raw: unknown, sender: Sender): Promise<unknown> | undefined => {
    if (isExtensionPageSender(sender, deps.extensionId, deps.extensionOrigins)) {
      const message = parsePageMessage(raw);
      if (!message) return undefined;
      const handle = forPages[message.type] as (data: unknown, sender: Sender) => Promise<unknown>;
      return handle(message.data, sender);
    }
    if (isContentScriptSender(sender, deps.extensionId) && sender.tab?.id !== undefined) {
      const message = parseContentMessage(raw);
      if (message) {
        const tab = { id: sender.tab.id, incognito: sender.tab.incognito === true };
        return handleContent(message, tab, sender.url ?? '', deps, forContent);
      }
    }
    return undefined;
  };
}
