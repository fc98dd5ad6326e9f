import { fingerprint } from './credentials/fingerprint';
import type { CredentialKind, Finding } from './credentials/findings';
import { redactUrl } from './credentials/redact';
import { isExposed, type GuardAction } from './policy';
import type { Mode } from './settings';
import { hostnameOf } from './url';

/**
 * One intervention, as stored in the history. It never holds the secret: the URL is
 * redacted and the value survives only as a short keyed fingerprint.
 */
export interface HistoryRecord {
  id?: number;
  time: number;
  /** The host of the tab's page ("" for requests made by no tab). */
  site: string;
  /** The host the request went (or would have gone) to. */
  host: string;
  kind: CredentialKind;
  name: string;
  /** A well-known secret format, when the value had one. */
  shape: string | null;
  action: GuardAction;
  /** The credential went out in cleartext: rotate it. */
  exposed: boolean;
  /** The request URL with every secret replaced. */
  url: string;
  fingerprint: string;
  mode: Mode;
  /**
   * Who says it happened: the browser (a request the extension saw, a submit the user
   * made) or the page's own world (the page guard, through an event the page could also
   * fire: a claim). Absent on records written before the distinction.
   */
  origin?: RecordOrigin;
}

export type RecordOrigin = 'observed' | 'page';

export interface RecordContext {
  time: number;
  site: string;
  url: string;
  action: GuardAction;
  mode: Mode;
  key: Uint8Array;
  /** The settings' secret parameter names: the redactor removes them whatever the findings. */
  secretNames: readonly string[];
  origin: RecordOrigin;
}

export function buildRecords(findings: readonly Finding[], context: RecordContext): HistoryRecord[] {
  const url = redactUrl(context.url, context.secretNames, findings);
  return findings.map((finding) => ({
    time: context.time,
    site: context.site,
    host: hostnameOf(context.url),
    kind: finding.kind,
    name: finding.name,
    shape: finding.shape,
    action: context.action,
    exposed: isExposed(context.action),
    url,
    fingerprint: fingerprint(context.key, finding.kind, finding.name, finding.value),
    mode: context.mode,
    origin: context.origin,
  }));
}
