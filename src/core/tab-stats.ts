import type { HstsPolicy } from './https-memory';
import type { FailureReason } from './navigation-failure';
import type { GuardAction } from './policy';

/** What the browser said about the page's TLS connection (Firefox only). */
export interface TlsInfo {
  protocol: string | null;
  issuer: string | null;
}

/**
 * Per-tab counts of what the guard did, kept in session storage so they survive the
 * worker being stopped. A tab's counts start again with each top-level navigation.
 */
export interface TabStats {
  /** The top-level navigation these counts belong to (its webRequest requestId). */
  navigationRequestId: string | null;
  upgraded: number;
  blocked: number;
  stripped: number;
  held: number;
  /** Credentials that went out in cleartext (warned, observed, sent by the user, passed). */
  exposed: number;
  /** Requests that went out over http or ws (allowed by an exception, local, or watched). */
  cleartext: number;
  /** Subresources (images, scripts, styles, fetches...) whose upgrade failed: not counted as upgraded. */
  failed?: number;
  /** Which hosts failed, and why (the first MAX_FAILED_HOSTS hosts of the page). */
  failedHosts?: FailedHost[];
  /** The page itself was upgraded by the extension (or the browser's HSTS). */
  pageUpgraded: boolean;
  /** The page's Strict-Transport-Security header: undefined until its response, null when absent. */
  hsts?: HstsPolicy | null;
  tls?: TlsInfo | null;
}

export interface FailedHost {
  host: string;
  reason: FailureReason;
  count: number;
}

/** A page lists at most this many failing hosts (each one a line in the popup). */
export const MAX_FAILED_HOSTS = 20;

export type TabStatsMap = Record<string, TabStats>;

export type TabEvent =
  | { kind: 'navigation-start'; tabId: number; requestId: string }
  | { kind: 'upgraded'; tabId: number; mainFrame?: boolean }
  /** An upgraded subresource failed over HTTPS: it was not an upgrade after all. */
  | { kind: 'upgrade-failed'; tabId: number; host: string; reason: FailureReason }
  | { kind: 'cleartext'; tabId: number }
  | { kind: 'page-security'; tabId: number; requestId: string; hsts: HstsPolicy | null; tls: TlsInfo | null }
  | { kind: 'guarded'; tabId: number; action: GuardAction }
  | { kind: 'tab-closed'; tabId: number };

export function emptyTabStats(navigationRequestId: string | null = null): TabStats {
  return {
    navigationRequestId,
    upgraded: 0,
    blocked: 0,
    stripped: 0,
    held: 0,
    exposed: 0,
    cleartext: 0,
    pageUpgraded: false,
  };
}

function countGuarded(stats: TabStats, action: GuardAction): TabStats {
  switch (action) {
    case 'blocked':
    case 'stripped':
    case 'held':
      return { ...stats, [action]: stats[action] + 1 };
    default:
      return { ...stats, exposed: stats.exposed + 1 };
  }
}

function withFailure(stats: TabStats, host: string, reason: FailureReason): TabStats {
  const hosts = stats.failedHosts ?? [];
  const known = hosts.find((h) => h.host === host);
  const failedHosts = known
    ? hosts.map((h) => (h === known ? { ...h, count: h.count + 1 } : h))
    : hosts.length < MAX_FAILED_HOSTS
      ? [...hosts, { host, reason, count: 1 }]
      : hosts;
  return { ...stats, upgraded: Math.max(0, stats.upgraded - 1), failed: (stats.failed ?? 0) + 1, failedHosts };
}

/** Applies events in order; returns the new map and the tabs whose counts changed. */
export function applyTabEvents(
  map: TabStatsMap,
  events: readonly TabEvent[],
): { map: TabStatsMap; changedTabs: number[] } {
  const next = new Map(Object.entries(map));
  const changed = new Set<number>();
  for (const event of events) {
    if (event.tabId < 0) continue; // requests not made by a tab (workers, the extension)
    const key = String(event.tabId);
    const current = { ...emptyTabStats(), ...next.get(key) };
    switch (event.kind) {
      case 'navigation-start':
        // Chrome and Firefox reuse the requestId across the internal upgrade redirect
        // (Chrome: https://developer.chrome.com/docs/extensions/reference/api/webRequest, "Request IDs").
        if (current.navigationRequestId !== event.requestId) {
          next.set(key, emptyTabStats(event.requestId));
          changed.add(event.tabId);
        }
        break;
      case 'upgraded':
        next.set(key, {
          ...current,
          upgraded: current.upgraded + 1,
          pageUpgraded: current.pageUpgraded || event.mainFrame === true,
        });
        changed.add(event.tabId);
        break;
      case 'cleartext':
        next.set(key, { ...current, cleartext: current.cleartext + 1 });
        break;
      case 'upgrade-failed':
        next.set(key, withFailure(current, event.host, event.reason));
        changed.add(event.tabId);
        break;
      case 'page-security':
        if (current.navigationRequestId === event.requestId)
          next.set(key, { ...current, hsts: event.hsts, tls: event.tls });
        break;
      case 'guarded':
        next.set(key, countGuarded(current, event.action));
        changed.add(event.tabId);
        break;
      case 'tab-closed':
        next.delete(key);
        changed.delete(event.tabId);
        break;
    }
  }
  return { map: Object.fromEntries(next), changedTabs: [...changed] };
}

export const BADGE_COLORS = {
  /** Upgrades only: a calm colour. */
  upgraded: '#1a7f37',
  /** Something was blocked, stripped or held: set apart from mere upgrades. */
  guarded: '#cf222e',
  /** Parts of the page failed after their upgrade (the popup lists them). */
  failed: '#9a6700',
} as const;

/**
 * Badge text and colour: leaks stopped take precedence, then parts of the page that
 * failed over HTTPS ("!" and the count), then upgrades.
 */
export function badgeFor(stats: TabStats | undefined): { text: string; color: string } {
  const stopped = stats ? stats.blocked + stats.stripped + stats.held : 0;
  if (stopped > 0) return { text: badgeText(stopped), color: BADGE_COLORS.guarded };
  const failed = stats?.failed ?? 0;
  if (failed > 0) return { text: `!${badgeText(failed)}`.slice(0, 4), color: BADGE_COLORS.failed };
  return { text: badgeText(stats?.upgraded ?? 0), color: BADGE_COLORS.upgraded };
}

/** Badge text for a count: empty for none, capped so it fits the toolbar. */
export function badgeText(count: number): string {
  if (count <= 0) return '';
  return count > 999 ? '999+' : String(count);
}
