import { parseUrl } from '../url';
import type { Finding } from './findings';
import { hasEscapedUnreserved, nameCandidates, rawParams, type RawParam } from './url-params';
import { findValueShape, findValueShapes } from './value-shapes';
import { OAUTH_CODE_PARAM, OAUTH_STATE_PARAM, WEAK_SECRET_PARAM_NAMES, WEAK_VALUE_MIN_LENGTH } from './vocabulary';

/** The finding name for a key-shaped value in the URL's path rather than its query. */
export const PATH_FINDING_NAME = '(path)';

/**
 * Credentials a URL carries on the wire: userinfo; query parameters that are secret by
 * name (case-insensitive, from `secretNames`, also as the last part of "user[password]"
 * or "auth.token"); the weak names (sig, signature, session, auth) and an OAuth callback's
 * `code` with a long value; a name disguised with needless percent-escapes; and a value
 * of a well-known key format anywhere after the scheme, path included. The fragment
 * never leaves the browser and is ignored.
 *
 * Chrome's declarative rules (core/leak-rules.ts) test the same things on the raw URL;
 * url-rules.test.ts checks that both agree.
 */
export function findUrlCredentials(href: string, secretNames: readonly string[]): Finding[] {
  const url = parseUrl(href);
  if (!url) return [];
  const findings: Finding[] = [];
  if (url.username !== '' || url.password !== '') {
    findings.push({
      kind: 'userinfo',
      name: url.password !== '' ? 'user:password' : 'user',
      shape: null,
      value: `${url.username}:${url.password}`,
    });
  }
  const names = lowerCaseSet(secretNames);
  const wire = url.href.replace(/#.*$/, '');
  const queryStart = wire.indexOf('?');
  const params = queryStart < 0 ? [] : rawParams(wire.slice(queryStart + 1), queryStart + 1);
  const flagged = new Set<RawParam>();
  const isOAuthCallback = params.some((p) => p.rawName.toLowerCase() === OAUTH_STATE_PARAM);
  for (const param of params) {
    if (param.rawValue === '') continue;
    const lower = param.rawName.toLowerCase();
    const long = param.rawValue.length >= WEAK_VALUE_MIN_LENGTH;
    const byName =
      nameCandidates(param.rawName).some((n) => names.has(n) && !WEAK_SECRET_PARAM_NAMES.has(n)) ||
      (WEAK_SECRET_PARAM_NAMES.has(lower) && names.has(lower) && long) ||
      (lower === OAUTH_CODE_PARAM && isOAuthCallback && long) ||
      hasEscapedUnreserved(param.rawName);
    const shape = findValueShape(param.rawValue)?.name ?? null;
    if (byName || shape !== null) {
      findings.push({ kind: 'query', name: param.name, shape, value: param.value });
      flagged.add(param);
    }
  }
  // Key formats elsewhere: in the path, or in a part of the query no value holds.
  const pathStart = wire.indexOf('/', wire.indexOf('//') + 2);
  const seen = new Set<string>();
  for (const match of findValueShapes(wire)) {
    if (pathStart < 0 || match.index < pathStart) continue; // userinfo (found above) or host
    const owner = params.find((p) => match.index >= p.valueIndex - p.rawName.length - 1 && withinValue(p, match.index));
    if (owner && flagged.has(owner)) continue;
    const name = owner?.name ?? PATH_FINDING_NAME;
    if (seen.has(name)) continue;
    seen.add(name);
    findings.push({ kind: 'query', name, shape: match.name, value: owner?.value ?? segmentAt(wire, match.index) });
  }
  return findings;
}

const lowerCaseSets = new WeakMap<readonly string[], ReadonlySet<string>>();
/** The names as a set, lower case: one per settings list, not one per request. */
function lowerCaseSet(list: readonly string[]): ReadonlySet<string> {
  let set = lowerCaseSets.get(list);
  if (!set) {
    set = new Set(list.map((n) => n.toLowerCase()));
    lowerCaseSets.set(list, set);
  }
  return set;
}

/** At or before the end of the parameter's value (a shape may start at its "="). */
function withinValue(param: RawParam, index: number): boolean {
  return index <= param.valueIndex + param.rawValue.length;
}

/** The path segment or query part around `index`, decoded: what the fingerprint is taken of. */
function segmentAt(wire: string, index: number): string {
  const before = Math.max(wire.lastIndexOf('/', index), wire.lastIndexOf('?', index), wire.lastIndexOf('&', index));
  const rest = wire.slice(index);
  const end = rest.search(/[/?&]/);
  return decodeSegment(wire.slice(before + 1, end < 0 ? wire.length : index + end));
}

function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
