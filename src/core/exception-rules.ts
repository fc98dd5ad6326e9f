import { allResourceTypes, type DnrCapabilities, type DnrRule, type ResourceType } from './dnr-types';
import { parseHostPattern, type HostPattern } from './host-pattern';
import { RULE_PRIORITY } from './rule-ids';
import type { ExceptionRule } from './settings';

/**
 * Domains per requestDomains list. Chrome and Firefox take long lists; this size keeps
 * 100,000 exceptions to a few dozen rules and each update diff small.
 */
export const DOMAINS_PER_RULE = 5000;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The parsed patterns of the given exceptions (invalid ones were dropped on read). */
export function exceptionPatterns(exceptions: readonly ExceptionRule[]): HostPattern[] {
  const patterns: HostPattern[] = [];
  for (const entry of exceptions) {
    const parsed = parseHostPattern(entry.pattern);
    if (parsed.ok) patterns.push(parsed.pattern);
  }
  return patterns;
}

/** Every host an exception names, port or not, for the leak guard's domain lists. */
export function patternDomains(patterns: readonly HostPattern[]): string[] {
  return [...new Set(patterns.map((p) => p.host))];
}

const parentsOf = (host: string): string[] => {
  if (host.startsWith('[')) return [];
  const labels = host.split('.');
  return labels.slice(1).map((_, i) => labels.slice(i + 1).join('.'));
};

interface SortedPatterns {
  /** "*.host": requestDomains, which matches the host and its subdomains. */
  subdomains: string[];
  /** Exact host names that no "*." pattern covers already. */
  exact: string[];
  /** IP addresses: no subdomains, so a url filter each. */
  addresses: string[];
  withPort: HostPattern[];
}

const isAddress = (host: string) => host.startsWith('[') || /^[0-9.]+$/.test(host);

function sortPatterns(patterns: readonly HostPattern[]): SortedPatterns {
  const subdomainSet = new Set(patterns.filter((p) => p.kind === 'subdomains' && p.port === null).map((p) => p.host));
  const covered = (host: string) => subdomainSet.has(host) || parentsOf(host).some((h) => subdomainSet.has(h));
  const exact = new Set(
    patterns.filter((p) => p.kind === 'exact' && p.port === null && !covered(p.host)).map((p) => p.host),
  );
  return {
    subdomains: [...subdomainSet],
    exact: [...exact].filter((h) => !isAddress(h)),
    addresses: [...exact].filter(isAddress),
    withPort: patterns.filter((p) => p.port !== null),
  };
}

/** A cleartext URL whose host has at least `labels` labels (its userinfo and port aside). */
function atLeastLabelsRegex(schemes: string, labels: number): string {
  return `^${schemes}://(?:[^/?#@]*@)?(?:[^./?#@:\\[\\]]+\\.){${labels - 1},}[^./?#@:\\[\\]]+\\.?(?::[0-9]+)?(?:[/?#]|$)`;
}

/** Url filters for one host on one port ("^" would also match other ports). */
function portFilters(pattern: HostPattern): string[] {
  const hostPort = pattern.port === 80 ? pattern.host : `${pattern.host}:${pattern.port}`;
  if (pattern.kind === 'subdomains') return [`||${hostPort}/`];
  return [`|http://${hostPort}/`, `|ws://${hostPort}/`];
}

export interface ExceptionRuleOptions {
  caps: DnrCapabilities;
  nextId: () => number;
  /** Local-network and special-use names that stay cleartext anyway: never take their subdomains back. */
  leftOnHttp: readonly string[];
  /** Session rules: every exception at the session priority, exact hosts as url filters. */
  scoped: boolean;
}

/**
 * The rules that keep excepted hosts on http, in the browsers' declarative limits for
 * 100,000 hosts: requestDomains lists instead of one rule per host.
 *
 * requestDomains also matches subdomains, which an exact-host exception must not. So each
 * list of exact hosts gets a second rule, one priority higher, that upgrades what it
 * matches with more labels than its hosts (grouped by label count): exactly their
 * subdomains. Hosts that have an exception of their own below an exact host are excluded
 * from that rule. A host on one port is a url filter of its own.
 */
