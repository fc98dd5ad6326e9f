import type { ReportedCredential } from '../messaging/protocol';

/**
 * The page-world guard (Chrome) reports a refusal with a DOM event that the isolated
 * content script relays. A page can fire the same event: the background treats it as a
 * claim (it can add a history entry, never change what is sent), and the relay caps how
 * many one page can make.
 */
export const PAGE_REPORT_EVENT = 'cleartext-guard:page-blocked';

/**
 * Fired on a form by the page-world guard when a script calls form.submit() on a filled
 * password form bound for a cleartext address: the isolated script then holds it as if
 * the user had pressed the button. A page firing it itself only gets the same dialog.
 */
export const SUBMIT_REQUEST_EVENT = 'cleartext-guard:submit-request';

export interface PageReport {
  url: string;
  credentials: ReportedCredential[];
}

export function parsePageReport(detail: unknown): PageReport | null {
  if (typeof detail !== 'string' || detail.length > 20_000) return null;
  try {
    const value = JSON.parse(detail) as PageReport;
    return typeof value.url === 'string' && Array.isArray(value.credentials) ? value : null;
  } catch {
    return null;
  }
}
