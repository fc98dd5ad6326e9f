import type { Finding } from '../core/credentials/findings';
import { routeOf, settingsForTab, type GuardAction, type RouteInfo } from '../core/policy';
import { createRecentMemo } from '../core/recent-memo';
import type { ExceptionRule, Settings } from '../core/settings';
import type { createBlockedNavigations } from './blocked-navigations';
import type { GuardRecorder } from './guard-recorder';
import type { SettingsCache } from './settings-cache';
import type { TabExceptionsStore } from './tab-exceptions-store';
import { siteOf } from './request-facts';
import type { UserPasses } from './user-passes';

export type BlockedNavigationsStore = ReturnType<typeof createBlockedNavigations>;

/**
 * What the leak guards use of the background's stores: only these methods, so a test
 * hands in small fakes (index.ts hands in the stores themselves).
 */
export interface LeakGuardDeps {
  settings: Pick<SettingsCache, 'now' | 'ready'>;
  recorder: Pick<GuardRecorder, 'record'>;
  passes: Pick<UserPasses, 'consume'>;
  blockedNavigations: Pick<BlockedNavigationsStore, 'remember'>;
  tabExceptions: Pick<TabExceptionsStore, 'forTabNow' | 'forTab' | 'isPausedNow'>;
}

/** What a request listener needs to decide synchronously: the settings and its tab's exceptions. */
export interface RequestContext {
  settings: Settings;
  tabExceptions: ExceptionRule[];
  /** The host of the page making the request (null for a navigation), for one-site exceptions. */
  site: string | null;
}

type ContextDetails = {
  tabId: number;
  type?: string;
  url?: string;
  initiator?: string;
  documentUrl?: string;
  originUrl?: string;
};

/** Whether the settings hold an exception for one site only (then a request's site matters). */
const hasSiteScoped = new WeakMap<readonly ExceptionRule[], boolean>();
function anySiteScoped(settings: Settings): boolean {
  let known = hasSiteScoped.get(settings.exceptions);
  if (known === undefined) {
    known = settings.exceptions.some((e) => e.onlyOn !== undefined);
    hasSiteScoped.set(settings.exceptions, known);
  }
  return known;
}

/** The page's host, parsed only when an exception for one site could need it. */
function requestSite(details: ContextDetails, settings: Settings): string | null {
  if (!anySiteScoped(settings)) return null;
  if (details.type === undefined || details.url === undefined || details.type === 'main_frame') return null;
  return siteOf({ ...details, type: details.type, url: details.url }) || null;
}

/**
 * Calls `handle` with the request's context: at once when both are already read in this
 * wake, else once they are (Firefox then waits for the returned promise).
 */
export function withRequestContext<D extends ContextDetails, R>(
  deps: LeakGuardDeps,
  handle: (details: D, context: RequestContext) => R,
): (details: D) => R | Promise<R> {
  // A paused tab is watched, not guarded: its requests are recorded as sent.
  const forTab = settingsForTab;
  return (details) => {
    const settings = deps.settings.now();
    const tabExceptions = deps.tabExceptions.forTabNow(details.tabId);
    const paused = deps.tabExceptions.isPausedNow(details.tabId);
    if (settings && tabExceptions && paused !== null) {
      return handle(details, {
        settings: forTab(settings, paused),
        tabExceptions,
        site: requestSite(details, settings),
      });
    }
    return Promise.all([deps.settings.ready(), deps.tabExceptions.forTab(details.tabId)]).then(([s, t]) =>
      handle(details, {
        settings: forTab(s, deps.tabExceptions.isPausedNow(details.tabId) ?? false),
        tabExceptions: t,
        site: requestSite(details, s),
      }),
    );
  };
}

/**
 * A request's route, worked out once for its several events (the same request id and
 * address; a redirect keeps the id and gets a route of its own), for the last 512 requests.
 */
export function createRequestRoutes() {
  const routes = createRecentMemo<RouteInfo>(512);
  return (details: { requestId: string; url: string }, context: RequestContext): RouteInfo =>
    routes(details.requestId, details.url, () =>
      routeOf(details.url, context.settings, Date.now(), context.tabExceptions, context.site),
    );
}

/** The parts of a webRequest event a history record needs. */
export interface RequestDetails {
  tabId: number;
  url: string;
  type: string;
  initiator?: string;
  documentUrl?: string;
  originUrl?: string;
  /** Firefox says whether a request belongs to a private window. */
  incognito?: boolean;
}

/**
 * Records each group of findings under its action; `asAction` may rename an action
 * (Chrome: what the policy wanted blocked but reached the network "passed").
 */
export function recordGroups(
  deps: LeakGuardDeps,
  details: RequestDetails,
  groups: Map<GuardAction, Finding[]>,
  asAction: (action: GuardAction) => GuardAction = (action) => action,
): void {
  const site = siteOf(details);
  for (const [action, findings] of groups) {
    deps.recorder.record({
      tabId: details.tabId,
      url: details.url,
      site,
      action: asAction(action),
      findings,
      private: details.incognito === true,
    });
  }
}
