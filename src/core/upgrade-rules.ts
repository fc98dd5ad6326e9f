import type { DnrCapabilities, DnrRule, ResourceType } from './dnr-types';
import { LOCAL_SUFFIXES } from './host-classification';
import { parseHostPattern, type HostPattern } from './host-pattern';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import { activeExceptions, type ExceptionRule, type Settings } from './settings';

/** Domains per requestDomains list: keeps each rule small to validate and to diff. */
export const DOMAINS_PER_RULE = 1000;

/**
 * A cleartext URL (http or ws, any userinfo, any port) whose host matches `hostRegex`.
 * Chrome compiles each regexFilter with RE2 under a 2 KB memory cap, so every regex
 * here holds one host shape only: an alternation of even ten literal hosts is refused.
 */
export function cleartextHostRegex(hostRegex: string): string {
  return `^(?:http|ws)://(?:[^/?#@]*@)?(?:${hostRegex})(?::[0-9]+)?(?:[/?#]|$)`;
}

const LOOPBACK_HOST_REGEXES = [
  '127\\.[0-9]+\\.[0-9]+\\.[0-9]+',
  '0\\.0\\.0\\.0',
  '\\[::1?\\]',
  '\\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\\]',
];

/** The local network's host shapes that have no domain form (its suffixes are LOCAL_SUFFIXES). */
export const LOCAL_HOST_REGEXES = [
  '10\\.[0-9]+\\.[0-9]+\\.[0-9]+',
  '172\\.(?:1[6-9]|2[0-9]|3[01])\\.[0-9]+\\.[0-9]+',
  '192\\.168\\.[0-9]+\\.[0-9]+',
  '169\\.254\\.[0-9]+\\.[0-9]+',
  '\\[f[cd][0-9a-f]{0,2}:[0-9a-f:]*\\]',
  '\\[fe[89ab][0-9a-f]:[0-9a-f:]*\\]',
  // Single-label names ("intranet", "nas."): no dot inside the host.
  '[^./?#@:\\[\\]]+\\.?',
];

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Allow rules: they keep a request on http by outranking the upgrade rules. */
class AllowRules {
  readonly rules: DnrRule[] = [];
  constructor(private readonly allTypes: ResourceType[]) {}

  private add(nextId: () => number, condition: DnrRule['condition']): void {
    this.rules.push({
      id: nextId(),
      priority: RULE_PRIORITY.ALLOW_CLEARTEXT,
      action: { type: 'allow' },
      condition: { ...condition, resourceTypes: this.allTypes },
    });
  }

  /** Hosts and their subdomains (requestDomains matches both), any scheme. */
  domains(nextId: () => number, domains: string[]): void {
    for (const requestDomains of chunk(domains, DOMAINS_PER_RULE)) this.add(nextId, { requestDomains });
  }

  /** One rule per host shape. */
  hostRegexes(nextId: () => number, hostRegexes: string[]): void {
    for (const host of hostRegexes) this.add(nextId, { regexFilter: cleartextHostRegex(host) });
  }

  /**
   * Exactly this host, no subdomain: "^" in a url filter is a separator (":", "/", "?"
   * or the end), so "|http://a.test^" matches a.test on any port but not a.test.evil.
   */
  exactHosts(nextId: () => number, hosts: string[]): void {
    for (const host of hosts) {
      this.add(nextId, { urlFilter: `|http://${host}^` });
      this.add(nextId, { urlFilter: `|ws://${host}^` });
    }
  }
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

/** Hosts for requestDomains (which also match subdomains) and exact hosts, deduplicated. */
export function patternHosts(patterns: readonly HostPattern[]): { subdomains: string[]; exact: string[] } {
  const hostsOf = (kind: HostPattern['kind']) => [
    ...new Set(patterns.filter((p) => p.kind === kind).map((p) => p.host)),
  ];
  return { subdomains: hostsOf('subdomains'), exact: hostsOf('exact') };
}

/**
 * The dynamic rules that upgrade cleartext for the given settings at time `now`, in a
 * stable order with stable ids, so the same settings always give the same rules. Watch
 * mode upgrades nothing.
 */
export function buildUpgradeRules(settings: Settings, caps: DnrCapabilities, now: number): DnrRule[] {
  if (settings.mode === 'watch') return [];
  const allTypes: ResourceType[] = [...caps.httpResourceTypes, 'websocket'];
  const allow = new AllowRules(allTypes);
  const upgradeId = idAllocator('upgrade');
  const upgrade: DnrRule[] = [
    {
      id: upgradeId(),
      priority: RULE_PRIORITY.UPGRADE,
      action: { type: 'upgradeScheme' },
      // Firefox matches a WebSocket handshake by its http:// form as well as ws://.
      condition: {
        urlFilter: '|http://',
        resourceTypes: caps.upgradesWebSockets ? allTypes : caps.httpResourceTypes,
      },
    },
    {
      id: upgradeId(),
      priority: RULE_PRIORITY.UPGRADE,
      // Chrome cannot upgrade websockets declaratively: block what the page script missed.
      action: { type: caps.upgradesWebSockets ? 'upgradeScheme' : 'block' },
      condition: { urlFilter: '|ws://', resourceTypes: ['websocket'] },
    },
  ];

  const loopbackId = idAllocator('loopback');
  allow.domains(loopbackId, ['localhost']);
  allow.hostRegexes(loopbackId, LOOPBACK_HOST_REGEXES);
  if (!settings.upgradeLocalNetwork) {
    const localId = idAllocator('localNetwork');
    allow.domains(localId, [...LOCAL_SUFFIXES]);
    allow.hostRegexes(localId, LOCAL_HOST_REGEXES);
  }

  const hosts = patternHosts(exceptionPatterns(activeExceptions(settings, now)));
  const exceptionId = idAllocator('exceptions');
  allow.domains(exceptionId, hosts.subdomains);
  allow.exactHosts(exceptionId, hosts.exact);
  return [...upgrade, ...allow.rules];
}
