import type { CredentialKind } from '../credentials/findings';
import { DEFAULT_SECRET_PARAM_NAMES } from '../credentials/vocabulary';

/**
 * The settings behind every decision: one schema, its defaults and its limits. The reader
 * (read.ts) checks stored values against it; SETTING_FIELDS says what each setting holds
 * for the code that must agree with the reader: the enterprise policy's schema
 * (managed-schema.ts, public/managed_schema.json) and the tests' arbitrary settings.
 */
export type Mode = 'balanced' | 'strict' | 'watch';
export const MODES: readonly Mode[] = ['balanced', 'strict', 'watch'];

export type LocalCredentialPolicy = 'warn' | 'strip' | 'block';
export const LOCAL_CREDENTIAL_POLICIES: readonly LocalCredentialPolicy[] = ['warn', 'strip', 'block'];

/**
 * What balanced mode does with one kind of credential on a cleartext request that an
 * exception lets through. "warn" sends it and records it as exposed.
 */
export type KindPolicy = 'block' | 'strip' | 'hold' | 'warn';
export type CredentialPolicy = Record<CredentialKind, KindPolicy>;

/** The choices each kind has: the browsers can strip a header but cannot block on one. */
export const KIND_POLICY_CHOICES: Readonly<Record<CredentialKind, readonly KindPolicy[]>> = {
  userinfo: ['block', 'warn'],
  query: ['block', 'warn'],
  header: ['strip', 'warn'],
  cookie: ['strip', 'warn'],
  'password-field': ['hold', 'block', 'warn'],
  'body-field': ['block', 'warn'],
};

export function defaultCredentialPolicy(): CredentialPolicy {
  return {
    userinfo: 'block',
    query: 'block',
    header: 'strip',
    cookie: 'strip',
    'password-field': 'hold',
    'body-field': 'block',
  };
}

/**
 * How long an exception lasts: always; until a time (expiresAt); or this browser session
 * (kept in session storage and session rules, so it ends with the browser).
 */
export type ExceptionScope = 'always' | 'until' | 'session';
export const EXCEPTION_SCOPES: readonly ExceptionScope[] = ['always', 'until', 'session'];

/** A host (pattern) the user allows over http. */
export interface ExceptionRule {
  /** Canonical pattern: "example.com", "*.example.com", either with ":port". */
  pattern: string;
  /** Cookies, logins and other credentials may be sent to it in cleartext. */
  allowCredentials: boolean;
  scope: ExceptionScope;
  /** Epoch milliseconds after which the exception no longer applies; null unless scope is "until". */
  expiresAt: number | null;
  /**
   * Only for requests this site's pages make (its host): a part of one site (an image
   * host without HTTPS, say) allowed there and upgraded everywhere else.
   */
  onlyOn?: string;
}

/**
 * The version this code writes. A stored value from an older version is migrated step by
 * step before it is read (migrations/, one file a step); a change of the stored shape that
 * the reader cannot take as it is adds a version and a migration.
 */
export const SETTINGS_VERSION = 3;

export interface Settings {
  version: typeof SETTINGS_VERSION;
  mode: Mode;
  exceptions: ExceptionRule[];
  /** Upgrade local-network hosts too (loopback is never upgraded). */
  upgradeLocalNetwork: boolean;
  /**
   * Upgrade names that are not on the public web too (.onion, .i2p, .test, .example,
   * .invalid, .alt: SPECIAL_USE_SUFFIXES). Off: they stay on http, their credentials
   * guarded like any cleartext request's.
   */
  upgradeSpecialUseNames: boolean;
  /** What happens to credentials sent to the local network in cleartext (balanced mode). */
  localNetworkCredentials: LocalCredentialPolicy;
  /** What balanced mode does with each kind of credential on an excepted cleartext request. */
  credentialPolicy: CredentialPolicy;
  /** Query parameter names that carry secrets (case-insensitive). */
  secretParamNames: string[];
  /** The most history records kept; the oldest go first. */
  historyCap: number;
  /** History records older than this many days are removed. */
  historyMaxAgeDays: number;
  /**
   * After this long without an answer, an upgraded navigation is explained (the explanatory
   * page keeps trying HTTPS and goes on by itself if it answers).
   */
  failureTimeoutSeconds: number;
  /** How long "continue over HTTP once" lasts in its tab (closing the tab ends it too). */
  continueOnceSeconds: number;
}

