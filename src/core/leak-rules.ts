import type { DnrCapabilities, DnrRule, ResourceType } from './dnr-types';
import { COOKIE_HEADER, CREDENTIAL_HEADERS, WEAK_SECRET_PARAM_NAMES } from './credentials/vocabulary';
import { LOCAL_SUFFIXES } from './host-classification';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import type { CredentialKind } from './credentials/findings';
import { DOMAINS_PER_RULE, chunk, exceptionPatterns, patternDomains } from './exception-rules';
import { activeExceptions, type ExceptionRule, type Settings } from './settings';
import { LOCAL_HOST_REGEXES, cleartextHostRegex } from './upgrade-rules';

/** Where a blocked top-level navigation lands: the explanatory page. */
export const INTERSTITIAL_PATH = '/src/interstitial/index.html';

/**
 * URL shapes blocked declaratively, beyond secret parameter names. Chrome's RE2 memory
 * cap refuses most key-format regexes (a JWT or a GitHub PAT pattern is too big), so
 * only these fit; the rest are detected and recorded (see README, "Known limits").
 */
export const USERINFO_REGEX = '^(?:http|ws)://[^/?#]*@';
export const CREDENTIAL_URL_REGEXES = [
  USERINFO_REGEX,
  // AWS access key ids anywhere in the query
  '^(?:http|ws)://[^#]*[?&=](?:AKIA|ASIA)[0-9A-Z]{16}',
];

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
  const localEnforced =
    (scope.includeLocal ?? true) &&
    !settings.upgradeLocalNetwork &&
    (strict || settings.localNetworkCredentials !== 'warn');
  if (localEnforced)
    groups.push({ domains: [...LOCAL_SUFFIXES], hostRegexes: LOCAL_HOST_REGEXES, enforces: () => true });
  return groups.filter((g) => g.domains.length > 0 || g.hostRegexes.length > 0);
}

/** The secret names that are blocked by name alone (the weak ones need a value check). */
export function strongParamNames(names: readonly string[]): string[] {
  return names.filter((n) => !WEAK_SECRET_PARAM_NAMES.has(n) && /^[a-z0-9_.[\]-]+$/.test(n));
}

/** The default room for names in one regex: ten default names fit Chrome's cap with room to spare. */
export const PARAM_NAME_GROUP_CHARS = 80;

/**
 * Regexes for "one of these parameters, with a value, in a cleartext URL's query", each
 * alternating names up to `groupChars` characters (at least one name each). One regex
 * per group instead of four url filters per name keeps the rules, each carrying the
 * exception's whole domain list, few: 100,000 exceptions cost hundreds of rules, not
 * thousands.
 */
export function secretParamRegexes(names: readonly string[], groupChars: number): string[] {
  const escaped = strongParamNames(names).map((n) => n.replace(/[.[\]\\-]/g, (c) => `\\${c}`));
  const groups: string[][] = [];
  let current: string[] = [];
  for (const name of escaped) {
    if (current.length > 0 && [...current, name].join('|').length > groupChars) {
      groups.push(current);
      current = [];
    }
    current.push(name);
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group) => `^(?:http|ws)://[^#]*[?&](?:${group.join('|')})=`);
}

/**
 * Chrome's leak guard, declaratively: on cleartext requests to enforced hosts, strip
 * credential headers (and cookies) and block URLs that carry credentials; a blocked
 * top-level navigation is redirected to the explanatory page instead of an error.
 * Firefox does the rest in blocking webRequest, but gets the userinfo rules too: an
 * exact-host exception's allow rule does not match a URL with userinfo, so the upgrade
 * rule would otherwise take it before webRequest can block it.
 */
export function buildLeakRules(
  settings: Settings,
  caps: DnrCapabilities,
  now: number,
  scope: LeakRuleScope = {},
): DnrRule[] {
  const groups = enforcedGroups(settings, now, scope);
  if (groups.length === 0) return [];
  const allTypes: ResourceType[] = [...caps.httpResourceTypes, 'websocket'];
  const subresourceTypes = allTypes.filter((t) => t !== 'main_frame');
  const rules: DnrRule[] = [];
  const stripId = idAllocator('stripHeaders');
  const blockId = idAllocator('blockUrls');

  for (const { domains, hostRegexes: allHostRegexes, enforces } of groups) {
    const hostRegexes = caps.declarativeLeakGuard ? allHostRegexes : [];
    const headers = [...(enforces('header') ? CREDENTIAL_HEADERS : []), ...(enforces('cookie') ? [COOKIE_HEADER] : [])];
    const strip = (condition: DnrRule['condition']) =>
      rules.push({
        id: stripId(),
        priority: RULE_PRIORITY.STRIP_HEADERS,
        action: { type: 'modifyHeaders', requestHeaders: headers.map((header) => ({ header, operation: 'remove' })) },
        condition: { ...condition, resourceTypes: allTypes },
      });
    if (headers.length > 0 && caps.declarativeLeakGuard) {
      for (const requestDomains of chunk(domains, DOMAINS_PER_RULE)) {
        strip({ urlFilter: '|http://', requestDomains });
        strip({ urlFilter: '|ws://', requestDomains });
      }
      for (const host of hostRegexes) strip({ regexFilter: cleartextHostRegex(host) });
    }

    const userinfo = enforces('userinfo') ? [USERINFO_REGEX] : [];
    const urlConditions: DnrRule['condition'][] = caps.declarativeLeakGuard
      ? [
          ...(enforces('query')
            ? secretParamRegexes(settings.secretParamNames, caps.paramNameGroupChars ?? PARAM_NAME_GROUP_CHARS)
            : []
          ).map((regexFilter) => ({ regexFilter, isUrlFilterCaseSensitive: false })),
          ...[...userinfo, ...(enforces('query') ? CREDENTIAL_URL_REGEXES.slice(1) : [])].map((regexFilter) => ({
            regexFilter,
            isUrlFilterCaseSensitive: false,
          })),
        ]
      : userinfo.map((regexFilter) => ({ regexFilter, isUrlFilterCaseSensitive: false }));
    for (const requestDomains of chunk(domains, DOMAINS_PER_RULE)) {
      for (const condition of urlConditions) {
        rules.push({
          id: blockId(),
          priority: RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
          action: { type: 'block' },
          condition: { ...condition, requestDomains, resourceTypes: subresourceTypes },
        });
        rules.push({
          id: blockId(),
          priority: RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
          action: { type: 'redirect', redirect: { extensionPath: INTERSTITIAL_PATH } },
          condition: { ...condition, requestDomains, resourceTypes: ['main_frame'] },
        });
      }
    }
  }
  return rules;
}
