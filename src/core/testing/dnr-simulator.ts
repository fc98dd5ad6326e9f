import type { DnrRule, ResourceType } from '../dnr-types';

/**
 * A small model of how Chrome and Firefox pick the winning declarativeNetRequest rule,
 * for the url filters this extension writes ("|scheme://" anchors, regexes, domain
 * lists). Unit tests use it to check that the rules say what we mean; the end-to-end
 * suites check that the real browsers agree.
 */
const ACTION_RANK: Record<DnrRule['action']['type'], number> = { allow: 3, block: 2, upgradeScheme: 1 };

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
  if (condition.urlFilter !== undefined && !urlFilterRegex(condition.urlFilter).test(url.href)) return false;
  if (condition.regexFilter !== undefined && !new RegExp(condition.regexFilter, 'i').test(url.href)) {
    return false;
  }
  return true;
}

/** The action the browser takes for a request, or 'none' when no rule matches. */
export function simulateRules(
  rules: DnrRule[],
  href: string,
  type: ResourceType,
): DnrRule['action']['type'] | 'none' {
  const url = new URL(href);
  let best: DnrRule | undefined;
  for (const rule of rules) {
    if (!matches(rule, url, type)) continue;
    if (
      !best ||
      rule.priority > best.priority ||
      (rule.priority === best.priority && ACTION_RANK[rule.action.type] > ACTION_RANK[best.action.type])
    ) {
      best = rule;
    }
  }
  return best?.action.type ?? 'none';
}
