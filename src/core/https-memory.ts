/**
 * Hosts seen working over HTTPS (an upgraded navigation that got an answer) or sending
 * Strict-Transport-Security. A later failure on such a host is suspicious: something on
 * the network may be blocking or intercepting HTTPS. Host -> last seen (epoch ms),
 * capped: the least recently seen go first.
 */
export type HttpsMemory = Record<string, number>;

export const HTTPS_MEMORY_CAP = 5000;

export function rememberHttpsHost(memory: HttpsMemory, host: string, now: number, cap = HTTPS_MEMORY_CAP): HttpsMemory {
  const next: HttpsMemory = { ...memory, [host]: now };
  const hosts = Object.keys(next);
  if (hosts.length <= cap) return next;
  const keep = hosts.sort((a, b) => (next[b] ?? 0) - (next[a] ?? 0)).slice(0, cap);
  return Object.fromEntries(keep.map((h) => [h, next[h] ?? now]));
}

export function knowsHttps(memory: HttpsMemory, host: string): boolean {
  return memory[host] !== undefined;
}

export interface HstsPolicy {
  maxAge: number | null;
  includeSubDomains: boolean;
  preload: boolean;
}

/** Parses a Strict-Transport-Security header value (RFC 6797), leniently. */
export function parseHsts(value: string): HstsPolicy {
  const directives = value.split(';').map((d) => d.trim().toLowerCase());
  const maxAge = directives.map((d) => /^max-age\s*=\s*"?(\d+)"?$/.exec(d)?.[1]).find((v) => v !== undefined);
  return {
    maxAge: maxAge === undefined ? null : Number(maxAge),
    includeSubDomains: directives.includes('includesubdomains'),
    preload: directives.includes('preload'),
  };
}
