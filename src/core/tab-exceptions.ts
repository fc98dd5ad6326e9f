import { allResourceTypes, type DnrCapabilities, type DnrRule } from './dnr-types';
import { ANY_HOST } from './host-pattern';
import { buildScopedLeakRules } from './leak-rules';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import type { ExceptionRule, Settings } from './settings';

/**
 * "Continue over HTTP once": an exception for one host in one tab, until it expires or
 * the tab closes. It lives in session storage and becomes session rules (which can be
 * scoped to a tab); the leak guard applies to it as to any exception.
 * Two other kinds live in the same list:
 * - portal: a tab following a captive portal's login over http: every host stays on http
 *   there (guarded like an exception) until the network is open (`opensWith`, an https
 *   address that answers once it is) or the entry expires;
 * - probe: the background's own request to a host's cleartext root, to tell a captive
 *   portal (which redirects it) from a site whose HTTPS is broken (tabId -1: no tab).
 */
export interface TabException {
  tabId: number;
  host: string;
  expiresAt: number;
  kind?: 'portal' | 'probe';
  /** portal: the https address whose answer means the network is open. */
  opensWith?: string;
}

/** Requests that belong to no tab (the background's own), in tabIds conditions. */
export const NO_TAB = -1;

export function portalTabs(list: readonly TabException[]): TabException[] {
  return list.filter((e) => e.kind === 'portal');
}

/** A "tab exception" for every host: the user paused protection in that tab until it closes. */
export const PAUSE_HOST = '*';
export const PAUSE_EXPIRES_AT = 8_640_000_000_000_000; // the largest Date

export function pausedTabs(list: readonly TabException[]): number[] {
  return list.filter((e) => e.host === PAUSE_HOST && e.kind === undefined).map((e) => e.tabId);
}

/** Plain "continue once" exceptions (a host in a tab), not pauses, portals or probes. */
const isHostException = (e: TabException) => e.kind === undefined && e.host !== PAUSE_HOST;

export function activeTabExceptions(list: readonly TabException[], now: number): TabException[] {
  return list.filter((e) => e.expiresAt > now);
}

/** The exception rules that hold for one tab, in the settings' own shape. */
export function exceptionsForTab(list: readonly TabException[], tabId: number, now: number): ExceptionRule[] {
  return activeTabExceptions(list, now)
    .filter((e) => e.tabId === tabId && (isHostException(e) || e.kind === 'portal'))
    .map((e) => ({
      pattern: e.kind === 'portal' ? ANY_HOST : e.host,
      allowCredentials: false,
      scope: 'until',
      expiresAt: e.expiresAt,
    }));
}

/** The next moment an exception expires, or null. */
export function nextExpiry(list: readonly TabException[], now: number): number | null {
  const times = activeTabExceptions(list, now)
    .filter((e) => e.host !== PAUSE_HOST || e.kind !== undefined)
    .map((e) => e.expiresAt);
  return times.length > 0 ? Math.min(...times) : null;
}

/**
 * Session rules: per tab, an allow rule for the host; and one set of leak-guard rules for
 * every such host in every such tab (a rule per tab would repeat every URL condition:
 * twenty tabs would cost hundreds of regex rules). In a tab that continued on another
 * host, a credential URL to this one is then blocked rather than upgraded: stricter, never
 * weaker.
 */
export function buildTabExceptionRules(
  list: readonly TabException[],
  settings: Settings,
  caps: DnrCapabilities,
  now: number,
  groupChars?: number,
): DnrRule[] {
  const nextId = idAllocator('tabExceptions');
  const allTypes = allResourceTypes(caps);
  const rules: DnrRule[] = [];
  const current = activeTabExceptions(list, now);
  rules.push(...portalAndProbeRules(current, settings, caps, nextId, groupChars));
  const active = current.filter(isHostException);
  for (const { tabId, host } of active) {
    for (const scheme of ['http', 'ws']) {
      rules.push({
        id: nextId(),
        priority: RULE_PRIORITY.SESSION_ALLOW,
        action: { type: 'allow' },
        condition: { urlFilter: `|${scheme}://${host}^`, resourceTypes: allTypes, tabIds: [tabId] },
      });
    }
  }
  if (active.length === 0) return rules;
  const tabIds = [...new Set(active.map((e) => e.tabId))].sort((a, b) => a - b);
  const exceptions: ExceptionRule[] = [...new Set(active.map((e) => e.host))].map((pattern) => ({
    pattern,
    allowCredentials: false,
    scope: 'session',
    expiresAt: null,
  }));
  for (const rule of buildScopedLeakRules(exceptions, settings, caps, groupChars)) {
    rules.push({ ...rule, id: nextId(), condition: { ...rule.condition, tabIds } });
  }
  return rules;
}

/**
 * A captive portal's tab: every http and ws address stays cleartext there (above the
 * upgrade), with the leak guard over all of them. The background's cleartext probe: its
 * one request to the host's root, from no tab.
 */
function portalAndProbeRules(
  current: readonly TabException[],
  settings: Settings,
  caps: DnrCapabilities,
  nextId: () => number,
  groupChars?: number,
): DnrRule[] {
  const allTypes = allResourceTypes(caps);
  const rules: DnrRule[] = [];
  const portals = [...new Set(portalTabs(current).map((e) => e.tabId))].sort((a, b) => a - b);
  if (portals.length > 0) {
    for (const scheme of ['http', 'ws']) {
      rules.push({
        id: nextId(),
        priority: RULE_PRIORITY.SESSION_ALLOW,
        action: { type: 'allow' },
        condition: { urlFilter: `|${scheme}://`, resourceTypes: allTypes, tabIds: portals },
      });
    }
    const everyHost: ExceptionRule = { pattern: ANY_HOST, allowCredentials: false, scope: 'session', expiresAt: null };
    for (const rule of buildScopedLeakRules([everyHost], settings, caps, groupChars)) {
      rules.push({ ...rule, id: nextId(), condition: { ...rule.condition, tabIds: portals } });
    }
  }
  for (const probe of current.filter((e) => e.kind === 'probe')) {
    rules.push({
      id: nextId(),
      priority: RULE_PRIORITY.SESSION_ALLOW,
      action: { type: 'allow' },
      condition: { urlFilter: `|http://${probe.host}/|`, resourceTypes: ['xmlhttprequest'], tabIds: [NO_TAB] },
    });
  }
  return rules;
}
