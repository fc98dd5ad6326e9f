import type { CredentialKind } from '../core/credentials/findings';
import { isRecord } from '../core/is-record';
import { CREDENTIAL_KINDS } from '../core/credentials/findings';
import type { HistoryRecord } from '../core/history-record';
import type { FailureReason } from '../core/navigation-failure';
import type { GuardAction } from '../core/policy';
import type { ExceptionRule, ManagedKey, Settings, SettingsProblem } from '../core/settings';
import type { TabStats } from '../core/tab-stats';

/** What the background says about its declarative rules. */
export interface GuardStatus {
  /** The installed rules are exactly the ones the current settings call for. */
  rulesInPlace: boolean;
  /** The manifest's static baseline (upgrade everything) is on: off only in watch mode. */
  baselineEnabled: boolean;
  installedRuleCount: number;
  wantedRuleCount: number;
  /** Problems found in the stored settings (the valid parts are in force). */
  settingsProblems: string[];
  /** Present when the extension cannot protect as designed (e.g. a rule update failed or hung). */
  warnings: string[];
  /**
   * Credential tests the browser cannot run declaratively on some hosts (Chrome refuses
   * the regex even alone): what they would have blocked is recorded as "passed".
   */
  refusedRegexCount: number;
  /** "Continue over HTTP once" exceptions in force. */
  activeTabExceptions: number;
}

export interface BlockedNavigationView {
  /** credential: the address carried one; http-auth: the site asked for a login over http. */
  reason: 'credential' | 'http-auth';
  url: string;
  host: string;
  credentials: { kind: CredentialKind; name: string; shape: string | null }[];
  time: number;
}

/** A failed upgraded navigation, as the explanatory page shows it (no secret). */
export interface FailedNavigationView {
  reason: FailureReason;
  error: string;
  host: string;
  url: string;
  credentials: { kind: CredentialKind; name: string }[];
  suspicious: boolean;
  time: number;
}

export type PortalResult = { ok: true; url: string } | { ok: false; error: 'no-failure' };

export type RetryResult = { ok: true } | { ok: false; error: 'no-failure' | 'still-failing' };

export type ContinueResult =
  { ok: true; url: string } | { ok: false; error: 'no-failure' | 'confirmation-needed' | 'locked' };

/** How this tab's page got to its scheme, for the popup. */
export type SiteHow =
  'upgraded' | 'https' | 'exception' | 'local' | 'special' | 'loopback' | 'cleartext' | 'paused' | 'other';

export interface SiteStatus {
  /** The page's address with every secret replaced. */
  url: string;
  host: string;
  how: SiteHow;
  /** The exception that lets this host stay on http, if any. */
  exception: ExceptionRule | null;
  exceptionsLocked: boolean;
  paused: boolean;
  stats: TabStats | null;
}

/** What of the settings is in storage.sync (background/settings-store.ts keeps it as SyncStatus). */
export interface SyncView {
  /** When this device last wrote or adopted settings in sync (0: never). */
  savedAt: number;
  /** Exceptions in sync, and those kept on this device only because sync is full. */
  synced: number;
  localOnly: number;
  /** Why the last write to sync failed (settings are then on this device only). */
  error: string | null;
}

/** The settings as the background reads them (background/settings-store.ts SettingsSnapshot). */
export interface SettingsView {
  /** The user's own settings, session exceptions included. */
  user: Settings;
  /** What is in force: the user's with the administrator's values on top. */
  effective: Settings;
  locked: ManagedKey[];
  problems: SettingsProblem[];
  sync: SyncView;
}

export type SaveResult = { ok: true; sync: SyncView } | { ok: false; problems: SettingsProblem[] };

export type SiteActionResult = { ok: true } | { ok: false; error: 'locked' | 'no-site' };

/** A credential as a content script reports it; the value is used for the fingerprint only. */
export interface ReportedCredential {
  kind: CredentialKind;
  name: string;
  value: string;
}

/**
 * Messages from the extension's own pages (popup, options, explanatory page). Only a
 * sender on the extension's origin gets an answer.
 */
