import { findHeaderCredentials } from '../../core/credentials/detect-headers';
import type { Finding } from '../../core/credentials/findings';
import { COOKIE_HEADER, CREDENTIAL_HEADERS } from '../../core/credentials/vocabulary';

/**
 * Credential headers a page script sets that the declarative rules cannot strip (they
 * strip by name, from a list:
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-ModifyHeaderInfo):
 * a credential-like name the list lacks ("X-My-Auth"), or a key-shaped value under any
 * name. The page guard leaves them out of requests to a cleartext host; listed names are
 * the rules' (and the observer records them).
 */
export function unlistedCredentialHeader(name: string, value: string): Finding | null {
  const lower = name.toLowerCase();
  if (lower === COOKIE_HEADER || CREDENTIAL_HEADERS.includes(lower)) return null;
  return findHeaderCredentials([{ name, value }])[0] ?? null;
}
