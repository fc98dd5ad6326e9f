import type { ReportedCredential } from '../messaging/protocol';

/**
 * The page-world guard reports what it stopped with a DOM event that the isolated
 * content script relays. A page can fire the same event: the background treats it as a
 * claim (it can add a history entry, never change what is sent), and the relay caps how
 * many one page can make.
 */
export const PAGE_REPORT_EVENT = 'cleartext-guard:page-blocked';

/**
 * Fired on a form by the page-world guard when a script calls form.submit() with a
 * cleartext action: the isolated script checks it as it checks a submit by the user
 * (password and secret fields), holds or blocks it, or sends it natively, and marks the
 * event handled (preventDefault) so the page world does not send it again.
 */
export const SUBMIT_REQUEST_EVENT = 'cleartext-guard:submit-request';

/** From the isolated script to the page world: how this document is guarded (PagePolicy). */
export { PAGE_POLICY_EVENT } from '../core/page-policy-script';

export interface PageReport {
  url: string;
  action: 'blocked' | 'stripped';
  credentials: ReportedCredential[];
}

export interface PagePolicy {
  /** Watch mode or a paused tab: the page guard changes nothing. */
  passive: boolean;
  /** Credentials to the local network are stopped too (strict, or policy strip/block). */
  guardLocal: boolean;
  /** Names that are not on the public web are upgraded like public ones (default: not). */
  upgradeSpecial?: boolean;
  /**
   * For the page's own cleartext host: whether secret bodies are stopped and credential
   * headers left out (no, where the policy says warn or the exception allows credentials).
   * Until the background answers, both are.
   */
  ownHost?: { bodies: boolean; headers: boolean };
}

function parseJson(detail: unknown, maxLength: number): Record<string, unknown> | null {
  if (typeof detail !== 'string' || detail.length > maxLength) return null;
  try {
    const value: unknown = JSON.parse(detail);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function parsePageReport(detail: unknown): PageReport | null {
  const value = parseJson(detail, 20_000);
  if (!value || typeof value.url !== 'string' || !Array.isArray(value.credentials)) return null;
  const action = value.action === 'stripped' ? 'stripped' : 'blocked';
  return { url: value.url, action, credentials: value.credentials as ReportedCredential[] };
}

export function parsePagePolicy(detail: unknown): PagePolicy | null {
  const value = parseJson(detail, 300);
  if (!value || typeof value.passive !== 'boolean' || typeof value.guardLocal !== 'boolean') return null;
  const own = value.ownHost as Record<string, unknown> | undefined;
  const ownHost =
    own && typeof own.bodies === 'boolean' && typeof own.headers === 'boolean'
      ? { bodies: own.bodies, headers: own.headers }
      : undefined;
  return {
    passive: value.passive,
    guardLocal: value.guardLocal,
    ...(value.upgradeSpecial === true ? { upgradeSpecial: true } : {}),
    ...(ownHost ? { ownHost } : {}),
  };
}
