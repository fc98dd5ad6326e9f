/**
 * What counts as a credential, by name. Shared by detection (everywhere), the declarative
 * rules (which can only match names), and the settings (the parameter list is editable).
 */

/** Query parameter names that carry a secret whatever their value looks like (lowercase). */
export const DEFAULT_SECRET_PARAM_NAMES: readonly string[] = [
  'api_key',
  'apikey',
  'api-key',
  'key_secret',
  'token',
  'access_token',
  'id_token',
  'refresh_token',
  'auth_token',
  'password',
  'passwd',
  'pwd',
  'secret',
  'client_secret',
  'sig',
  'signature',
  'session',
  'sessionid',
  'session_id',
  'auth',
  'private_token',
  'x-amz-signature',
  'x-amz-credential',
];

/**
 * Names that need a secret-looking value as well ("auth=1" and "session=expired" are not
 * credentials; "sig=9f86d081884c7d65" is).
 */
export const WEAK_SECRET_PARAM_NAMES: ReadonlySet<string> = new Set(['sig', 'signature', 'session', 'auth']);

/** `code` is an OAuth authorization code only on an OAuth callback (it comes with `state`). */
export const OAUTH_CODE_PARAM = 'code';

/** Request headers that authenticate (lowercase), stripped from cleartext requests. */
export const CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-token',
  'x-csrf-token',
  'x-goog-api-key',
  'private-token',
];

export const COOKIE_HEADER = 'cookie';

/** Body and form field names that carry a secret (lowercase; compared without - and _). */
export const SECRET_FIELD_NAMES: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'apikey',
  'privatekey',
  'pin',
  'otp',
  'cvv',
  'cvc',
];
