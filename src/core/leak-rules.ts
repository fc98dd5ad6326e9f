import {
  allResourceTypes,
  type DnrCapabilities,
  type DnrCondition,
  type DnrRule,
  type ResourceType,
} from './dnr-types';
import {
  PARAM_NAME_GROUP_CHARS,
  USERINFO_CONDITION,
  domainRegex,
  hostShapeRegex,
  queryConditions,
  type UrlCredentialCondition,
} from './credential-url-regexes';
import type { CredentialKind } from './credentials/findings';
import { COOKIE_HEADER, CREDENTIAL_HEADERS } from './credentials/vocabulary';
import { chunk, exceptionPatterns, patternDomains } from './exception-rules';
import { LOCAL_SUFFIXES, SPECIAL_USE_SUFFIXES } from './host-classification';
import { ANY_HOST } from './host-pattern';
import { localNetworkGuarded } from './policy';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import { activeExceptions, type ExceptionRule, type Settings } from './settings';
import { LOCAL_HOST_REGEXES, LOOPBACK_HOST_REGEXES, cleartextHostRegex } from './upgrade-rules';

/** Where a blocked top-level navigation lands: the explanatory page. */
export const INTERSTITIAL_PATH = '/src/interstitial/index.html';

/** Domains per header-stripping rule (the lists are long: few rules). */
export const LEAK_DOMAINS_PER_RULE = 25_000;

/**
 * A cleartext URL whose host is a name (a dot, and a letter after it): not an IP
 * address, not a single-label name. What the re-upgrade takes back from the credential
 * block; IP addresses and single labels are the local network's shapes, left to it.
 */
export const NAMED_HOST_REGEX =
  '^(?:http|ws)://(?:[^/?#@]*@)?[^/?#@:\\[\\]]*\\.[^/?#@:\\[\\]]*[a-z][^/?#@:\\[\\]]*(?::[0-9]+)?(?:[/?#]|$)';

/** Methods whose requests carry a body: strict mode blocks them to guarded hosts (Chrome). */
const BODY_METHODS = ['post', 'put', 'patch'] as const;

/** "localhost" is a single-label name too; loopback is left alone, always. */
const NOT_LOOPBACK = { excludedRequestDomains: ['localhost'] };

type KindEnforced = (kind: CredentialKind) => boolean;

/** The rules' view of the settings: which cleartext hosts are guarded, for which kinds. */
interface LeakScope {
  /** Persistent exceptions in force, guarded (credentials not allowed). */
  guardedDomains: string[];
  /** Special-use names left on http (none when the user upgrades them): guarded like an exception. */
  specialDomains: string[];
  /** Every persistent exception's host (guarded or not): they keep http, never re-upgraded. */
  exceptedDomains: string[];
  /** Exceptions that allow credentials: nothing of the leak guard applies to them. */
  trustedDomains: string[];
  exceptionsEnforce: KindEnforced;
  localGuarded: boolean;
}

function leakScope(settings: Settings, now: number): LeakScope {
  const persistent = activeExceptions(settings, now).filter((e) => e.scope !== 'session');
  // An exception for one site only: its host is guarded wherever it stays on http; it is
  // among the re-upgrade's exclusions too (which would override its allow), so elsewhere
  // a credential to it is blocked rather than upgraded: stricter, never weaker.
  const everywhere = persistent.filter((e) => e.onlyOn === undefined);
  const domains = (list: ExceptionRule[]) => patternDomains(exceptionPatterns(list));
  const strict = settings.mode === 'strict';
  return {
    guardedDomains: domains(persistent.filter((e) => !e.allowCredentials)),
    // Names not on the public web stay on http and are guarded like a guarded exception.
    specialDomains: settings.upgradeSpecialUseNames ? [] : [...SPECIAL_USE_SUFFIXES],
    exceptedDomains: domains(persistent),
    trustedDomains: domains(everywhere.filter((e) => e.allowCredentials)),
    exceptionsEnforce: (kind) => strict || settings.credentialPolicy[kind] !== 'warn',
    localGuarded: localNetworkGuarded(settings),
  };
}

