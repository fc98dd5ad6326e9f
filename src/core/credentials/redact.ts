import { parseUrl } from '../url';
import { findUrlCredentials } from './detect-url';
import type { Finding } from './findings';
import { hasEscapedUnreserved, nameCandidates, rawParams, safeDecode } from './url-params';
import { findValueShapes, valueShapeOf } from './value-shapes';
import { DEFAULT_SECRET_PARAM_NAMES, OAUTH_CODE_PARAM, WEAK_SECRET_PARAM_NAMES } from './vocabulary';

export const REDACTED = '[redacted]';

/** Every name the redactor treats as secret, whatever its value: a superset of detection's. */
function redactedNames(secretNames: readonly string[], findings: readonly Finding[]): Set<string> {
  return new Set([
    ...DEFAULT_SECRET_PARAM_NAMES,
    ...secretNames.map((n) => n.toLowerCase()),
    ...WEAK_SECRET_PARAM_NAMES,
    OAUTH_CODE_PARAM,
    ...findings.filter((f) => f.kind === 'query').map((f) => f.name.toLowerCase()),
  ]);
}

const hasShape = (raw: string) => valueShapeOf(raw) !== null || valueShapeOf(safeDecode(raw)) !== null;

/**
 * The URL with every secret replaced, whatever caused the record: the redactor scans the
 * URL itself and is stricter than detection (every secret-named parameter whatever its
 * value, a key format in any value, name or path segment, raw or decoded, userinfo).
 * `findings` only add names. The fragment is dropped (it never leaves the browser, and
 * tokens hide there too). What remains is safe to store, show and export.
 */
export function redactUrl(
  href: string,
  secretNames: readonly string[] = [],
  findings: readonly Finding[] = [],
): string {
  const url = parseUrl(href);
  if (!url) return REDACTED;
  const names = redactedNames(secretNames, findings);
  const userinfo = url.username !== '' || url.password !== '' ? `${REDACTED}@` : '';
  const path = url.pathname
    .split('/')
    .map((segment) => (hasShape(segment) ? REDACTED : segment))
    .join('/');
  const query = rawParamsOrParts(url.search.slice(1)).map(({ rawName, rawValue }) => {
    if (hasShape(rawName)) return REDACTED;
    if (rawValue === null) return rawName;
    return `${rawName}=${isSecretParam(rawName, rawValue, names) ? REDACTED : rawValue}`;
  });
  const search = query.length > 0 ? `?${query.join('&')}` : '';
  return `${url.protocol}//${userinfo}${url.host}${path}${search}`;
}

function isSecretParam(rawName: string, rawValue: string, names: ReadonlySet<string>): boolean {
  return (
    nameCandidates(rawName).some((n) => names.has(n)) ||
    nameCandidates(safeDecode(rawName)).some((n) => names.has(n)) ||
    hasEscapedUnreserved(rawName) ||
    hasShape(rawValue)
  );
}

/** A fragment that reads like parameters holding a secret, or holds a key format ("#access_token=..."). */
function fragmentHasSecret(fragment: string, secretNames: readonly string[]): boolean {
  if (fragment === '') return false;
  const names = redactedNames(secretNames, []);
  return (
    hasShape(fragment) ||
    rawParamsOrParts(fragment).some(
      ({ rawName, rawValue }) => hasShape(rawName) || (rawValue !== null && isSecretParam(rawName, rawValue, names)),
    )
  );
}

/** Query parts as written; a part without "=" keeps a null value. */
function rawParamsOrParts(query: string): { rawName: string; rawValue: string | null }[] {
  if (query === '') return [];
  return query.split('&').map((part) => {
    const [param] = rawParams(part);
    return param ? { rawName: param.rawName, rawValue: param.rawValue } : { rawName: part, rawValue: null };
  });
}

/**
 * Where "continue over http" goes: the URL without its credentials, or, when a key
 * format sits in its path (which cannot be removed), the site's front page.
 */
export function continueUrlOf(href: string, secretNames: readonly string[]): string {
  const clean = withoutCredentials(href, secretNames);
  const url = parseUrl(clean);
  if (!url) return clean;
  return findValueShapes(`${url.pathname}${url.search}`).length > 0 ? `${url.origin}/` : clean;
}

/**
 * The URL without its credentials, for continuing over http: userinfo and every query
 * parameter the detector flags removed (not replaced); the fragment kept unless it holds
 * a secret (an OAuth implicit-flow "#access_token=..."), since the address is kept in the
 * failure record while the page is open. A key format in the path cannot be removed; the
 * leak guard still stops that address.
 */
export function withoutCredentials(href: string, secretNames: readonly string[]): string {
  const url = parseUrl(href);
  if (!url) return href;
  url.username = '';
  url.password = '';
  const flagged = new Set(
    findUrlCredentials(url.href, secretNames)
      .filter((f) => f.kind === 'query')
      .map((f) => f.name),
  );
  const kept = rawParamsOrParts(url.search.slice(1)).filter(
    (p) => p.rawValue === null || !flagged.has(safeDecode(p.rawName)),
  );
  url.search = kept.map((p) => (p.rawValue === null ? p.rawName : `${p.rawName}=${p.rawValue}`)).join('&');
  if (fragmentHasSecret(url.hash.slice(1), secretNames)) url.hash = '';
  return url.href;
}
