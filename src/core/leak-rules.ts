import type { DnrCapabilities, DnrCondition, DnrRule, ResourceType } from './dnr-types';
import {
  PARAM_NAME_GROUP_CHARS,
  USERINFO_CONDITION,
  domainRegex,
  hostShapeRegex,
  queryConditions,
  type UrlCredentialCondition,
} from './credential-url-regexes';
import { COOKIE_HEADER, CREDENTIAL_HEADERS } from './credentials/vocabulary';
import { LOCAL_SUFFIXES } from './host-classification';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import type { CredentialKind } from './credentials/findings';
import { chunk, exceptionPatterns, patternDomains } from './exception-rules';
import { localNetworkGuarded } from './policy';
import { activeExceptions, type ExceptionRule, type Settings } from './settings';
import { LOCAL_HOST_REGEXES, cleartextHostRegex } from './upgrade-rules';

/** Where a blocked top-level navigation lands: the explanatory page. */
export const INTERSTITIAL_PATH = '/src/interstitial/index.html';

/**
 * Domains per leak-guard rule. Every URL condition repeats the domain list, so the lists
 * are long (few rules, within Chrome's 1,000 regex rules for 200,000 exceptions).
 */
export const LEAK_DOMAINS_PER_RULE = 25_000;

/** Which kinds of credential the rules for a group of hosts enforce. */
type KindEnforced = (kind: CredentialKind) => boolean;

interface EnforcedGroup {
  /** For requestDomains (they also match subdomains). */
  domains: string[];
  /** Hosts with no domain form (local IP ranges, single-label names) as regex host shapes. */
  hostRegexes: string[];
  enforces: KindEnforced;
}

export interface LeakRuleScope {
  /** The exceptions to guard (default: the settings' persistent ones in force). */
  exceptions?: readonly ExceptionRule[];
  /** Also guard the local network when the settings say so (default true). */
  includeLocal?: boolean;
}

/** The cleartext hosts on which credentials are blocked or stripped, and which kinds. */
export function enforcedGroups(settings: Settings, now: number, scope: LeakRuleScope = {}): EnforcedGroup[] {
  if (settings.mode === 'watch') return [];
  const strict = settings.mode === 'strict';
  const exceptions = scope.exceptions ?? activeExceptions(settings, now).filter((e) => e.scope !== 'session');
  const guarded = exceptions.filter((e) => !e.allowCredentials);
  const groups: EnforcedGroup[] = [
    {
      domains: patternDomains(exceptionPatterns(guarded)),
      hostRegexes: [],
      enforces: (kind) => strict || settings.credentialPolicy[kind] !== 'warn',
    },
  ];
  if ((scope.includeLocal ?? true) && localNetworkGuarded(settings))
    groups.push({ domains: [...LOCAL_SUFFIXES], hostRegexes: LOCAL_HOST_REGEXES, enforces: () => true });
  return groups.filter((g) => g.domains.length > 0 || g.hostRegexes.length > 0);
}

/** "localhost" is a single-label name too; loopback is left alone, always. */
const NOT_LOOPBACK = { excludedRequestDomains: ['localhost'] };

/** Methods whose requests carry a body: strict mode blocks them to guarded hosts (Chrome). */
const BODY_METHODS = ['post', 'put', 'patch'] as const;

/**
 * Chrome's leak guard, declaratively: on cleartext requests to enforced hosts, strip
 * credential headers (and cookies) and block URLs that carry credentials; a blocked
 * top-level navigation is redirected to the explanatory page instead of an error. In
 * strict mode, requests with a body to those hosts are blocked too: only the page guard
 * can read a body, and workers have none.
 * Firefox does the rest in blocking webRequest, but gets the userinfo rules too: an
 * exact-host exception's allow rule does not match a URL with userinfo, so the upgrade
 * rule would otherwise take it before webRequest can block it.
 *
 * `groupChars`: characters of parameter names per regex (background/rule-sync.ts lowers
 * it when Chrome refuses a regex).
 */
export function buildLeakRules(
  settings: Settings,
  caps: DnrCapabilities,
  now: number,
  scope: LeakRuleScope = {},
  groupChars: number = PARAM_NAME_GROUP_CHARS,
): DnrRule[] {
  const groups = enforcedGroups(settings, now, scope);
  if (groups.length === 0) return [];
  const allTypes: ResourceType[] = [...caps.httpResourceTypes, 'websocket'];
  const subresourceTypes = allTypes.filter((t) => t !== 'main_frame');
  const rules: DnrRule[] = [];
  const stripId = idAllocator('stripHeaders');
  const blockId = idAllocator('blockUrls');
  const declarative = caps.declarativeLeakGuard;

  const block = (condition: DnrCondition) => {
    rules.push({
      id: blockId(),
      priority: RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
      action: { type: 'block' },
      condition: { ...condition, resourceTypes: subresourceTypes },
    });
    rules.push({
      id: blockId(),
      priority: RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
      action: { type: 'redirect', redirect: { extensionPath: INTERSTITIAL_PATH } },
      condition: { ...condition, resourceTypes: ['main_frame'] },
    });
  };
  const regexCondition = (regexFilter: string, c: UrlCredentialCondition): DnrCondition => ({
    regexFilter,
    isUrlFilterCaseSensitive: c.caseSensitive,
  });

  for (const { domains, hostRegexes: allHostRegexes, enforces } of groups) {
    const hostRegexes = declarative ? allHostRegexes : [];
    const headers = [...(enforces('header') ? CREDENTIAL_HEADERS : []), ...(enforces('cookie') ? [COOKIE_HEADER] : [])];
    const domainChunks = chunk(domains, LEAK_DOMAINS_PER_RULE);
    if (headers.length > 0 && declarative) {
      const strip = (condition: DnrCondition) =>
        rules.push({
          id: stripId(),
          priority: RULE_PRIORITY.STRIP_HEADERS,
          action: { type: 'modifyHeaders', requestHeaders: headers.map((header) => ({ header, operation: 'remove' })) },
          condition: { ...condition, resourceTypes: allTypes },
        });
      for (const requestDomains of domainChunks) {
        strip({ urlFilter: '|http://', requestDomains });
        strip({ urlFilter: '|ws://', requestDomains });
      }
      for (const host of hostRegexes) strip({ regexFilter: cleartextHostRegex(host), ...NOT_LOOPBACK });
    }

    const conditions: UrlCredentialCondition[] = [
      ...(enforces('userinfo') ? [USERINFO_CONDITION] : []),
      ...(declarative && enforces('query') ? queryConditions(settings.secretParamNames, groupChars) : []),
    ];
    for (const requestDomains of domainChunks) {
      for (const c of conditions) block({ ...regexCondition(domainRegex(c), c), requestDomains });
    }
    for (const host of hostRegexes) {
      for (const c of conditions) block({ ...regexCondition(hostShapeRegex(host, c), c), ...NOT_LOOPBACK });
    }

    if (declarative && settings.mode === 'strict') {
      const bodyTypes = subresourceTypes.filter((t) => t !== 'sub_frame' && t !== 'websocket');
      const blockBodies = (condition: DnrCondition) =>
        rules.push({
          id: blockId(),
          priority: RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
          action: { type: 'block' },
          condition: { ...condition, requestMethods: [...BODY_METHODS], resourceTypes: bodyTypes },
        });
      for (const requestDomains of domainChunks) blockBodies({ urlFilter: '|http://', requestDomains });
      for (const host of hostRegexes) blockBodies({ regexFilter: cleartextHostRegex(host), ...NOT_LOOPBACK });
    }
  }
  return rules;
}