/** The credential tests of one kind the browser runs declaratively. */
function urlConditions(kind: 'userinfo' | 'query', settings: Settings, caps: DnrCapabilities, groupChars: number) {
  if (kind === 'userinfo') return [USERINFO_CONDITION];
  // Firefox's blocking webRequest runs the detector itself: only userinfo goes to its rules.
  return caps.declarativeLeakGuard ? queryConditions(settings.secretParamNames, groupChars) : [];
}

interface Builder {
  rules: DnrRule[];
  allTypes: ResourceType[];
  subresourceTypes: ResourceType[];
  stripId: () => number;
  blockId: () => number;
}

function builder(caps: DnrCapabilities, ranges: { strip: () => number; block: () => number }): Builder {
  const allTypes = allResourceTypes(caps);
  return {
    rules: [],
    allTypes,
    subresourceTypes: allTypes.filter((t) => t !== 'main_frame'),
    stripId: ranges.strip,
    blockId: ranges.block,
  };
}

/** A credential URL: blocked as a request, sent to the explanatory page as a navigation. */
function blockCredentialUrls(b: Builder, condition: DnrCondition, priority: number): void {
  b.rules.push({
    id: b.blockId(),
    priority,
    action: { type: 'block' },
    condition: { ...condition, resourceTypes: b.subresourceTypes },
  });
  b.rules.push({
    id: b.blockId(),
    priority,
    action: { type: 'redirect', redirect: { extensionPath: INTERSTITIAL_PATH } },
    condition: { ...condition, resourceTypes: ['main_frame'] },
  });
}

const regexCondition = (regexFilter: string, c: UrlCredentialCondition): DnrCondition => ({
  regexFilter,
  isUrlFilterCaseSensitive: c.caseSensitive,
});

function stripHeaders(b: Builder, headers: string[], condition: DnrCondition, priority: number): void {
  if (headers.length === 0) return;
  b.rules.push({
    id: b.stripId(),
    priority,
    action: { type: 'modifyHeaders', requestHeaders: headers.map((header) => ({ header, operation: 'remove' })) },
    condition: { ...condition, resourceTypes: b.allTypes },
  });
}

function credentialHeaders(enforces: KindEnforced): string[] {
  return [...(enforces('header') ? CREDENTIAL_HEADERS : []), ...(enforces('cookie') ? [COOKIE_HEADER] : [])];
}

/** Strict mode: a request with a body to a guarded host is blocked (only the page guard can read one). */
function blockBodies(b: Builder, condition: DnrCondition, priority: number): void {
  b.rules.push({
    id: b.blockId(),
    priority,
    action: { type: 'block' },
    condition: {
      ...condition,
      requestMethods: [...BODY_METHODS],
      resourceTypes: b.subresourceTypes.filter((t) => t !== 'sub_frame' && t !== 'websocket'),
    },
  });
}

/**
 * Chrome's leak guard, declaratively, for the settings' persistent exceptions and the
 * local network (session rules: buildScopedLeakRules):
 * - strip credential headers and cookies on cleartext requests to guarded hosts (5);
 * - block any cleartext URL that carries a credential (6), wherever it goes, but to an
 *   exception that allows credentials, loopback, or the local network when its policy
 *   lets credentials through; a navigation goes to the explanatory page instead;
 * - above that (7), upgrade every named host that has no exception (what the block caught
 *   there leaves over https, as it would have without a credential), and leave loopback
 *   (and an unguarded local network) alone.
 * One rule per credential test, without domain lists: 100,000 exceptions cost their
 * domains once (in the re-upgrade's exclusions), not once per test. Where the exceptions
 * let a kind through (policy "warn") but the local network guards it, that kind's tests
 * are scoped to the local network's names and address shapes instead.
 * In strict mode requests with a body to guarded hosts are blocked too (workers have no
 * page guard). Firefox's blocking webRequest does the rest itself; its rules hold the
 * userinfo test only.
 *
 * `groupChars`: characters of parameter names per regex (background/rule-sync.ts lowers
 * it when Chrome refuses a regex).
 */
