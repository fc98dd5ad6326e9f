import { parseUrl } from '../url';
import type { Finding } from './findings';
import { valueShapeOf } from './value-shapes';

export const REDACTED = '[redacted]';

/**
 * The URL with every secret replaced: userinfo, flagged query values, any value with a
 * well-known secret shape. The fragment is dropped (it never leaves the browser, and
 * tokens hide there too). What remains is safe to store and show.
 */
export function redactUrl(href: string, findings: readonly Finding[]): string {
  const url = parseUrl(href);
  if (!url) return REDACTED;
  const flagged = new Set(findings.filter((f) => f.kind === 'query').map((f) => f.name));
  const userinfo = url.username !== '' || url.password !== '' ? `${REDACTED}@` : '';
  const params = [...url.searchParams].map(([name, value]): [string, string] => [
    name,
    flagged.has(name) || valueShapeOf(value) !== null ? REDACTED : value,
  ]);
  const search =
    params.length > 0
      ? `?${params.map(([n, v]) => `${encodeURIComponent(n)}=${v === REDACTED ? v : encodeURIComponent(v)}`).join('&')}`
      : '';
  return `${url.protocol}//${userinfo}${url.host}${url.pathname}${search}`;
}

/**
 * The URL without its credentials, for continuing over http: userinfo and every flagged
 * or key-shaped query parameter removed (not replaced), fragment kept.
 */
export function withoutCredentials(href: string, findings: readonly Finding[]): string {
  const url = parseUrl(href);
  if (!url) return href;
  url.username = '';
  url.password = '';
  const flagged = new Set(findings.filter((f) => f.kind === 'query').map((f) => f.name));
  for (const [name, value] of [...url.searchParams]) {
    if (flagged.has(name) || valueShapeOf(value) !== null) url.searchParams.delete(name);
  }
  return url.href;
}
