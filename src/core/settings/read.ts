import { normalizeHost } from '../host-classification';
import { CREDENTIAL_KINDS } from '../credentials/findings';
import { DEFAULT_SECRET_PARAM_NAMES } from '../credentials/vocabulary';
import { parseExceptionPattern } from '../exception-pattern';
import { formatHostPattern } from '../host-pattern';
import { isRecord } from '../is-record';
import type { SettingsProblem } from './problems';
import {
  EXCEPTION_LIMITS,
  EXCEPTION_SCOPES,
  KIND_POLICY_CHOICES,
  LOCAL_CREDENTIAL_POLICIES,
  MAX_SECRET_NAMES,
  MODES,
  NUMBER_RANGES,
  PARAM_NAME,
  SETTING_KEYS,
  SETTINGS_VERSION,
  defaultSettings,
  type CredentialPolicy,
  type ExceptionRule,
  type ExceptionScope,
  type NumberSetting,
  type Settings,
} from './schema';
import { migrate } from './migrations';

/**
 * Reads stored settings, never throws: anything invalid falls back to its default and
 * the valid parts are kept. A value from an older version (its `version`) is migrated
 * first (migrations/). Every problem found is reported.
 */
export interface SettingsReadResult {
  settings: Settings;
  problems: SettingsProblem[];
}

type Problems = SettingsProblem[];
const quote = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

function readScope(raw: Record<string, unknown>, expiresAt: number | null): ExceptionScope | null {
  // No scope (the short form an administrator's policy or an edit may use): an end time
  // means "until", none "always" (as migrations/from-v2.ts gives version 2's exceptions).
  if (raw.scope === undefined) return expiresAt === null ? 'always' : 'until';
  return (EXCEPTION_SCOPES as readonly unknown[]).includes(raw.scope) ? (raw.scope as ExceptionScope) : null;
}

/**
 * One exception, canonical; null (with a problem) when it cannot be kept. A bare pattern
 * is the short form of { pattern } (always, credentials guarded): storage and sync keep
 * the common case so (sync-plan.ts compact) and Firefox's policies.json may use it; Chrome's
 * policy cannot (its schema takes one type per item: managed-schema.ts).
 */
export function readException(entry: unknown, problems: Problems): ExceptionRule | null {
  const raw = typeof entry === 'string' ? { pattern: entry } : entry;
  if (!isRecord(raw) || typeof raw.pattern !== 'string') {
    problems.push({ field: 'exceptions', code: 'no-pattern', detail: `dropped ${quote(entry)}: no pattern` });
    return null;
  }
  const parsed = parseExceptionPattern(raw.pattern);
  if (!parsed.ok) {
    // A wildcard over a public suffix (allowed before) is dropped too: upgraded again.
    const code = parsed.code === 'public-suffix' ? 'public-suffix' : 'pattern';
    problems.push({ field: 'exceptions', code, detail: `dropped ${quote(raw.pattern)}: ${parsed.error}` });
    return null;
  }
  const expiresAt = typeof raw.expiresAt === 'number' && Number.isFinite(raw.expiresAt) ? raw.expiresAt : null;
  const scope = readScope(raw, expiresAt);
  if (scope === null || (scope === 'until') !== (expiresAt !== null)) {
    problems.push({
      field: 'exceptions',
      code: 'scope',
      detail: `dropped ${quote(raw.pattern)}: scope must be always, session, or until with an end time`,
    });
    return null;
  }
  const onlyOn = raw.onlyOn === undefined ? undefined : normalizeHost(String(raw.onlyOn));
  if (onlyOn === null || (onlyOn !== undefined && onlyOn.startsWith('['))) {
    problems.push({
      field: 'exceptions',
      code: 'pattern',
      detail: `dropped ${quote(raw.pattern)}: "onlyOn" must be a site's host name`,
    });
    return null;
  }
  return {
    pattern: formatHostPattern(parsed.pattern),
    allowCredentials: raw.allowCredentials === true,
    scope,
    expiresAt,
    ...(onlyOn !== undefined ? { onlyOn } : {}),
  };
}

export function readExceptions(value: unknown, problems: Problems): ExceptionRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({ field: 'exceptions', code: 'not-list', detail: 'not a list, using none' });
    return [];
  }
  const seen = new Set<string>();
  const kept: ExceptionRule[] = [];
  let withPort = 0;
  let session = 0;
  for (const entry of value) {
    const rule = readException(entry, problems);
    if (!rule) continue;
    if (seen.has(rule.pattern)) {
      problems.push({ field: 'exceptions', code: 'duplicate', detail: `dropped a second ${quote(rule.pattern)}` });
      continue;
    }
    const hasPort = /:[0-9]+$/.test(rule.pattern);
    const isSession = rule.scope === 'session';
    if (
      kept.length >= EXCEPTION_LIMITS.total ||
      (hasPort && withPort >= EXCEPTION_LIMITS.withPort) ||
      (isSession && session >= EXCEPTION_LIMITS.session)
    ) {
      problems.push({
        field: 'exceptions',
        code: 'too-many',
        detail: `dropped ${quote(rule.pattern)}: at most ${EXCEPTION_LIMITS.total} exceptions, ${EXCEPTION_LIMITS.withPort} with a port, ${EXCEPTION_LIMITS.session} for this session`,
      });
      continue;
    }
    if (hasPort) withPort++;
    if (isSession) session++;
    seen.add(rule.pattern);
    kept.push(rule);
  }
  return kept;
}