export function buildLeakRules(
  settings: Settings,
  caps: DnrCapabilities,
  now: number,
  groupChars: number = PARAM_NAME_GROUP_CHARS,
): DnrRule[] {
  if (settings.mode === 'watch') return [];
  const scope = leakScope(settings, now);
  const b = builder(caps, { strip: idAllocator('stripHeaders'), block: idAllocator('blockUrls') });
  const declarative = caps.declarativeLeakGuard;
  const localHostRegexes = declarative ? LOCAL_HOST_REGEXES : [];

  if (declarative) {
    const headers = credentialHeaders(scope.exceptionsEnforce);
    for (const requestDomains of chunk(scope.guardedDomains, LEAK_DOMAINS_PER_RULE)) {
      for (const urlFilter of ['|http://', '|ws://']) {
        stripHeaders(b, headers, { urlFilter, requestDomains }, RULE_PRIORITY.STRIP_HEADERS);
      }
    }
    if (scope.specialDomains.length > 0) {
      // Names not on the public web, but an exception below them that allows credentials.
      const trusted = scope.trustedDomains.length > 0 ? { excludedRequestDomains: scope.trustedDomains } : {};
      for (const urlFilter of ['|http://', '|ws://']) {
        const condition = { urlFilter, requestDomains: scope.specialDomains, ...trusted };
        stripHeaders(b, headers, condition, RULE_PRIORITY.STRIP_HEADERS);
      }
    }
    if (scope.localGuarded) {
      const all = credentialHeaders(() => true);
      for (const urlFilter of ['|http://', '|ws://']) {
        stripHeaders(b, all, { urlFilter, requestDomains: [...LOCAL_SUFFIXES] }, RULE_PRIORITY.STRIP_HEADERS);
      }
      for (const host of localHostRegexes) {
        stripHeaders(b, all, { regexFilter: cleartextHostRegex(host), ...NOT_LOOPBACK }, RULE_PRIORITY.STRIP_HEADERS);
      }
    }
  }

  let anyGlobal = false;
  for (const kind of ['userinfo', 'query'] as const) {
    const conditions = urlConditions(kind, settings, caps, groupChars);
    if (scope.exceptionsEnforce(kind) && scope.guardedDomains.length + scope.specialDomains.length > 0) {
      // Every cleartext URL, but where credentials may go: the re-upgrade (7) takes back the rest.
      anyGlobal ||= conditions.length > 0;
      const excludedRequestDomains = [
        'localhost',
        ...(scope.localGuarded ? [] : LOCAL_SUFFIXES),
        ...scope.trustedDomains,
      ];
      for (const c of conditions) {
        blockCredentialUrls(
          b,
          { ...regexCondition(domainRegex(c), c), excludedRequestDomains },
          RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
        );
      }
    } else if (scope.localGuarded) {
      for (const c of conditions) {
        const requestDomains = [...LOCAL_SUFFIXES];
        blockCredentialUrls(
          b,
          { ...regexCondition(domainRegex(c), c), requestDomains },
          RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
        );
        for (const host of localHostRegexes) {
          blockCredentialUrls(
            b,
            { ...regexCondition(hostShapeRegex(host, c), c), ...NOT_LOOPBACK },
            RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
          );
        }
      }
    }
  }
  if (anyGlobal) b.rules.push(...pastCredentialBlock(settings, scope, caps));

  if (declarative && settings.mode === 'strict') {
    for (const requestDomains of chunk([...scope.guardedDomains, ...scope.specialDomains], LEAK_DOMAINS_PER_RULE)) {
      blockBodies(b, { urlFilter: '|http://', requestDomains }, RULE_PRIORITY.BLOCK_CREDENTIAL_URL);
    }
    if (scope.localGuarded) {
      blockBodies(
        b,
        { urlFilter: '|http://', requestDomains: [...LOCAL_SUFFIXES] },
        RULE_PRIORITY.BLOCK_CREDENTIAL_URL,
      );
      for (const host of localHostRegexes) {
        blockBodies(b, { regexFilter: cleartextHostRegex(host), ...NOT_LOOPBACK }, RULE_PRIORITY.BLOCK_CREDENTIAL_URL);
      }
    }
  }
  return b.rules;
}

