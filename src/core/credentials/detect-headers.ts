import type { Finding } from './findings';
import { valueShapeOf } from './value-shapes';
import { COOKIE_HEADER, CREDENTIAL_HEADER_NAME, CREDENTIAL_HEADERS } from './vocabulary';

export interface HeaderLike {
  name: string;
  value?: string;
}

/**
 * Credential headers: the listed names, names that say they authenticate ("X-My-Auth",
 * "X-Service-Token"), and any header whose value holds a well-known key format
 * ("Bearer ghp_..." under any name).
 */
export function findHeaderCredentials(headers: readonly HeaderLike[]): Finding[] {
  const findings: Finding[] = [];
  for (const header of headers) {
    const name = header.name.toLowerCase();
    const value = header.value ?? '';
    if (value === '') continue;
    if (name === COOKIE_HEADER) {
      findings.push({ kind: 'cookie', name: 'Cookie', shape: null, value });
      continue;
    }
    const shape = valueShapeOf(value);
    if (shape !== null || CREDENTIAL_HEADERS.includes(name) || CREDENTIAL_HEADER_NAME.test(name)) {
      findings.push({ kind: 'header', name: header.name, shape, value });
    }
  }
  return findings;
}
