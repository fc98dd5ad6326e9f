import type { DnrCapabilities, DnrRule } from './dnr-types';
import { buildLeakRules } from './leak-rules';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import type { ExceptionRule, Settings } from './settings';

/**
 * "Continue over HTTP once": an exception for one host in one tab, until it expires or
 * the tab closes. It lives in session storage and becomes session rules (which can be
 * scoped to a tab); the leak guard applies to it as to any exception.
 */
export interface TabException {
  tabId: number;
  host: string;
  expiresAt: number;
}

/** A "tab exception" for every host: the user paused protection in that tab until it closes. */
export const PAUSE_HOST = '*';
export const PAUSE_EXPIRES_AT = 8_640_000_000_000_000; // the largest Date

export function pausedTabs(list: readonly TabException[]): number[] {
  return list.filter((e) => e.host === PAUSE_HOST).map((e) => e.tabId);
}

export function activeTabExceptions(list: readonly TabException[], now: number): TabException[] {
  return list.filter((e) => e.expiresAt > now);
}

/** The exception rules that hold for one tab, in the settings' own shape. */
export function exceptionsForTab(list: readonly TabException[], tabId: number, now: number): ExceptionRule[] {
  return activeTabExceptions(list, now)
    .filter((e) => e.tabId === tabId && e.host !== PAUSE_HOST)
    .map((e) => ({ pattern: e.host, allowCredentials: false, scope: 'until', expiresAt: e.expiresAt }));
}

/** The next moment an exception expires, or null. */
export function nextExpiry(list: readonly TabException[], now: number): number | null {
  const times = activeTabExceptions(list, now)
    .filter((e) => e.host !== PAUSE_HOST)
    .map((e) => e.expiresAt);
  return times.length > 0 ? Math.min(...times) : null;
}

/** Session rules: per tab, an allow rule for the host plus that tab's leak-guard rules. */
export function buildTabExceptionRules(
  list: readonly TabException[],
  settings: Settings,
  caps: DnrCapabilities,
  now: number,
): DnrRule[] {
  const nextId = idAllocator('tabExceptions');
  const allTypes = [...caps.httpResourceTypes, 'websocket' as const];
  const rules: DnrRule[] = [];
  for (const { tabId, host, expiresAt } of activeTabExceptions(list, now)) {
    if (host === PAUSE_HOST) continue;
    const tabIds = [tabId];
    for (const scheme of ['http', 'ws']) {
      rules.push({
        id: nextId(),
        priority: RULE_PRIORITY.ALLOW_SCOPED,
        action: { type: 'allow' },
        condition: { urlFilter: `|${scheme}://${host}^`, resourceTypes: allTypes, tabIds },
      });
    }
    const exceptions: ExceptionRule[] = [{ pattern: host, allowCredentials: false, scope: 'until', expiresAt }];
    for (const rule of buildLeakRules(settings, caps, now, { exceptions, includeLocal: false })) {
      rules.push({ ...rule, id: nextId(), condition: { ...rule.condition, tabIds } });
    }
  }
  return rules;
}