export type NumberSetting = 'historyCap' | 'historyMaxAgeDays' | 'failureTimeoutSeconds' | 'continueOnceSeconds';
export const NUMBER_RANGES: Readonly<Record<NumberSetting, { min: number; max: number }>> = {
  historyCap: { min: 100, max: 1_000_000 },
  historyMaxAgeDays: { min: 1, max: 3650 },
  failureTimeoutSeconds: { min: 1, max: 60 },
  continueOnceSeconds: { min: 1, max: 86_400 },
};

/** Exceptions in all; with a port (each costs rules of its own); for this session (session rules). */
export const EXCEPTION_LIMITS = { total: 200_000, withPort: 2_000, session: 500 } as const;

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    mode: 'balanced',
    exceptions: [],
    upgradeLocalNetwork: false,
    upgradeSpecialUseNames: false,
    localNetworkCredentials: 'warn',
    credentialPolicy: defaultCredentialPolicy(),
    secretParamNames: [...DEFAULT_SECRET_PARAM_NAMES],
    historyCap: 50_000,
    historyMaxAgeDays: 90,
    failureTimeoutSeconds: 3,
    continueOnceSeconds: 900,
  };
}

/** The keys a settings object may have, in the order they are written. */
export const SETTING_KEYS: readonly (keyof Settings)[] = Object.keys(defaultSettings()) as (keyof Settings)[];

/** A secret parameter's name, as kept (trimmed and lowercased). */
export const PARAM_NAME = /^[a-z0-9_.[\]-]{1,64}$/;
/** Each name costs declarative rules in Chrome (see core/leak-rules.ts). */
export const MAX_SECRET_NAMES = 64;

/** What one setting holds. */
export type SettingField =
  | { readonly kind: 'version'; readonly current: typeof SETTINGS_VERSION }
  | { readonly kind: 'choice'; readonly choices: readonly string[] }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'whole-number'; readonly min: number; readonly max: number }
  | { readonly kind: 'exceptions'; readonly scopes: readonly ExceptionScope[] }
  | { readonly kind: 'choice-per-kind'; readonly choices: Readonly<Record<CredentialKind, readonly KindPolicy[]>> }
  | { readonly kind: 'names'; readonly name: RegExp; readonly max: number };

/** The field a setting of type T must be described by (checked against Settings below). */
type FieldFor<T> = [T] extends [typeof SETTINGS_VERSION]
  ? Extract<SettingField, { kind: 'version' }>
  : [T] extends [boolean]
    ? Extract<SettingField, { kind: 'boolean' }>
    : [T] extends [number]
      ? Extract<SettingField, { kind: 'whole-number' }>
      : [T] extends [string]
        ? { readonly kind: 'choice'; readonly choices: readonly T[] }
        : [T] extends [ExceptionRule[]]
          ? Extract<SettingField, { kind: 'exceptions' }>
          : [T] extends [CredentialPolicy]
            ? Extract<SettingField, { kind: 'choice-per-kind' }>
            : [T] extends [string[]]
              ? Extract<SettingField, { kind: 'names' }>
              : never;

/** Every setting, in the order they are written (SETTING_KEYS), and what it holds. */
export const SETTING_FIELDS = {
  version: { kind: 'version', current: SETTINGS_VERSION },
  mode: { kind: 'choice', choices: MODES },
  exceptions: { kind: 'exceptions', scopes: EXCEPTION_SCOPES },
  upgradeLocalNetwork: { kind: 'boolean' },
  upgradeSpecialUseNames: { kind: 'boolean' },
  localNetworkCredentials: { kind: 'choice', choices: LOCAL_CREDENTIAL_POLICIES },
  credentialPolicy: { kind: 'choice-per-kind', choices: KIND_POLICY_CHOICES },
  secretParamNames: { kind: 'names', name: PARAM_NAME, max: MAX_SECRET_NAMES },
  historyCap: { kind: 'whole-number', ...NUMBER_RANGES.historyCap },
  historyMaxAgeDays: { kind: 'whole-number', ...NUMBER_RANGES.historyMaxAgeDays },
  failureTimeoutSeconds: { kind: 'whole-number', ...NUMBER_RANGES.failureTimeoutSeconds },
  continueOnceSeconds: { kind: 'whole-number', ...NUMBER_RANGES.continueOnceSeconds },
} as const satisfies { readonly [K in keyof Settings]-?: FieldFor<Settings[K]> };