function readChoice<T extends string>(
  value: unknown,
  field: string,
  choices: readonly T[],
  fallback: T,
  problems: Problems,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  problems.push({
    field,
    code: 'not-choice',
    detail: `${quote(value)} is not one of ${choices.join(', ')}; using ${fallback}`,
  });
  return fallback;
}

function readBoolean(value: unknown, field: string, fallback: boolean, problems: Problems): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  problems.push({ field, code: 'not-boolean', detail: `${quote(value)} is not true or false; using ${fallback}` });
  return fallback;
}

function readWholeNumber(value: unknown, key: NumberSetting, fallback: number, problems: Problems): number {
  if (value === undefined) return fallback;
  const { min, max } = NUMBER_RANGES[key];
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push({
    field: key,
    code: 'range',
    detail: `${quote(value)} is not a whole number from ${min} to ${max}; using ${fallback}`,
  });
  return fallback;
}

export function readNames(value: unknown, problems: Problems): string[] {
  if (value === undefined) return [...DEFAULT_SECRET_PARAM_NAMES];
  if (!Array.isArray(value)) {
    problems.push({ field: 'secretParamNames', code: 'not-list', detail: 'not a list; using the defaults' });
    return [...DEFAULT_SECRET_PARAM_NAMES];
  }
  const names: string[] = [];
  for (const entry of value) {
    const name = typeof entry === 'string' ? entry.trim().toLowerCase() : '';
    if (PARAM_NAME.test(name)) {
      if (!names.includes(name)) names.push(name);
    } else {
      problems.push({
        field: 'secretParamNames',
        code: 'names',
        detail: `dropped ${quote(entry)}: a name is 1 to 64 letters, digits, "_", "-", ".", "[" or "]"`,
      });
    }
  }
  if (names.length > MAX_SECRET_NAMES) {
    problems.push({
      field: 'secretParamNames',
      code: 'too-many',
      detail: `at most ${MAX_SECRET_NAMES} names; dropped the rest`,
    });
    return names.slice(0, MAX_SECRET_NAMES);
  }
  return names;
}

function readCredentialPolicy(value: unknown, problems: Problems): CredentialPolicy {
  const policy = defaultSettings().credentialPolicy;
  if (value === undefined) return policy;
  if (!isRecord(value)) {
    problems.push({ field: 'credentialPolicy', code: 'not-object', detail: 'not an object; using the defaults' });
    return policy;
  }
  for (const kind of CREDENTIAL_KINDS) {
    policy[kind] = readChoice(
      value[kind],
      `credentialPolicy.${kind}`,
      KIND_POLICY_CHOICES[kind],
      policy[kind],
      problems,
    );
  }
  for (const key of Object.keys(value)) {
    if (!(CREDENTIAL_KINDS as readonly string[]).includes(key)) {
      problems.push({
        field: `credentialPolicy.${key}`,
        code: 'unknown-key',
        detail: 'not a credential kind; ignored',
      });
    }
  }
  return policy;
}

export function readSettings(value: unknown): SettingsReadResult {
  const defaults = defaultSettings();
  if (value === undefined) return { settings: defaults, problems: [] };
  if (!isRecord(value)) {
    return {
      settings: defaults,
      problems: [{ field: 'settings', code: 'not-object', detail: 'not an object; using defaults' }],
    };
  }
  const stored = migrate(value);
  const problems: Problems = [];
  for (const key of Object.keys(stored)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key)) {
      problems.push({ field: key, code: 'unknown-key', detail: 'not a setting; ignored' });
    }
  }
  const whole = (key: NumberSetting) => readWholeNumber(stored[key], key, defaults[key], problems);
  const settings: Settings = {
    version: SETTINGS_VERSION,
    mode: readChoice(stored.mode, 'mode', MODES, defaults.mode, problems),
    exceptions: readExceptions(stored.exceptions, problems),
    upgradeLocalNetwork: readBoolean(stored.upgradeLocalNetwork, 'upgradeLocalNetwork', false, problems),
    upgradeSpecialUseNames: readBoolean(stored.upgradeSpecialUseNames, 'upgradeSpecialUseNames', false, problems),
    localNetworkCredentials: readChoice(
      stored.localNetworkCredentials,
      'localNetworkCredentials',
      LOCAL_CREDENTIAL_POLICIES,
      defaults.localNetworkCredentials,
      problems,
    ),
    credentialPolicy: readCredentialPolicy(stored.credentialPolicy, problems),
    secretParamNames: readNames(stored.secretParamNames, problems),
    historyCap: whole('historyCap'),
    historyMaxAgeDays: whole('historyMaxAgeDays'),
    failureTimeoutSeconds: whole('failureTimeoutSeconds'),
    continueOnceSeconds: whole('continueOnceSeconds'),
  };
  return { settings, problems };
}
