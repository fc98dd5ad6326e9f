/** Where in a request a credential was found. */
export type CredentialKind = 'userinfo' | 'query' | 'header' | 'cookie' | 'password-field' | 'body-field';

export const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  'userinfo',
  'query',
  'header',
  'cookie',
  'password-field',
  'body-field',
];

/**
 * One credential in one request. `value` exists only in memory, to compute a keyed
 * fingerprint and to redact; it is never stored, logged or sent anywhere.
 */
export interface Finding {
  kind: CredentialKind;
  /** The parameter, header or field name; for a shape-only match, also the shape. */
  name: string;
  /** Set when the value has a well-known secret format (e.g. "aws-access-key"). */
  shape: string | null;
  value: string;
}
