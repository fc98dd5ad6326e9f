import type { DnrCapabilities, DnrRule, ResourceType } from './dnr-types';
import { LOCAL_SUFFIXES } from './host-classification';
import { DOMAINS_PER_RULE, buildExceptionRules, chunk } from './exception-rules';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import { activeExceptions, type Settings } from './settings';

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

  const persistent = activeExceptions(settings, now).filter((e) => e.scope !== 'session');
  const exceptionRules = buildExceptionRules(persistent, {
    caps,
    nextId: idAllocator('exceptions'),
    upgradeLocalNetwork: settings.upgradeLocalNetwork,
    scoped: false,
  });
  return [...upgrade, ...allow.rules, ...exceptionRules];
}
