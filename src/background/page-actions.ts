import { redactUrl } from '../core/credentials/redact';
import { routeOf, type Route } from '../core/policy';
import { keepLocked, readSettings, type ExceptionRule } from '../core/settings';
import type { TabStats } from '../core/tab-stats';
import { normalizeHost } from '../core/host-classification';
import { parseUrl } from '../core/url';
import type { SaveResult, SettingsView, SiteActionResult, SiteHow, SiteStatus, SyncView } from '../messaging/protocol';
import type { PrivateExceptions } from './private-session';
import type { SettingsStore } from './settings-store';
import type { TabExceptionsStore } from './tab-exceptions-store';

/** How the page got its scheme, in the popup's words. */
export function siteHowOf(route: Route, paused: boolean, pageUpgraded: boolean): SiteHow {
  if (paused) return 'paused';
  if (route === 'secure') return pageUpgraded ? 'upgraded' : 'https';
  // An http page the rules would upgrade was loaded before they were in place.
  if (route === 'upgraded') return 'cleartext';
  return route;
}

export interface PageActionDeps {
  store: SettingsStore;
  tabExceptions: TabExceptionsStore;
  tabStats(tabId: number): Promise<TabStats | null>;
  tabUrl(tabId: number): Promise<string | null>;
  /** The tab is in a private window: its quick exception lasts the private session only. */
  tabIsPrivate(tabId: number): Promise<boolean>;
  privateExceptions: PrivateExceptions;
  /** Whether `host` is known to work over HTTPS, or answers over it when asked now. */
  worksOverHttps(host: string): Promise<boolean>;
  /** Re-reads the settings and brings the rules in line; resolves when they are in place. */
  applied(): Promise<void>;
}

/** What the options page and the popup ask of the settings and the tab's site. */
export function createPageActions(deps: PageActionDeps) {
  async function getSettings(): Promise<SettingsView> {
    const { user, effective, locked, problems, sync } = await deps.store.read();
    return { user, effective, locked, problems, sync };
  }

  /** Strict: any problem refuses the whole change; locked values stay the administrator's. */
  async function saveSettings(value: unknown): Promise<SaveResult> {
    const { settings, problems } = readSettings(value);
    if (problems.length > 0) return { ok: false, problems };
    const { user, locked } = await deps.store.read();
    let sync: SyncView;
    try {
      sync = await deps.store.save(keepLocked(settings, user, locked));
    } catch (error) {
      // e.g. Chrome's 10 MB storage.local quota: nothing was changed.
      const detail = `not saved: ${error instanceof Error ? error.message : String(error)}`;
      return { ok: false, problems: [{ field: 'settings', code: 'too-many', detail }] };
    }
    await deps.applied();
    return { ok: true, sync };
  }

  async function siteStatus(tabId: number): Promise<SiteStatus | null> {
    const href = await deps.tabUrl(tabId);
    const url = href ? parseUrl(href) : null;
    if (!href || !url) return null;
    const [{ effective, locked }, stats, tabRules] = await Promise.all([
      deps.store.read(),
      deps.tabStats(tabId),
      deps.tabExceptions.forTab(tabId),
    ]);
    const paused = deps.tabExceptions.isPausedNow(tabId) ?? false;
    const route = routeOf(href, effective, Date.now(), tabRules);
    const how = siteHowOf(route.route, paused, stats?.pageUpgraded ?? false);
    // On an https page, say which exception would let the host fall back to http.
    const exception = route.exception ?? routeOf(`http://${url.host}/`, effective, Date.now(), tabRules).exception;
    return {
      url: redactUrl(href, effective.secretParamNames),
      host: url.hostname,
      how,
      exception,
      exceptionsLocked: locked.includes('exceptions'),
      paused,
      stats,
    };
  }

  async function siteException(
    tabId: number,
    action: 'add' | 'remove',
    scope: 'always' | 'session',
    keepLoggedIn = false,
  ): Promise<SiteActionResult> {
    const url = parseUrl((await deps.tabUrl(tabId)) ?? '');
    if (!url || !/^(https?|wss?):$/.test(url.protocol)) return { ok: false, error: 'no-site' };
    const { user, locked } = await deps.store.read();
    if (locked.includes('exceptions')) return { ok: false, error: 'locked' };
    const host = url.hostname.replace(/\.$/, '');
    const covering = routeOf(`http://${url.host}/`, user, Date.now()).exception;
    let exceptions: ExceptionRule[];
    const fromPrivate = action === 'add' && (await deps.tabIsPrivate(tabId));
    if (fromPrivate) await deps.privateExceptions.ready();
    if (action === 'add') {
      const lasting = fromPrivate ? 'session' : scope;
      const rule: ExceptionRule = { pattern: host, allowCredentials: keepLoggedIn, scope: lasting, expiresAt: null };
      exceptions = [...user.exceptions.filter((e) => e.pattern !== host), rule];
    } else {
      exceptions = user.exceptions.filter((e) => e !== covering && e.pattern !== host);
    }
    await deps.store.save({ ...user, exceptions });
    if (fromPrivate) await deps.privateExceptions.note(host);
    await deps.applied();
    return { ok: true };
  }

  /** An exception for `host` that holds on the tab's site only (a part of its page that failed over HTTPS). */
  async function allowOnSite(tabId: number, host: string): Promise<SiteActionResult> {
    const page = parseUrl((await deps.tabUrl(tabId)) ?? '');
    const target = normalizeHost(host);
    if (!page || !/^https?:$/.test(page.protocol) || !target || target.startsWith('['))
      return { ok: false, error: 'no-site' };
    const { user, locked } = await deps.store.read();
    if (locked.includes('exceptions')) return { ok: false, error: 'locked' };
    const site = page.hostname.replace(/\.$/, '');
    const fromPrivate = await deps.tabIsPrivate(tabId);
    if (fromPrivate) await deps.privateExceptions.ready();
    const rule: ExceptionRule = {
      pattern: target,
      allowCredentials: false,
      scope: fromPrivate ? 'session' : 'always',
      expiresAt: null,
      onlyOn: site,
    };
    const others = user.exceptions.filter((e) => !(e.pattern === target && e.onlyOn === site));
    await deps.store.save({ ...user, exceptions: [...others, rule] });
    if (fromPrivate) await deps.privateExceptions.note(target);
    await deps.applied();
    return { ok: true };
  }

  /** A page on http by an exception whose host works over HTTPS now: the popup offers to remove it. */
  async function httpsNow(tabId: number): Promise<{ works: boolean }> {
    const href = await deps.tabUrl(tabId);
    const url = href ? parseUrl(href) : null;
    if (!href || !url || url.protocol !== 'http:') return { works: false };
    const { effective } = await deps.store.read();
    if (routeOf(href, effective, Date.now()).route !== 'exception') return { works: false };
    return { works: await deps.worksOverHttps(url.hostname) };
  }

  async function pauseTab(tabId: number, paused: boolean): Promise<SiteActionResult> {
    await deps.tabExceptions.setPaused(tabId, paused);
    await deps.applied();
    return { ok: true };
  }

  return { getSettings, saveSettings, siteStatus, siteException, allowOnSite, httpsNow, pauseTab };
}

export type PageActions = ReturnType<typeof createPageActions>;
