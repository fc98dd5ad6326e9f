import type { CredentialKind } from './credentials/findings';
import { classifyHostname } from './host-classification';
import { ANY_HOST } from './host-pattern';
import { exceptionIndexOf, type ExceptionRule, type KindPolicy, type Settings } from './settings';
import { cleartextAddressOf, parseUrl } from './url';

/**
 * Where a request goes, as the declarative rules route it:
 * - secure: already https/wss. upgraded: http/ws that the rules upgrade.
 * - exception / local / special / loopback: stays cleartext for that reason (special: a
 *   name not on the public web, see host-classification.ts).
 * - cleartext: stays cleartext because watch mode upgrades nothing.
 * - other: not a web request (data:, extension pages...).
 */
export type Route = 'secure' | 'upgraded' | 'exception' | 'local' | 'special' | 'loopback' | 'cleartext' | 'other';

export interface RouteInfo {
  route: Route;
  host: string;
  exception: ExceptionRule | null;
}

/** What the guard does about one credential on a cleartext request. */
export type GuardAction =
  | 'blocked' // the request was not sent
  | 'stripped' // sent without the credential
  | 'held' // a password form waits for the user's confirmation
  | 'sent-by-user' // the user confirmed: sent in cleartext
  | 'warned' // policy says warn (local network), or the user keeps logged in: sent in cleartext
  | 'observed' // watch mode: sent in cleartext, recorded
  | 'passed'; // the browser gave the guard no way to stop it: sent in cleartext

export const GUARD_ACTIONS: readonly GuardAction[] = [
  'blocked',
  'stripped',
  'held',
  'sent-by-user',
  'warned',
  'observed',
  'passed',
];

/** The credential went out in cleartext: the user should rotate it. */
export function isExposed(action: GuardAction): boolean {
  return action === 'sent-by-user' || action === 'warned' || action === 'observed' || action === 'passed';
}

/** The exception (the settings' own, then the tab's) covering a host on a port at `now`. */
export function findException(
  host: string,
  port: number | null,
  settings: Settings,
  now: number,
  extra: readonly ExceptionRule[] = [],
  site: string | null = null,
): ExceptionRule | null {
  const own = exceptionIndexOf(settings.exceptions).find(host, port, now, site);
  if (own || extra.length === 0) return own;
  // A captive portal's tab: every host stays on http there ("*").
  const everyHost = extra.find((e) => e.pattern === ANY_HOST && (e.expiresAt === null || e.expiresAt > now));
  return everyHost ?? exceptionIndexOf(extra).find(host, port, now);
}

/**
 * `tabExceptions` are the exceptions that hold for the request's tab only ("continue over
 * HTTP once"), on top of the settings' own; `site` is the host of the page making the
 * request (its initiator), for the exceptions that hold on one site only.
 */
export function routeOf(
  href: string,
  settings: Settings,
  now: number,
  tabExceptions: readonly ExceptionRule[] = [],
  site: string | null = null,
): RouteInfo {
  // Cleartext first, read off the string where it can be (every cleartext request asks).
  const address = cleartextAddressOf(href);
  if (!address) {
    const url = parseUrl(href);
    if (!url) return { route: 'other', host: '', exception: null };
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    return { route: secure ? 'secure' : 'other', host: url.hostname.replace(/\.$/, ''), exception: null };
  }
  const host = address.hostname.endsWith('.') ? address.hostname.slice(0, -1) : address.hostname;
  const result = (route: Route, exception: ExceptionRule | null = null): RouteInfo => ({ route, host, exception });
  const hostClass = classifyHostname(host);
  if (hostClass === 'loopback') return result('loopback');
  const exception = findException(host, address.port ?? 80, settings, now, tabExceptions, site);
  if (exception) return result('exception', exception);
  if (hostClass === 'local' && !settings.upgradeLocalNetwork) return result('local');
  if (hostClass === 'special' && !settings.upgradeSpecialUseNames) return result('special');
  return result(settings.mode === 'watch' ? 'cleartext' : 'upgraded');
}

/** True for requests that leave the machine in cleartext. */
export function isCleartextRoute(route: Route): boolean {
  return route === 'exception' || route === 'local' || route === 'special' || route === 'cleartext';
}

function enforced(kind: CredentialKind, strict: boolean): GuardAction {
  switch (kind) {
    case 'header':
    case 'cookie':
      // No declarative condition can test a request header, so even strict mode strips
      // (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleCondition).
      return 'stripped';
    case 'password-field':
      return strict ? 'blocked' : 'held';
    default:
      return 'blocked';
  }
}

const KIND_ACTIONS: Record<KindPolicy, GuardAction> = {
  block: 'blocked',
  strip: 'stripped',
  hold: 'held',
  warn: 'warned',
};

/** The guard's decision for one credential kind on a request; null when nothing is done. */
export function actionFor(info: RouteInfo, kind: CredentialKind, settings: Settings): GuardAction | null {
  if (!isCleartextRoute(info.route)) return null;
  if (settings.mode === 'watch') return 'observed';
  // "Keep me logged in": the user lets this site's credentials through; they leave in
  // cleartext, so they are recorded as exposed.
  if (info.exception?.allowCredentials) return 'warned';
  if (settings.mode === 'strict') return enforced(kind, true);
  if (info.route === 'local') {
    switch (settings.localNetworkCredentials) {
      case 'warn':
        return 'warned';
      case 'strip':
        return enforced(kind, false);
      case 'block':
        return enforced(kind, true);
    }
  }
  return KIND_ACTIONS[settings.credentialPolicy[kind]];
}

/** Splits findings by what the guard does to each; findings it lets through are dropped. */
export function groupByAction<T extends { kind: CredentialKind }>(
  findings: readonly T[],
  info: RouteInfo,
  settings: Settings,
): Map<GuardAction, T[]> {
  const groups = new Map<GuardAction, T[]>();
  for (const finding of findings) {
    const action = actionFor(info, finding.kind, settings);
    if (action === null) continue;
    groups.set(action, [...(groups.get(action) ?? []), finding]);
  }
  return groups;
}

/** Credentials to the local network are stopped (not just recorded): strict mode, or a strip/block policy. */
export function localNetworkGuarded(settings: Settings): boolean {
  if (settings.mode === 'watch' || settings.upgradeLocalNetwork) return false;
  return settings.mode === 'strict' || settings.localNetworkCredentials !== 'warn';
}

/** The settings as they apply in one tab: a paused tab is watched, not guarded. */
export function settingsForTab(settings: Settings, paused: boolean): Settings {
  return paused ? { ...settings, mode: 'watch' } : settings;
}