export interface PageProtocol {
  'get-status': { request: Record<string, never>; response: GuardStatus };
  'get-tab-stats': { request: { tabId: number }; response: TabStats | null };
  /** Newest first; `private`: the private session's records (Firefox), not the persistent history. */
  'get-history': { request: { limit: number; private?: boolean }; response: HistoryRecord[] };
  'clear-history': { request: { private?: boolean }; response: { ok: true } };
  /** The active tab's page, as the popup shows it. */
  'get-site-status': { request: { tabId: number }; response: SiteStatus | null };
  /**
   * For a page on http by an exception: whether its host now works over HTTPS (seen
   * answering over https or sending HSTS, or answering when asked now), so the popup can
   * offer to remove the exception.
   */
  'https-now': { request: { tabId: number }; response: { works: boolean } };
  'get-settings': { request: Record<string, never>; response: SettingsView };
  /** Replaces the user's settings; validated completely first (all or nothing). */
  'save-settings': { request: { settings: unknown }; response: SaveResult };
  /** The popup's quick actions on the tab's host. */
  'site-exception': {
    /** keepLoggedIn: the exception lets cookies and logins through (in cleartext, recorded as exposed). */
    request: { tabId: number; action: 'add' | 'remove'; scope: 'always' | 'session'; keepLoggedIn?: boolean };
    response: SiteActionResult;
  };
  'pause-tab': { request: { tabId: number; paused: boolean }; response: SiteActionResult };
  /**
   * A part of the tab's page that failed over HTTPS (a host of its images, scripts...): an
   * exception for that host on the tab's site only.
   */
  'allow-on-site': { request: { tabId: number; host: string }; response: SiteActionResult };
  /** For the explanatory page: what was blocked in the sender's own tab. */
  'get-blocked-navigation': { request: Record<string, never>; response: BlockedNavigationView | null };
  /**
   * For the explanatory page: the failed upgraded navigation of the sender's own tab (or
   * frame), if `nonce` is the one the page was opened with.
   */
  'get-failed-navigation': { request: { nonce: string }; response: FailedNavigationView | null };
  /**
   * The user chose to continue over http after a failure in the sender's own tab: once
   * (this host, this tab, for a while) or always (a permanent exception). Only for the
   * host that failed there; a suspicious failure needs `confirmSuspicious`.
   */
  'continue-over-http': {
    /** keepLoggedIn ("always" only): cookies and logins go through too, in cleartext. */
    request: { scope: 'once' | 'always'; confirmSuspicious: boolean; nonce: string; keepLoggedIn?: boolean };
    response: ContinueResult;
  };
  /**
   * Try the failed address over HTTPS again (the sender's own tab, top-level); when it
   * answers, the background takes the tab there.
   */
  'retry-https': { request: { nonce: string }; response: RetryResult };
  /** Whether the failure looks like a captive portal's (the network asks for a login first). */
  'portal-check': { request: { nonce: string }; response: { suspected: boolean } };
  /**
   * Follow the network's login page over http in the sender's tab (a real click), until
   * the network is open; answers the address to go to.
   */
  'open-portal': { request: { nonce: string }; response: PortalResult };
}

/**
 * Messages from the extension's content scripts. They run inside web pages, so what they
 * say is a claim about that page: the background re-checks what it can and never lets
 * them change a setting or read the history.
 */
export interface ContentProtocol {
  /**
   * What the guard does with these kinds of credential on a request to `url` from the
   * sender's tab (its own exceptions and pause included), for the in-page form check.
   */
  'classify-submit': {
    request: { url: string; kinds: CredentialKind[] };
    response: { actions: Partial<Record<CredentialKind, GuardAction | null>> };
  };
  /**
   * A password submit was held, or sent after the user confirmed (a trusted click in the
   * extension's dialog). `from: 'script'`: the submit a script made, relayed through a DOM
   * event the page could fire itself (a claim).
   */
  'password-form': {
    request: {
      event: 'held' | 'confirmed';
      actionUrl: string;
      credentials: ReportedCredential[];
      from: 'user' | 'script';
    };
    response: { recorded: number };
  };
  /**
   * A cleartext send was stopped in the page: by the form check (a submit the user made),
   * or by the page-world guard, whose report travels through a DOM event the page could
   * fire itself (a claim: re-checked, rate-limited, marked as the page's).
   */
  'page-blocked': {
    request: {
      url: string;
      action: 'blocked' | 'stripped';
      credentials: ReportedCredential[];
      from: 'form-check' | 'page-world';
    };
    response: { recorded: number };
  };
  /** Whether the sender's document is guarded at all (asked only while some tab is paused). */
  'page-policy': {
    request: Record<string, never>;
    response: { passive: boolean; guardLocal: boolean; upgradeSpecial: boolean };
  };
}

type Envelope<P> = { [K in keyof P]: { type: K; data: P[K] extends { request: infer R } ? R : never } }[keyof P];
export type PageMessage = Envelope<PageProtocol>;
export type ContentMessage = Envelope<ContentProtocol>;

const isString = (v: unknown, max = 8192): v is string => typeof v === 'string' && v.length <= max;
const isTabId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** The explanatory page's one-time nonce (a UUID); "" when it was opened without one. */
const isNonce = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f-]{0,36}$/.test(v);

