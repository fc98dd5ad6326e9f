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

/** "|" anchors the start, "^" is a separator (or the end), "*" anything; matching ignores case. */
export function urlFilterRegex(filter: string): RegExp {
  if (filter.startsWith('||') || filter.endsWith('|')) throw new Error(`simulator does not model ${filter}`);
  const anchored = filter.startsWith('|');
  const body = [...(anchored ? filter.slice(1) : filter)]
    .map((c) => {
      if (c === '^') return '(?:[^a-z0-9_.%-]|$)';
      if (c === '*') return '.*';
      return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`${anchored ? '^' : ''}${body}`, 'i');
}

function matches(rule: DnrRule, url: URL, type: ResourceType): boolean {
  const { condition } = rule;
  const types = condition.resourceTypes ?? [];
  if (!types.includes(type)) return false;
  if (condition.requestDomains && !condition.requestDomains.some((d) => hostMatchesDomain(url.hostname, d))) {
    return false;
  }
  if (condition.regexFilter !== undefined && condition.urlFilter !== undefined) throw new Error('both filters set');
  if (condition.urlFilter !== undefined && !urlFilterRegex(condition.urlFilter).test(url.href)) return false;
  if (condition.regexFilter !== undefined && !new RegExp(condition.regexFilter, 'i').test(url.href)) {
    return false;
  }
  return true;
}

function winner(rules: DnrRule[], url: URL, type: ResourceType): DnrRule | undefined {
  let best: DnrRule | undefined;
  for (const rule of rules) {
    if (rule.action.type === 'modifyHeaders' || !matches(rule, url, type)) continue;
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

/** The action the browser takes for a request, or 'none' when no rule matches. */
export function simulateRules(rules: DnrRule[], href: string, type: ResourceType): DecisionType | 'none' {
  return (winner(rules, new URL(href), type)?.action.type as DecisionType | undefined) ?? 'none';
}

/** Request headers removed by modifyHeaders rules that outrank the winning allow rule. */
export function simulateStrippedHeaders(rules: DnrRule[], href: string, type: ResourceType): string[] {
  const url = new URL(href);
  const best = winner(rules, url, type);
  if (best && best.action.type !== 'allow') return [];
  const floor = best?.priority ?? 0;
  return rules
    .filter((r) => r.action.type === 'modifyHeaders' && r.priority > floor && matches(r, url, type))
    .flatMap((r) => (r.action.requestHeaders ?? []).map((h) => h.header));
}
