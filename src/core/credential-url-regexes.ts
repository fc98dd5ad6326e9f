import { ESCAPED_UNRESERVED_SOURCE } from './credentials/url-params';
import { VALUE_SHAPES } from './credentials/value-shapes';
import {
  OAUTH_CODE_PARAM,
  OAUTH_STATE_PARAM,
  WEAK_SECRET_PARAM_NAMES,
  WEAK_VALUE_MIN_LENGTH,
} from './credentials/vocabulary';

/**
 * Chrome's declarative tests for a credential in a cleartext URL: the same tests as the
 * detector (credentials/detect-url.ts), written as RE2 regexes small enough for Chrome's
 * 2 KB compile cap (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#regex-rules).
 * Each condition is the part after the host ("tail"); leak-rules.ts puts a prefix in
 * front (any host of a domain list, or one host shape).
 */
export interface UrlCredentialCondition {
  kind: 'userinfo' | 'query';
  tail: string;
  /** Key formats are; parameter names are not. */
  caseSensitive: boolean;
}

const CLEARTEXT = '^(?:http|ws)://';
const escapeName = (name: string) => name.replace(/[.[\]\\-]/g, (c) => `\\${c}`);

/** Names the rules can spell (letters, digits, "_", "-"; other names are the detector's alone). */
export function ruleParamNames(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.toLowerCase()))].filter((n) => /^[a-z0-9_-]+$/.test(n));
}

/** The default room for names in one regex (Chrome takes about 60 characters of them). */
export const PARAM_NAME_GROUP_CHARS = 56;

/**
 * "One of these parameters, with a value": as a name of its own or the last part of a
 * bracketed or dotted name ("user[password]", "user%5Bpassword%5D", "auth.token").
 * Names alternate up to `groupChars` characters per regex (at least one each); fewer
 * regexes keep the rules, each repeating the exception domain lists, few.
 */
function strongNameTails(names: readonly string[], groupChars: number): string[] {
  const strong = ruleParamNames(names).filter((n) => !WEAK_SECRET_PARAM_NAMES.has(n));
  const groups: string[][] = [];
  let current: string[] = [];
  for (const name of strong.map(escapeName)) {
    if (current.length > 0 && [...current, name].join('|').length > groupChars) {
      groups.push(current);
      current = [];
    }
    current.push(name);
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group) => `[?&](?:[^=&#]*(?:\\[|%5b|\\.))?(?:${group.join('|')})(?:\\]|%5d)?=[^&#]`);
}

/** Every query-kind condition for the configured secret names. */
export function queryConditions(secretNames: readonly string[], groupChars: number): UrlCredentialCondition[] {
  const configured = new Set(ruleParamNames(secretNames));
  const weak = [...WEAK_SECRET_PARAM_NAMES].filter((n) => configured.has(n));
  const long = `[^&]{${WEAK_VALUE_MIN_LENGTH}}`;
  const insensitive = (tail: string): UrlCredentialCondition => ({ kind: 'query', tail, caseSensitive: false });
  return [
    ...strongNameTails(secretNames, groupChars).map(insensitive),
    ...(weak.length > 0 ? [insensitive(`[?&](?:${weak.join('|')})=${long}`)] : []),
    // An OAuth callback's code, with `state` on either side (one alternation is over the cap).
    insensitive(`[?&]${OAUTH_CODE_PARAM}=${long}[^#]*[?&]${OAUTH_STATE_PARAM}=`),
    insensitive(`[?&]${OAUTH_STATE_PARAM}=[^#]*[?&]${OAUTH_CODE_PARAM}=${long}`),
    insensitive(`[?&][^=&#]*${ESCAPED_UNRESERVED_SOURCE}[^=&#]*=[^&#]`),
    ...VALUE_SHAPES.map((shape): UrlCredentialCondition => ({
      kind: 'query',
      tail: shape.source,
      caseSensitive: true,
    })),
  ];
}

/** A condition on any URL of a domain list (requestDomains picks the hosts). */
export function domainRegex(condition: UrlCredentialCondition): string {
  if (condition.kind === 'userinfo') return `${CLEARTEXT}[^/?#]*@`;
  return `${CLEARTEXT}[^#]*${condition.tail}`;
}

/** A condition on the URLs of one host shape (a local IP range, single-label names). */
export function hostShapeRegex(hostRegex: string, condition: UrlCredentialCondition): string {
  if (condition.kind === 'userinfo') return `${CLEARTEXT}[^/?#@]*@(?:${hostRegex})(?:[:/?#]|$)`;
  return `${CLEARTEXT}(?:[^/?#@]*@)?(?:${hostRegex})(?::[0-9]+)?[/?][^#]*${condition.tail}`;
}

export const USERINFO_CONDITION: UrlCredentialCondition = { kind: 'userinfo', tail: '', caseSensitive: false };