function envelope(value: unknown): { type: string; data: Record<string, unknown> } | null {
  if (!isRecord(value) || !isRecord(value.data) || typeof value.type !== 'string') return null;
  return { type: value.type, data: value.data };
}

/** Validates a message from an extension page; null for anything else. */
export function parsePageMessage(value: unknown): PageMessage | null {
  const m = envelope(value);
  if (!m) return null;
  switch (m.type) {
    case 'get-failed-navigation':
    case 'retry-https':
    case 'portal-check':
    case 'open-portal':
      return isNonce(m.data.nonce) ? { type: m.type, data: { nonce: m.data.nonce } } : null;
    case 'get-status':
    case 'get-blocked-navigation':
    case 'get-settings':
      return { type: m.type, data: {} };
    case 'clear-history':
      return { type: m.type, data: m.data.private === true ? { private: true } : {} };
    case 'save-settings':
      return 'settings' in m.data ? { type: m.type, data: { settings: m.data.settings } } : null;
    case 'https-now':
    case 'get-site-status':
      return isTabId(m.data.tabId) ? { type: m.type, data: { tabId: m.data.tabId } } : null;
    case 'site-exception': {
      const { tabId, action, scope, keepLoggedIn } = m.data;
      if (!isTabId(tabId) || (action !== 'add' && action !== 'remove')) return null;
      if (scope !== 'always' && scope !== 'session') return null;
      if (keepLoggedIn !== undefined && typeof keepLoggedIn !== 'boolean') return null;
      return { type: m.type, data: { tabId, action, scope, keepLoggedIn: keepLoggedIn === true } };
    }
    case 'allow-on-site': {
      const { tabId, host } = m.data;
      return isTabId(tabId) && isString(host, 253) ? { type: m.type, data: { tabId, host } } : null;
    }
    case 'pause-tab': {
      const { tabId, paused } = m.data;
      return isTabId(tabId) && typeof paused === 'boolean' ? { type: m.type, data: { tabId, paused } } : null;
    }
    case 'continue-over-http': {
      const { scope, confirmSuspicious, nonce, keepLoggedIn } = m.data;
      if ((scope !== 'once' && scope !== 'always') || typeof confirmSuspicious !== 'boolean') return null;
      if (keepLoggedIn !== undefined && (typeof keepLoggedIn !== 'boolean' || (keepLoggedIn && scope !== 'always'))) {
        return null;
      }
      if (!isNonce(nonce)) return null;
      return { type: m.type, data: { scope, confirmSuspicious, nonce, keepLoggedIn: keepLoggedIn === true } };
    }
    case 'get-tab-stats':
      return isTabId(m.data.tabId) ? { type: m.type, data: { tabId: m.data.tabId } } : null;
    case 'get-history': {
      const limit = m.data.limit;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100_000) return null;
      return { type: m.type, data: m.data.private === true ? { limit, private: true } : { limit } };
    }
    default:
      return null;
  }
}

function parseCredentials(value: unknown): ReportedCredential[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > 20) return null;
  const out: ReportedCredential[] = [];
  for (const item of value) {
    if (!isRecord(item) || !isString(item.name, 200) || !isString(item.value, 8192)) return null;
    if (!(CREDENTIAL_KINDS as readonly unknown[]).includes(item.kind)) return null;
    out.push({ kind: item.kind as CredentialKind, name: item.name, value: item.value });
  }
  return out;
}

/** Validates a message from a content script; null for anything else. */
export function parseContentMessage(value: unknown): ContentMessage | null {
  const m = envelope(value);
  if (!m) return null;
  switch (m.type) {
    case 'classify-submit': {
      const { url, kinds } = m.data;
      if (!isString(url) || !Array.isArray(kinds) || kinds.length > CREDENTIAL_KINDS.length) return null;
      if (!kinds.every((k) => (CREDENTIAL_KINDS as readonly unknown[]).includes(k))) return null;
      return { type: m.type, data: { url, kinds: kinds as CredentialKind[] } };
    }
    case 'password-form': {
      const { event, actionUrl, from } = m.data;
      const credentials = parseCredentials(m.data.credentials);
      if ((event !== 'held' && event !== 'confirmed') || !isString(actionUrl) || !credentials) return null;
      if (from !== 'user' && from !== 'script') return null;
      return { type: m.type, data: { event, actionUrl, credentials, from } };
    }
    case 'page-blocked': {
      const credentials = parseCredentials(m.data.credentials);
      const { action, from } = m.data;
      if (!isString(m.data.url) || !credentials || (action !== 'blocked' && action !== 'stripped')) return null;
      if (from !== 'form-check' && from !== 'page-world') return null;
      return { type: m.type, data: { url: m.data.url, action, credentials, from } };
    }
    case 'page-policy':
      return { type: m.type, data: {} };
    default:
      return null;
  }
}
