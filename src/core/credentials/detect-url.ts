import { parseUrl } from '../url';
import type { Finding } from './findings';
import { looksGenerated, valueShapeOf } from './value-shapes';
import { OAUTH_CODE_PARAM, WEAK_SECRET_PARAM_NAMES } from './vocabulary';

/**
 * Credentials a URL carries on the wire: userinfo, and query parameters that are secret
 * by name (case-insensitive, from `secretNames`) or by value shape. The fragment never
 * leaves the browser and is ignored.
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
  const names = new Set(secretNames.map((n) => n.toLowerCase()));
  const isOAuthCallback = url.searchParams.has('state');
  for (const [rawName, value] of url.searchParams) {
    if (value === '') continue;
    const name = rawName.toLowerCase();
    const shape = valueShapeOf(value);
    const byName = names.has(name) && (!WEAK_SECRET_PARAM_NAMES.has(name) || looksGenerated(value) || shape !== null);
    const oauthCode = name === OAUTH_CODE_PARAM && isOAuthCallback && looksGenerated(value);
    if (byName || oauthCode || shape !== null) findings.push({ kind: 'query', name: rawName, shape, value });
  }
  return findings;
}
