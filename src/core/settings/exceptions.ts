import { publicSuffixCoveredBy } from '../exception-pattern';
import { formatHostPattern, parseHostPattern, type HostPattern, type PatternSyntaxErrorCode } from '../host-pattern';
import { EXCEPTION_LIMITS, type ExceptionRule, type Settings } from './schema';

/** The exceptions in force at `now` (expired ones are ignored, not deleted). */
export function activeExceptions(settings: Pick<Settings, 'exceptions'>, now: number): ExceptionRule[] {
  return settings.exceptions.filter((e) => e.expiresAt === null || e.expiresAt > now);
}

/** The next moment a timed exception in the settings runs out, or null. */
export function nextExceptionExpiry(settings: Pick<Settings, 'exceptions'>, now: number): number | null {
  let next: number | null = null;
  for (const e of settings.exceptions) {
    if (e.expiresAt !== null && e.expiresAt > now && (next === null || e.expiresAt < next)) next = e.expiresAt;
  }
  return next;
}

/**
 * Looks up the exception covering a host in time proportional to the host's labels, not
 * to the number of exceptions (100,000 must not slow every request down).
 */
export class ExceptionIndex {
  private readonly exact = new Map<string, ExceptionRule>();
  private readonly subdomains = new Map<string, ExceptionRule>();
  /** Exceptions that hold on one site only, by that site's host. */
  private readonly bySite = new Map<string, ExceptionRule[]>();
  private readonly siteIndexes = new Map<string, ExceptionIndex>();
  /** Whether any exception names a port (most lists do not: then a lookup skips that pass). */
  private withPort = false;

  constructor(exceptions: readonly ExceptionRule[]) {
    for (const rule of exceptions) {
      if (rule.onlyOn !== undefined) {
        const list = this.bySite.get(rule.onlyOn);
        if (list) list.push(rule);
        else this.bySite.set(rule.onlyOn, [rule]);
        continue;
      }
      const parsed = parseHostPattern(rule.pattern);
      if (!parsed.ok) continue;
      const map = parsed.pattern.kind === 'exact' ? this.exact : this.subdomains;
      if (parsed.pattern.port !== null) this.withPort = true;
      const key = keyOf(parsed.pattern.host, parsed.pattern.port);
      if (!map.has(key)) map.set(key, rule);
    }
  }

  /**
   * The first exception that covers the host on the port and is in force at `now`; one
   * for `site` only (the host of the page making the request) when no other does.
   */
  find(host: string, port: number | null, now: number, site: string | null = null): ExceptionRule | null {
    const everywhere = this.findEverywhere(host, port, now);
    if (everywhere || site === null) return everywhere;
    const scoped = this.bySite.get(site);
    if (!scoped) return null;
    let index = this.siteIndexes.get(site);
    if (!index) {
      index = new ExceptionIndex(scoped.map(({ onlyOn: _site, ...rule }) => rule));
      this.siteIndexes.set(site, index);
    }
    const found = index.findEverywhere(host, port, now);
    return found ? (scoped.find((r) => r.pattern === found.pattern) ?? null) : null;
  }

  private findEverywhere(host: string, port: number | null, now: number): ExceptionRule | null {
    if (port !== null && this.withPort) {
      const ported = this.lookUp(host, port, now);
      if (ported) return ported;
    }
    return this.lookUp(host, null, now);
  }

  /** Every request asks: no allocation beyond the suffixes' keys, and none when nothing could match. */
  private lookUp(host: string, port: number | null, now: number): ExceptionRule | null {
    const exact = this.exact.size === 0 ? null : inForce(this.exact.get(keyOf(host, port)), now);
    if (exact || this.subdomains.size === 0) return exact;
    for (let suffix = host; ;) {
      const sub = inForce(this.subdomains.get(keyOf(suffix, port)), now);
      if (sub) return sub;
      const dot = suffix.indexOf('.');
      if (dot < 0 || suffix.startsWith('[')) return null;
      suffix = suffix.slice(dot + 1);
    }
  }
}

const inForce = (rule: ExceptionRule | undefined, now: number) =>
  rule !== undefined && (rule.expiresAt === null || rule.expiresAt > now) ? rule : null;

const keyOf = (host: string, port: number | null) => (port === null ? host : `${host}:${port}`);

const indexes = new WeakMap<readonly ExceptionRule[], ExceptionIndex>();
/** One index per exceptions list (settings are immutable values; a change is a new list). */
export function exceptionIndexOf(exceptions: readonly ExceptionRule[]): ExceptionIndex {
  let index = indexes.get(exceptions);
  if (!index) {
    index = new ExceptionIndex(exceptions);
    indexes.set(exceptions, index);
  }
  return index;
}

export type ExceptionInputError =
  | { code: PatternSyntaxErrorCode; line: number; input: string }
  | { code: 'public-suffix'; line: number; input: string; pattern: string; suffix: string }
  | { code: 'duplicate'; line: number; input: string; pattern: string }
  | { code: 'too-many'; line: number; input: string; limit: number };

export interface ParsedExceptionInput {
  /** The canonical pattern (punycode) and, when it differs, the Unicode form as typed. */
  pattern: string;
  display: string | null;
  parsed: HostPattern;
}

/**
 * Reads what the user typed or pasted (one pattern per line, blank lines skipped) against
 * the exceptions already there. All or nothing: either every line is a new, valid pattern,
 * or the errors say which lines are not and why.
 */
export function parseExceptionInput(
  text: string,
  existing: readonly ExceptionRule[],
): { ok: true; entries: ParsedExceptionInput[] } | { ok: false; errors: ExceptionInputError[] } {
  const taken = new Set(existing.map((e) => e.pattern));
  const entries: ParsedExceptionInput[] = [];
  const errors: ExceptionInputError[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const input = raw.trim();
    if (input === '') return;
    const line = i + 1;
    const result = parseHostPattern(input);
    if (!result.ok) {
      errors.push({ code: result.code, line, input });
      return;
    }
    const pattern = formatHostPattern(result.pattern);
    const suffix = publicSuffixCoveredBy(result.pattern);
    if (suffix !== null) {
      errors.push({ code: 'public-suffix', line, input, pattern, suffix });
      return;
    }
    if (taken.has(pattern)) {
      errors.push({ code: 'duplicate', line, input, pattern });
      return;
    }
    taken.add(pattern);
    const display = /^[\x20-\x7e]*$/.test(input) ? null : input.toLowerCase();
    entries.push({ pattern, display, parsed: result.pattern });
  });
  if (errors.length === 0 && existing.length + entries.length > EXCEPTION_LIMITS.total) {
    errors.push({ code: 'too-many', line: lines.length, input: '', limit: EXCEPTION_LIMITS.total });
  }
  if (errors.length === 0 && entries.length === 0) errors.push({ code: 'empty', line: 1, input: '' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}
