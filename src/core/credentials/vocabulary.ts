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
 * Names that need a long value as well ("auth=1" and "session=expired" are not
 * credentials; "sig=9f86d081884c7d65" is): at least WEAK_VALUE_MIN_LENGTH characters as
 * written in the URL. A length, not a judgement of randomness, so that Chrome's
 * declarative rules (leak-rules.ts) can test exactly what the detector tests.
 */
export const WEAK_SECRET_PARAM_NAMES: ReadonlySet<string> = new Set(['sig', 'signature', 'session', 'auth']);
export const WEAK_VALUE_MIN_LENGTH = 16;

/**
 * `code` is an OAuth authorization code only on an OAuth callback (it comes with `state`),
 * and only with a value of WEAK_VALUE_MIN_LENGTH or more.
 */
export const OAUTH_CODE_PARAM = 'code';
export const OAUTH_STATE_PARAM = 'state';

/** Request headers that authenticate (lowercase), stripped from cleartext requests. */
export const CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'authentication',
  'x-authorization',
  'x-api-key',
  'x-apikey',
  'api-key',
  'apikey',
  'x-api-token',
  'x-auth',
  'x-auth-key',
  'x-auth-token',
  'x-access-key',
  'x-access-token',
  'x-token',
  'x-session-token',
  'x-refresh-token',
  'x-secret',
  'x-secret-key',
  'x-client-secret',
  'x-csrf-token',
  'x-goog-api-key',
  'x-amz-security-token',
  'x-vault-token',
  'x-rapidapi-key',
  'x-shopify-access-token',
  'ocp-apim-subscription-key',
  'private-token',
];

/**
 * Header names that authenticate though no list names them ("X-My-Auth", "X-Service-Key"):
 * a name part that says so. Firefox strips them by name; Chrome's rules need a list
 * (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#type-ModifyHeaderInfo),
 * so there only the page guard strips them (fetch, XHR) and what gets past is "passed".
 */
export const CREDENTIAL_HEADER_NAME =
  /(?:^|-)(?:auth|authorization|token|api-?key|secret|password|passwd|session-?id)(?:$|-)/;

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
