import type { DnrCapabilities, DnrRule, ResourceType } from './dnr-types';
import { COOKIE_HEADER, CREDENTIAL_HEADERS, WEAK_SECRET_PARAM_NAMES } from './credentials/vocabulary';
import { LOCAL_SUFFIXES } from './host-classification';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import { activeExceptions, type Settings } from './settings';
import {
  DOMAINS_PER_RULE,
  LOCAL_HOST_REGEXES,
  chunk,
  cleartextHostRegex,
  exceptionPatterns,
  patternHosts,
} from './upgrade-rules';

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

interface EnforcedHosts {
  /** For requestDomains (they also match subdomains). */
  domains: string[];
  /** Hosts with no domain form (local IP ranges, single-label names) as regex host shapes. */
  hostRegexes: string[];
}

/** The cleartext hosts on which credentials are blocked or stripped for these settings. */
export function enforcedHosts(settings: Settings, now: number): EnforcedHosts {
  if (settings.mode === 'watch') return { domains: [], hostRegexes: [] };
  const enforcedExceptions = activeExceptions(settings, now).filter((e) => !e.allowCredentials);
  const hosts = patternHosts(exceptionPatterns(enforcedExceptions));
  const domains = [...hosts.subdomains, ...hosts.exact];
  const localEnforced =
    !settings.upgradeLocalNetwork && (settings.mode === 'strict' || settings.localNetworkCredentials !== 'warn');
  if (!localEnforced) return { domains, hostRegexes: [] };
  return { domains: [...domains, ...LOCAL_SUFFIXES], hostRegexes: LOCAL_HOST_REGEXES };
}

/** Url filters for "this parameter, with a value, in a cleartext URL's query". */
export function secretParamFilters(names: readonly string[]): string[] {
  const strong = names.filter((n) => !WEAK_SECRET_PARAM_NAMES.has(n) && /^[a-z0-9_.[\]-]+$/.test(n));
  return strong.flatMap((name) =>
    ['http', 'ws'].flatMap((scheme) => [`|${scheme}://*?${name}=`, `|${scheme}://*&${name}=`]),
  );
}

/**
 * Chrome's leak guard, declaratively: on cleartext requests to enforced hosts, strip
 * credential headers (and cookies) and block URLs that carry credentials; a blocked
 * top-level navigation is redirected to the explanatory page instead of an error.
 * Firefox does the rest in blocking webRequest, but gets the userinfo rules too: an
 * exact-host exception's allow rule does not match a URL with userinfo, so the upgrade
 * rule would otherwise take it before webRequest can block it.
 */
export function buildLeakRules(settings: Settings, caps: DnrCapabilities, now: number): DnrRule[] {
  const { domains, hostRegexes: allHostRegexes } = enforcedHosts(settings, now);
  const hostRegexes = caps.declarativeLeakGuard ? allHostRegexes : [];
  if (domains.length === 0 && hostRegexes.length === 0) return [];
  const allTypes: ResourceType[] = [...caps.httpResourceTypes, 'websocket'];
  const subresourceTypes = allTypes.filter((t) => t !== 'main_frame');
  const rules: DnrRule[] = [];

  const stripId = idAllocator('stripHeaders');
  const strip = (condition: DnrRule['condition']) =>
    rules.push({
      id: stripId(),
      priority: RULE_PRIORITY.STRIP_HEADERS,
      action: {
        type: 'modifyHeaders',
        requestHeaders: [...CREDENTIAL_HEADERS, COOKIE_HEADER].map((header) => ({ header, operation: 'remove' })),
      },
      condition: { ...condition, resourceTypes: allTypes },
    });
  for (const requestDomains of caps.declarativeLeakGuard ? chunk(domains, DOMAINS_PER_RULE) : []) {
    strip({ urlFilter: '|http://', requestDomains });
    strip({ urlFilter: '|ws://', requestDomains });
  }
  for (const host of hostRegexes) {
    strip({ regexFilter: cleartextHostRegex(host) });
  }

  const blockId = idAllocator('blockUrls');
  const urlConditions: DnrRule['condition'][] = caps.declarativeLeakGuard
    ? [
        ...secretParamFilters(settings.secretParamNames).map((urlFilter) => ({
          urlFilter,
          isUrlFilterCaseSensitive: false,
        })),
        ...CREDENTIAL_URL_REGEXES.map((regexFilter) => ({ regexFilter, isUrlFilterCaseSensitive: false })),
      ]
    : [{ regexFilter: USERINFO_REGEX, isUrlFilterCaseSensitive: false }];
  for (const requestDomains of chunk(domains, DOMAINS_PER_RULE)) {
    for (const condition of urlConditions) {
      rules.push({
        id: blockId(),
        priority: RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
        action: { type: 'block' },
        condition: { ...condition, requestDomains, resourceTypes: subresourceTypes },
      });
      if (condition.urlFilter?.startsWith('|ws:')) continue;
      rules.push({
        id: blockId(),
        priority: RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
        action: { type: 'redirect', redirect: { extensionPath: INTERSTITIAL_PATH } },
        condition: { ...condition, requestDomains, resourceTypes: ['main_frame'] },
      });
    }
  }
  return rules;
}
