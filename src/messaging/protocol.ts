import type { CredentialKind } from '../core/credentials/findings';
import { isRecord } from '../core/is-record';
import { CREDENTIAL_KINDS } from '../core/credentials/findings';
import type { HistoryRecord } from '../core/history-record';
import type { FailureReason } from '../core/navigation-failure';
import type { GuardAction } from '../core/policy';
import type { ExceptionRule, ManagedKey, Settings, SettingsProblem } from '../core/settings';
import type { TabStats } from '../core/tab-stats';
import { declare, noData, parseBy, type MessageOf, type ProtocolOf } from './declare';

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
   * the regex even alone:
   * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#regex-rules):
   * what they would have blocked is recorded as "passed".
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

const isString = (v: unknown, max = 8192): v is string => typeof v === 'string' && v.length <= max;
const isTabId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** The explanatory page's one-time nonce (a UUID); "" when it was opened without one. */
const isNonce = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f-]{0,36}$/.test(v);

const tabIdOnly = (d: Record<string, unknown>) => (isTabId(d.tabId) ? { tabId: d.tabId } : null);
const nonceOnly = (d: Record<string, unknown>) => (isNonce(d.nonce) ? { nonce: d.nonce } : null);

/**
 * Messages from the extension's own pages (popup, options, explanatory page). Only a
 * sender on the extension's origin gets an answer.
 */
export const PAGE_MESSAGES = {
  'get-status': declare<GuardStatus>()(noData),
  'get-tab-stats': declare<TabStats | null>()(tabIdOnly),
  /** Newest first; `private`: the private session's records (Firefox), not the persistent history. */
  'get-history': declare<HistoryRecord[]>()((d): { limit: number; private?: boolean } | null => {
    const limit = d.limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100_000) return null;
    return d.private === true ? { limit, private: true } : { limit };
  }),
  'clear-history': declare<{ ok: true }>()((d): { private?: boolean } => (d.private === true ? { private: true } : {})),
  /** The active tab's page, as the popup shows it. */
  'get-site-status': declare<SiteStatus | null>()(tabIdOnly),
  /**
   * For a page on http by an exception: whether its host now works over HTTPS (seen
   * answering over https or sending HSTS, or answering when asked now), so the popup can
   * offer to remove the exception.
   */
  'https-now': declare<{ works: boolean }>()(tabIdOnly),
  'get-settings': declare<SettingsView>()(noData),
  /** Replaces the user's settings; validated completely first (all or nothing). */
  'save-settings': declare<SaveResult>()((d) => ('settings' in d ? { settings: d.settings } : null)),
  /**
   * The popup's quick actions on the tab's host. keepLoggedIn: the exception lets cookies
   * and logins through (in cleartext, recorded as exposed).
   */
  'site-exception': declare<SiteActionResult>()((d) => {
    const { tabId, action, scope, keepLoggedIn } = d;
    if (!isTabId(tabId) || (action !== 'add' && action !== 'remove')) return null;
    if (scope !== 'always' && scope !== 'session') return null;
    if (keepLoggedIn !== undefined && typeof keepLoggedIn !== 'boolean') return null;
    return { tabId, action, scope, keepLoggedIn: keepLoggedIn === true } as {
      tabId: number;
      action: 'add' | 'remove';
      scope: 'always' | 'session';
      keepLoggedIn?: boolean;
    };
  }),
  'pause-tab': declare<SiteActionResult>()((d) =>
    isTabId(d.tabId) && typeof d.paused === 'boolean' ? { tabId: d.tabId, paused: d.paused } : null,
  ),
  /**
   * A part of the tab's page that failed over HTTPS (a host of its images, scripts...): an
   * exception for that host on the tab's site only.
   */
  'allow-on-site': declare<SiteActionResult>()((d) =>
    isTabId(d.tabId) && isString(d.host, 253) ? { tabId: d.tabId, host: d.host } : null,
  ),
  /** For the explanatory page: what was blocked in the sender's own tab. */
  'get-blocked-navigation': declare<BlockedNavigationView | null>()(noData),
  /**
   * For the explanatory page: the failed upgraded navigation of the sender's own tab (or
   * frame), if `nonce` is the one the page was opened with.
   */
  'get-failed-navigation': declare<FailedNavigationView | null>()(nonceOnly),
  /**
   * The user chose to continue over http after a failure in the sender's own tab: once
   * (this host, this tab, for a while) or always (a permanent exception). Only for the
   * host that failed there; a suspicious failure needs `confirmSuspicious`. keepLoggedIn
   * ("always" only): cookies and logins go through too, in cleartext.
   */
  'continue-over-http': declare<ContinueResult>()((d) => {
    const { scope, confirmSuspicious, nonce, keepLoggedIn } = d;
    if ((scope !== 'once' && scope !== 'always') || typeof confirmSuspicious !== 'boolean') return null;
    if (keepLoggedIn !== undefined && (typeof keepLoggedIn !== 'boolean' || (keepLoggedIn && scope !== 'always'))) {
      return null;
    }
    if (!isNonce(nonce)) return null;
    return { scope, confirmSuspicious, nonce, keepLoggedIn: keepLoggedIn === true } as {
      scope: 'once' | 'always';
      confirmSuspicious: boolean;
      nonce: string;
      keepLoggedIn?: boolean;
    };
  }),
  /**
   * Try the failed address over HTTPS again (the sender's own tab, top-level); when it
   * answers, the background takes the tab there.
   */
  'retry-https': declare<RetryResult>()(nonceOnly),
  /** Whether the failure looks like a captive portal's (the network asks for a login first). */
  'portal-check': declare<{ suspected: boolean }>()(nonceOnly),
  /**
   * Follow the network's login page over http in the sender's tab (a real click), until
   * the network is open; answers the address to go to.
   */
  'open-portal': declare<PortalResult>()(nonceOnly),
};

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

