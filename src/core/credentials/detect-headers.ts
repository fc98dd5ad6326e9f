import type { Finding } from './findings';
import { valueShapeOf } from './value-shapes';
import { COOKIE_HEADER, CREDENTIAL_HEADERS } from './vocabulary';

export interface HeaderLike {
  name: string;
  value?: string;
}

/** Credential headers (by name) and any header whose value has a well-known secret shape. */
export function findHeaderCredentials(headers: readonly HeaderLike[]): Finding[] {
  const findings: Finding[] = [];
  for (const header of headers) {
    const name = header.name.toLowerCase();
    const value = header.value ?? '';
    if (value === '') continue;
    if (name === COOKIE_HEADER) {
      findings.push({ kind: 'cookie', name: 'Cookie', shape: null, value });
    } else if (CREDENTIAL_HEADERS.includes(name)) {
      findings.push({
        kind: 'header',
        name: header.name,
        shape: valueShapeOf(value.replace(/^(Bearer|Basic|token)\s+/i, '')),
        value,
      });
    } else {
      const shape = valueShapeOf(value);
      if (shape) findings.push({ kind: 'header', name: header.name, shape, value });
    }
  }
  return findings;
}
