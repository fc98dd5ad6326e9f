import type { DnrRule, ResourceType } from '../dnr-types';

/**
 * A small model of how Chrome and Firefox pick the winning declarativeNetRequest rule,
 * for the url filters this extension writes ("|scheme://" anchors, regexes, domain
 * lists). Unit tests use it to check that the rules say what we mean; the end-to-end
 * suites check that the real browsers agree.
 */
type DecisionType = Exclude<DnrRule['action']['type'], 'modifyHeaders'>;
const ACTION_RANK: Record<DecisionType, number> = { allow: 4, block: 3, upgradeScheme: 2, redirect: 1 };

function hostMatchesDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * "|" anchors the start (and, last, the end), "^" is a separator (or the end), "*"
 * anything; matching ignores case.
 */
export function urlFilterRegex(filter: string): RegExp {
  const domainAnchored = filter.startsWith('||');
  const anchored = filter.startsWith('|');
  const endAnchored = filter.length > 1 && filter.endsWith('|') && !filter.endsWith('||');
  const inner = filter.slice(domainAnchored ? 2 : anchored ? 1 : 0, endAnchored ? -1 : undefined);
  if (inner.includes('|')) throw new Error(`simulator does not model ${filter}`);
  const body = [...inner]
    .map((c) => {
      if (c === '^') return '(?:[^a-z0-9_.%-]|$)';
      if (c === '*') return '.*';
      return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // "||" anchors at the start of the host or of any of its labels, after any scheme.
  const start = domainAnchored ? '^[a-z][a-z0-9+.-]*://(?:[^/?#@]*@)?(?:[^/?#@]*\\.)?' : anchored ? '^' : '';
  return new RegExp(`${start}${body}${endAnchored ? '$' : ''}`, 'i');
}

function matches(
  rule: DnrRule,
  url: URL,
  type: ResourceType,
  tabId?: number,
  method = 'get',
  initiator?: string,
): boolean {
  const { condition } = rule;
  const types = condition.resourceTypes ?? [];
  if (!types.includes(type)) return false;
  if (condition.requestMethods && !condition.requestMethods.includes(method)) return false;
  if (condition.tabIds && (tabId === undefined || !condition.tabIds.includes(tabId))) return false;
  if (condition.excludedRequestDomains?.some((d) => hostMatchesDomain(url.hostname, d))) return false;
  if (condition.initiatorDomains && !condition.initiatorDomains.some((d) => hostMatchesDomain(initiator ?? '', d))) {
    return false;
  }
  if (condition.requestDomains && !condition.requestDomains.some((d) => hostMatchesDomain(url.hostname, d))) {
    return false;
  }
  if (condition.regexFilter !== undefined && condition.urlFilter !== undefined) throw new Error('both filters set');
  if (condition.urlFilter !== undefined && !urlFilterRegex(condition.urlFilter).test(url.href)) return false;
  const flags = condition.isUrlFilterCaseSensitive ? '' : 'i';
  if (condition.regexFilter !== undefined && !new RegExp(condition.regexFilter, flags).test(url.href)) {
    return false;
  }
  return true;
}

function winner(
  rules: DnrRule[],
  url: URL,
  type: ResourceType,
  tabId?: number,
  method?: string,
  initiator?: string,
): DnrRule | undefined {
  let best: DnrRule | undefined;
  for (const rule of rules) {
    if (rule.action.type === 'modifyHeaders' || !matches(rule, url, type, tabId, method, initiator)) continue;
    const rank = ACTION_RANK[rule.action.type];
    if (
      !best ||
      rule.priority > best.priority ||
      (rule.priority === best.priority && rank > ACTION_RANK[best.action.type as DecisionType])
    ) {
      best = rule;
    }
  }
  return best;
}

/** The action the browser takes for a request, or 'none' when no rule matches. `initiator`: the host making it. */
export function simulateRules(
  rules: DnrRule[],
  href: string,
  type: ResourceType,
  tabId?: number,
  method?: string,
  initiator?: string,
): DecisionType | 'none' {
  const best = winner(rules, new URL(href), type, tabId, method, initiator);
  return (best?.action.type as DecisionType | undefined) ?? 'none';
}

/** Request headers removed by modifyHeaders rules that outrank the winning allow rule. */
export function simulateStrippedHeaders(rules: DnrRule[], href: string, type: ResourceType, tabId?: number): string[] {
  const url = new URL(href);
  const best = winner(rules, url, type, tabId);
  if (best && best.action.type !== 'allow') return [];
  const floor = best?.priority ?? 0;
  return rules
    .filter((r) => r.action.type === 'modifyHeaders' && r.priority > floor && matches(r, url, type, tabId))
    .flatMap((r) => (r.action.requestHeaders ?? []).map((h) => h.header));
}
