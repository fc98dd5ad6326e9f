import { DEFAULT_SECRET_PARAM_NAMES } from './credentials/vocabulary';
import { parseHostPattern } from './host-pattern';

/**
 * The settings behind every decision. Stored under one key in storage.local; validated
 * on every read, keeping the valid parts of a damaged value; older versions migrate.
 */
export type Mode = 'balanced' | 'strict' | 'watch';
export const MODES: readonly Mode[] = ['balanced', 'strict', 'watch'];

export type LocalCredentialPolicy = 'warn' | 'strip' | 'block';
export const LOCAL_CREDENTIAL_POLICIES: readonly LocalCredentialPolicy[] = ['warn', 'strip', 'block'];

/** A host (pattern) the user allows over http. */
export interface ExceptionRule {
  /** "example.com" (exactly) or "*.example.com" (and subdomains). */
  pattern: string;
  /** Cookies, logins and other credentials may be sent to it in cleartext. */
  allowCredentials: boolean;
  /** Epoch milliseconds after which the exception no longer applies; null for always. */
  expiresAt: number | null;
}

export interface Settings {
  version: 2;
  mode: Mode;
  exceptions: ExceptionRule[];
  /** Upgrade local-network hosts too (loopback is never upgraded). */
  upgradeLocalNetwork: boolean;
  /** What happens to credentials sent to the local network in cleartext (balanced mode). */
  localNetworkCredentials: LocalCredentialPolicy;
  /** Query parameter names that carry secrets (case-insensitive). */
  secretParamNames: string[];
  /** The most history records kept; the oldest go first. */
  historyCap: number;
  /** An upgraded navigation with no answer after this long counts as failed. */
  failureTimeoutSeconds: number;
  /** How long "continue over HTTP once" lasts in its tab (closing the tab ends it too). */
  continueOnceSeconds: number;
}

export const SETTINGS_VERSION = 2;
export const NUMBER_RANGES = {
  historyCap: { min: 100, max: 1_000_000 },
  failureTimeoutSeconds: { min: 1, max: 60 },
  continueOnceSeconds: { min: 1, max: 86_400 },
} as const;

export function defaultSettings(): Settings {
  return {
    version: 2,
    mode: 'balanced',
    exceptions: [],
    upgradeLocalNetwork: false,
    localNetworkCredentials: 'warn',
    secretParamNames: [...DEFAULT_SECRET_PARAM_NAMES],
    historyCap: 50_000,
    failureTimeoutSeconds: 5,
    continueOnceSeconds: 900,
  };
}

/** Kept for readers that want a constant; never mutate it. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze(defaultSettings());

export interface SettingsReadResult {
  settings: Settings;
  /** What was dropped or replaced by a default, in words. Empty when the value was sound. */
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readException(entry: unknown, problems: string[]): ExceptionRule | null {
  // Version 1 stored bare patterns.
  const raw = typeof entry === 'string' ? { pattern: entry } : entry;
  if (!isRecord(raw) || typeof raw.pattern !== 'string') {
    problems.push('exceptions: dropped an entry without a pattern');
    return null;
  }
  const parsed = parseHostPattern(raw.pattern);
  if (!parsed.ok) {
    problems.push(`exceptions: dropped "${raw.pattern}": ${parsed.error}`);
    return null;
  }
  const expiresAt = typeof raw.expiresAt === 'number' && Number.isFinite(raw.expiresAt) ? raw.expiresAt : null;
  return { pattern: raw.pattern.trim(), allowCredentials: raw.allowCredentials === true, expiresAt };
}

function readExceptions(value: unknown, problems: string[]): ExceptionRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push('exceptions: not a list, using none');
    return [];
  }
  const kept: ExceptionRule[] = [];
  for (const entry of value) {
    const rule = readException(entry, problems);
    if (rule && !kept.some((k) => k.pattern === rule.pattern)) kept.push(rule);
  }
  return kept;
}

function readChoice<T extends string>(
  stored: Record<string, unknown>,
  key: string,
  choices: readonly T[],
  fallback: T,
  problems: string[],
): T {
  const value = stored[key];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  problems.push(`${key}: not one of ${choices.join(', ')}, using ${fallback}`);
  return fallback;
}

function readWholeNumber(
  stored: Record<string, unknown>,
  key: keyof typeof NUMBER_RANGES,
  fallback: number,
  problems: string[],
): number {
  const value = stored[key];
  if (value === undefined) return fallback;
  const { min, max } = NUMBER_RANGES[key];
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${key}: not a whole number from ${min} to ${max}, using ${fallback}`);
  return fallback;
}

function readNames(value: unknown, problems: string[]): string[] {
  if (value === undefined) return [...DEFAULT_SECRET_PARAM_NAMES];
  if (!Array.isArray(value)) {
    problems.push('secretParamNames: not a list, using the defaults');
    return [...DEFAULT_SECRET_PARAM_NAMES];
  }
  const names = value
    .filter((n): n is string => typeof n === 'string' && /^[A-Za-z0-9_.[\]-]{1,64}$/.test(n.trim()))
    .map((n) => n.trim().toLowerCase());
  if (names.length !== value.length) problems.push('secretParamNames: dropped entries that are not parameter names');
  return [...new Set(names)];
}

/** Reads stored settings, never throws; anything invalid falls back to its default. */
export function readSettings(stored: unknown): SettingsReadResult {
  const defaults = defaultSettings();
  if (stored === undefined) return { settings: defaults, problems: [] };
  if (!isRecord(stored)) return { settings: defaults, problems: ['settings: not an object, using defaults'] };
  const problems: string[] = [];
  const exceptions = readExceptions(stored.exceptions, problems);
  const mode = readChoice(stored, 'mode', MODES, defaults.mode, problems);
  let upgradeLocalNetwork = defaults.upgradeLocalNetwork;
  if (typeof stored.upgradeLocalNetwork === 'boolean') {
    upgradeLocalNetwork = stored.upgradeLocalNetwork;
  } else if (stored.upgradeLocalNetwork !== undefined) {
    problems.push('upgradeLocalNetwork: not true or false, using the default');
  }
  const localNetworkCredentials = readChoice(
    stored,
    'localNetworkCredentials',
    LOCAL_CREDENTIAL_POLICIES,
    defaults.localNetworkCredentials,
    problems,
  );
  const whole = (key: keyof typeof NUMBER_RANGES) => readWholeNumber(stored, key, defaults[key], problems);
  return {
    settings: {
      version: 2,
      mode,
      exceptions,
      upgradeLocalNetwork,
      localNetworkCredentials,
      secretParamNames: readNames(stored.secretParamNames, problems),
      historyCap: whole('historyCap'),
      failureTimeoutSeconds: whole('failureTimeoutSeconds'),
      continueOnceSeconds: whole('continueOnceSeconds'),
    },
    problems,
  };
}

/** The exceptions in force at `now` (expired ones are ignored, not deleted). */
export function activeExceptions(settings: Settings, now: number): ExceptionRule[] {
  return settings.exceptions.filter((e) => e.expiresAt === null || e.expiresAt > now);
}

/** The next moment a timed exception in the settings runs out, or null. */
export function nextExceptionExpiry(settings: Settings, now: number): number | null {
  const times = activeExceptions(settings, now).flatMap((e) => (e.expiresAt === null ? [] : [e.expiresAt]));
  return times.length > 0 ? Math.min(...times) : null;
}
