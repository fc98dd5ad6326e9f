import { allResourceTypes, type DnrCapabilities, type DnrRule, type ResourceType } from './dnr-types';
import { LOCAL_SUFFIXES, SPECIAL_USE_SUFFIXES, suffixesLeftOnHttp } from './host-classification';
import { DOMAINS_PER_RULE, buildExceptionRules, chunk } from './exception-rules';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import { activeExceptions, type Settings } from './settings';

/**
 * A cleartext URL (http or ws, any userinfo, any port) whose host matches `hostRegex`.
 * Chrome compiles each regexFilter with RE2 under a 2 KB memory cap
 * (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#regex-rules),
 * so every regex here holds one host shape only: an alternation of even ten literal hosts
 * is refused.
 */
export function cleartextHostRegex(hostRegex: string): string {
  return `^(?:http|ws)://(?:[^/?#@]*@)?(?:${hostRegex})(?::[0-9]+)?(?:[/?#]|$)`;
}

export const LOOPBACK_HOST_REGEXES = [
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

/** Rules that keep (or take) the hosts of one kind at one priority, for every resource type. */
class HostRules {
  readonly rules: DnrRule[] = [];
  constructor(
    private readonly allTypes: ResourceType[],
    private readonly action: DnrRule['action'],
    private readonly priority: number,
    private readonly extra: Partial<DnrRule['condition']> = {},
  ) {}

  private add(nextId: () => number, condition: DnrRule['condition']): void {
    this.rules.push({
      id: nextId(),
      priority: this.priority,
      action: this.action,
      condition: { ...condition, ...this.extra, resourceTypes: this.allTypes },
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

/** A domain-list rule that matches only what an upgrade can change (requestDomains matches any scheme). */
const CLEARTEXT_ONLY = { regexFilter: '^(?:http|ws)://' };

/** The static ruleset every install starts with (manifest declarative_net_request). */
export const BASELINE_RULESET_ID = 'baseline';
export const BASELINE_RULESET_PATH = 'rules/baseline.json';

/**
 * The static baseline, in force from the moment the extension is installed, before any of
 * its JavaScript runs: upgrade every `http://` request (Chrome cannot upgrade `ws://`
 * declaratively, so it blocks what the page guard missed:
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleActionType),
 * and leave loopback and the local network and the names that are not on the public web
 * alone (the default settings). Dynamic rules refine it; watch mode turns the ruleset off
 * (background/rule-sync.ts).
 */
export function buildBaselineRules(caps: DnrCapabilities): DnrRule[] {
  const allTypes = allResourceTypes(caps);
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
      // Chrome cannot upgrade websockets declaratively: block what the page script missed
      // (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleActionType).
      action: { type: caps.upgradesWebSockets ? 'upgradeScheme' : 'block' },
      condition: { urlFilter: '|ws://', resourceTypes: ['websocket'] },
    },
  ];
  const allow = new HostRules(allTypes, { type: 'allow' }, RULE_PRIORITY.BASELINE_ALLOW);
  const loopbackId = idAllocator('loopback');
  allow.domains(loopbackId, ['localhost']);
  allow.hostRegexes(loopbackId, LOOPBACK_HOST_REGEXES);
  const localId = idAllocator('localNetwork');
  allow.domains(localId, [...LOCAL_SUFFIXES]);
  allow.hostRegexes(localId, LOCAL_HOST_REGEXES);
  const special = new HostRules(allTypes, { type: 'allow' }, RULE_PRIORITY.BASELINE_ALLOW, CLEARTEXT_ONLY);
  special.domains(idAllocator('specialUse'), [...SPECIAL_USE_SUFFIXES]);
  return [...upgrade, ...allow.rules, ...special.rules, upgradeInsecureRequests()];
}

/**
 * An https document's own http:// parts (mixed content): the browser rewrites them to
 * https itself before any request is made (Content-Security-Policy:
 * upgrade-insecure-requests, as HTTPS Everywhere's EASE mode did), instead of blocking
 * scripts and styles, and without an internal redirect per part. The header is appended:
 * a page's own policy stays in force (every policy a page receives applies), and a page
 * on http (an exception) gets nothing.
 */
function upgradeInsecureRequests(): DnrRule {
  return {
    id: idAllocator('upgradeInsecureRequests')(),
    priority: RULE_PRIORITY.UPGRADE,
    action: {
      type: 'modifyHeaders',
      responseHeaders: [{ header: 'content-security-policy', operation: 'append', value: 'upgrade-insecure-requests' }],
    },
    condition: { urlFilter: '|https://', resourceTypes: ['main_frame', 'sub_frame'] },
  };
}

/** Whether the static baseline should be on: off in watch mode only (nothing is upgraded). */
export function baselineWanted(settings: Settings): boolean {
  return settings.mode !== 'watch';
}

/**
 * Hosts the baseline leaves on http, upgraded after all (the user's choice): a rule above
 * the baseline's allow, so a browser that restores the baseline after an update still
 * upgrades them (the enabled rulesets are not kept across an update:
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest).
 * Chrome cannot upgrade a websocket declaratively: there it is blocked (the page guard
 * upgrades what it sees;
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleActionType).
 */
function upgradeAfterAll(
  caps: DnrCapabilities,
  nextId: () => number,
  domains: string[],
  hostRegexes: string[],
  extra: Partial<DnrRule['condition']> = {},
): DnrRule[] {
  const allTypes = allResourceTypes(caps);
  const types = caps.upgradesWebSockets ? allTypes : caps.httpResourceTypes;
  const upgrade = new HostRules(types, { type: 'upgradeScheme' }, RULE_PRIORITY.UPGRADE_LOCAL_NETWORK, extra);
  upgrade.domains(nextId, domains);
  upgrade.hostRegexes(nextId, hostRegexes);
  if (caps.upgradesWebSockets) return upgrade.rules;
  const block = new HostRules(['websocket'], { type: 'block' }, RULE_PRIORITY.UPGRADE_LOCAL_NETWORK, extra);
  block.domains(nextId, domains);
  block.hostRegexes(nextId, hostRegexes);
  return [...upgrade.rules, ...block.rules];
}

/**
 * The dynamic rules that refine the baseline for the given settings at time `now`, in a
 * stable order with stable ids, so the same settings always give the same rules: the
 * local network upgraded when the user asks (a rule above the baseline's allow, so a
 * browser that restores the baseline after an update still upgrades it, as above), and
 * the exceptions. Watch mode has none.
 */
export function buildUpgradeRules(settings: Settings, caps: DnrCapabilities, now: number): DnrRule[] {
  if (settings.mode === 'watch') return [];
  const localRules: DnrRule[] = [];
  if (settings.upgradeLocalNetwork) {
    // "localhost" is a single-label name too: loopback is never upgraded.
    localRules.push(
      ...upgradeAfterAll(caps, idAllocator('upgradeLocalNetwork'), [...LOCAL_SUFFIXES], LOCAL_HOST_REGEXES, {
        excludedRequestDomains: ['localhost'],
      }),
    );
  }
  if (settings.upgradeSpecialUseNames) {
    localRules.push(
      ...upgradeAfterAll(caps, idAllocator('upgradeSpecialUse'), [...SPECIAL_USE_SUFFIXES], [], CLEARTEXT_ONLY),
    );
  }

  const persistent = activeExceptions(settings, now).filter((e) => e.scope !== 'session');
  const exceptionRules = buildExceptionRules(persistent, {
    caps,
    nextId: idAllocator('exceptions'),
    leftOnHttp: suffixesLeftOnHttp(settings),
    scoped: false,
  });
  return [...localRules, ...exceptionRules];
}