/**
 * Messages from the extension's content scripts. They run inside web pages, so what they
 * say is a claim about that page: the background re-checks what it can and never lets
 * them change a setting or read the history.
 */
export const CONTENT_MESSAGES = {
  /**
   * What the guard does with these kinds of credential on a request to `url` from the
   * sender's tab (its own exceptions and pause included), for the in-page form check.
   */
  'classify-submit': declare<{ actions: Partial<Record<CredentialKind, GuardAction | null>> }>()((d) => {
    const { url, kinds } = d;
    if (!isString(url) || !Array.isArray(kinds) || kinds.length > CREDENTIAL_KINDS.length) return null;
    if (!kinds.every((k) => (CREDENTIAL_KINDS as readonly unknown[]).includes(k))) return null;
    return { url, kinds: kinds as CredentialKind[] };
  }),
  /**
   * A password submit was held, or sent after the user confirmed (a trusted click in the
   * extension's dialog). `from: 'script'`: the submit a script made, relayed through a DOM
   * event the page could fire itself (a claim).
   */
  'password-form': declare<{ recorded: number }>()((d) => {
    const { event, actionUrl, from } = d;
    const credentials = parseCredentials(d.credentials);
    if ((event !== 'held' && event !== 'confirmed') || !isString(actionUrl) || !credentials) return null;
    if (from !== 'user' && from !== 'script') return null;
    return { event, actionUrl, credentials, from } as {
      event: 'held' | 'confirmed';
      actionUrl: string;
      credentials: ReportedCredential[];
      from: 'user' | 'script';
    };
  }),
  /**
   * A cleartext send was stopped in the page: by the form check (a submit the user made),
   * or by the page-world guard, whose report travels through a DOM event the page could
   * fire itself (a claim: re-checked, rate-limited, marked as the page's).
   */
  'page-blocked': declare<{ recorded: number }>()((d) => {
    const credentials = parseCredentials(d.credentials);
    const { url, action, from } = d;
    if (!isString(url) || !credentials || (action !== 'blocked' && action !== 'stripped')) return null;
    if (from !== 'form-check' && from !== 'page-world') return null;
    return { url, action, credentials, from } as {
      url: string;
      action: 'blocked' | 'stripped';
      credentials: ReportedCredential[];
      from: 'form-check' | 'page-world';
    };
  }),
  /** Whether the sender's document is guarded at all (asked only while some tab is paused). */
  'page-policy': declare<{ passive: boolean; guardLocal: boolean; upgradeSpecial: boolean }>()(noData),
};

export type PageProtocol = ProtocolOf<typeof PAGE_MESSAGES>;
export type ContentProtocol = ProtocolOf<typeof CONTENT_MESSAGES>;
export type PageMessage = MessageOf<PageProtocol>;
export type ContentMessage = MessageOf<ContentProtocol>;

/** Validates a message from an extension page; null for anything else. */
export function parsePageMessage(value: unknown): PageMessage | null {
  return parseBy(PAGE_MESSAGES, value);
}

/** Validates a message from a content script; null for anything else. */
export function parseContentMessage(value: unknown): ContentMessage | null {
  return parseBy(CONTENT_MESSAGES, value);
}