export function buildExceptionRules(all: readonly ExceptionRule[], options: ExceptionRuleOptions): DnrRule[] {
  const { caps, nextId } = options;
  const allTypes = allResourceTypes(caps);
  const rules: DnrRule[] = siteScopedRules(
    all.filter((e) => e.onlyOn !== undefined),
    caps,
    nextId,
    options.scoped ? RULE_PRIORITY.SESSION_ALLOW : RULE_PRIORITY.ALLOW_SCOPED,
  );
  const exceptions = all.filter((e) => e.onlyOn === undefined);
  const allowPriority = options.scoped ? RULE_PRIORITY.SESSION_ALLOW : RULE_PRIORITY.ALLOW_CLEARTEXT;
  const precisePriority = options.scoped ? RULE_PRIORITY.SESSION_ALLOW : RULE_PRIORITY.ALLOW_SCOPED;
  const allow = (condition: DnrRule['condition'], priority: number = allowPriority) =>
    rules.push({
      id: nextId(),
      priority,
      action: { type: 'allow' },
      condition: { ...condition, resourceTypes: allTypes },
    });

  const patterns = exceptionPatterns(exceptions);
  const sorted = sortPatterns(patterns);
  const exactFilters = (host: string) => {
    allow({ urlFilter: `|http://${host}^` }, precisePriority);
    allow({ urlFilter: `|ws://${host}^` }, precisePriority);
  };
  for (const pattern of sorted.withPort) {
    for (const urlFilter of portFilters(pattern)) allow({ urlFilter }, precisePriority);
  }
  sorted.addresses.forEach(exactFilters);
  if (options.scoped) {
    for (const requestDomains of chunk(sorted.subdomains, DOMAINS_PER_RULE)) allow({ requestDomains });
    sorted.exact.forEach(exactFilters);
    return rules;
  }
  for (const requestDomains of chunk([...sorted.subdomains, ...sorted.exact], DOMAINS_PER_RULE)) {
    allow({ requestDomains });
  }

  // Hosts with an exception (or a local-network name) below an exact host.
  const exactSet = new Set(sorted.exact);
  const nested = new Map<string, string[]>();
  for (const host of [...sorted.subdomains, ...sorted.exact]) {
    for (const parent of parentsOf(host)) {
      if (!exactSet.has(parent)) continue;
      const list = nested.get(parent);
      if (list) list.push(host);
      else nested.set(parent, [host]);
    }
  }
  const alwaysExcluded = ['localhost', ...options.leftOnHttp];
  const byLabels = new Map<number, string[]>();
  for (const host of sorted.exact) {
    const labels = host.split('.').length;
    const list = byLabels.get(labels);
    if (list) list.push(host);
    else byLabels.set(labels, [host]);
  }
  for (const [labels, hosts] of [...byLabels].sort(([a], [b]) => a - b)) {
    for (const requestDomains of chunk(hosts, DOMAINS_PER_RULE)) {
      const excludedRequestDomains = [...alwaysExcluded, ...requestDomains.flatMap((h) => nested.get(h) ?? [])];
      const below = (schemes: string, type: 'upgradeScheme' | 'block', resourceTypes: ResourceType[]) =>
        rules.push({
          id: nextId(),
          priority: RULE_PRIORITY.UPGRADE_BELOW_EXACT,
          action: { type },
          condition: {
            regexFilter: atLeastLabelsRegex(schemes, labels + 1),
            requestDomains,
            excludedRequestDomains,
            resourceTypes,
          },
        });
      if (caps.upgradesWebSockets) {
        below('(?:http|ws)', 'upgradeScheme', allTypes);
      } else {
        // Chrome cannot upgrade a websocket declaratively: the page script does, this blocks the rest
        // (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleActionType).
        below('http', 'upgradeScheme', caps.httpResourceTypes);
        below('ws', 'block', ['websocket']);
      }
    }
  }
  return rules;
}

/**
 * Exceptions for one site only: the host stays on http for the requests that site's
 * pages make (initiatorDomains), not for a navigation to it, and nowhere else.
 */
function siteScopedRules(
  exceptions: readonly ExceptionRule[],
  caps: DnrCapabilities,
  nextId: () => number,
  priority: number,
): DnrRule[] {
  const types = allResourceTypes(caps).filter((t) => t !== 'main_frame');
  const rules: DnrRule[] = [];
  for (const exception of exceptions) {
    const parsed = parseHostPattern(exception.pattern);
    if (!parsed.ok || exception.onlyOn === undefined) continue;
    const { host, port, kind } = parsed.pattern;
    const hostPort = port === null ? host : `${host}:${port}`;
    for (const scheme of ['http', 'ws']) {
      const where: DnrRule['condition'] =
        kind === 'subdomains'
          ? { urlFilter: `|${scheme}://`, requestDomains: [host] }
          : { urlFilter: `|${scheme}://${hostPort}^` };
      rules.push({
        id: nextId(),
        priority,
        action: { type: 'allow' },
        condition: { ...where, initiatorDomains: [exception.onlyOn], resourceTypes: types },
      });
    }
  }
  return rules;
}