/**
 * What passes the global credential block, one priority above it: every named host
 * without an exception is upgraded, as the baseline would have upgraded it (a credential
 * in its address then travels over https); loopback is left alone; and so is the local
 * network's address shapes when its policy lets credentials through. A credential URL to
 * a public IP address stays blocked (no rule can tell a public address from a private one
 * but by listing them).
 */
function pastCredentialBlock(settings: Settings, scope: LeakScope, caps: DnrCapabilities): DnrRule[] {
  const nextId = idAllocator('pastCredentialBlock');
  const allTypes = allResourceTypes(caps);
  const priority = RULE_PRIORITY.PAST_CREDENTIAL_BLOCK;
  const rules: DnrRule[] = [
    {
      id: nextId(),
      priority,
      action: { type: 'upgradeScheme' },
      condition: {
        regexFilter: NAMED_HOST_REGEX,
        excludedRequestDomains: [
          'localhost',
          ...(settings.upgradeLocalNetwork ? [] : LOCAL_SUFFIXES),
          ...scope.specialDomains,
          ...scope.exceptedDomains,
        ],
        // Chrome cannot upgrade a websocket: there the block stands
        // (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-RuleActionType).
        resourceTypes: caps.upgradesWebSockets ? allTypes : caps.httpResourceTypes,
      },
    },
  ];
  const allow = (regexFilter: string) =>
    rules.push({
      id: nextId(),
      priority,
      action: { type: 'allow' },
      condition: { regexFilter, resourceTypes: allTypes },
    });
  for (const host of LOOPBACK_HOST_REGEXES) allow(cleartextHostRegex(host));
  if (!scope.localGuarded && !settings.upgradeLocalNetwork) {
    for (const host of LOCAL_HOST_REGEXES) {
      rules.push({
        id: nextId(),
        priority,
        action: { type: 'allow' },
        condition: { regexFilter: cleartextHostRegex(host), ...NOT_LOOPBACK, resourceTypes: allTypes },
      });
    }
  }
  return rules;
}

/**
 * The leak guard for exceptions that live in session rules (this browser session's, and a
 * tab's "continue once"), scoped to their own hosts and above their allow rules (8): strip
 * (9) and block (10). The caller puts them in session rules (with tab ids for a tab's).
 */
export function buildScopedLeakRules(
  exceptions: readonly ExceptionRule[],
  settings: Settings,
  caps: DnrCapabilities,
  groupChars: number = PARAM_NAME_GROUP_CHARS,
): DnrRule[] {
  if (settings.mode === 'watch') return [];
  const strict = settings.mode === 'strict';
  const enforces: KindEnforced = (kind) => strict || settings.credentialPolicy[kind] !== 'warn';
  const guarded = exceptions.filter((e) => !e.allowCredentials);
  // ANY_HOST ("*", a captive portal's tab): the rules hold for every host.
  const everyHost = guarded.some((e) => e.pattern === ANY_HOST);
  const domains = patternDomains(exceptionPatterns(guarded));
  if (domains.length === 0 && !everyHost) return [];
  const b = builder(caps, { strip: idAllocator('stripHeaders'), block: idAllocator('blockUrls') });
  const declarative = caps.declarativeLeakGuard;
  const scopes: { requestDomains?: string[] }[] = everyHost
    ? [{}]
    : chunk(domains, LEAK_DOMAINS_PER_RULE).map((requestDomains) => ({ requestDomains }));
  for (const scope of scopes) {
    if (declarative) {
      for (const urlFilter of ['|http://', '|ws://']) {
        stripHeaders(b, credentialHeaders(enforces), { urlFilter, ...scope }, RULE_PRIORITY.SESSION_STRIP_HEADERS);
      }
    }
    for (const kind of ['userinfo', 'query'] as const) {
      if (!enforces(kind)) continue;
      for (const c of urlConditions(kind, settings, caps, groupChars)) {
        blockCredentialUrls(
          b,
          { ...regexCondition(domainRegex(c), c), ...scope },
          RULE_PRIORITY.SESSION_BLOCK_CREDENTIAL_URL,
        );
      }
    }
    if (declarative && strict) {
      blockBodies(b, { urlFilter: '|http://', ...scope }, RULE_PRIORITY.SESSION_BLOCK_CREDENTIAL_URL);
    }
  }
  return b.rules;
}
