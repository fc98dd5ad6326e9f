/**
 * Why an upgraded navigation failed, in the words the explanatory page uses:
 * - no-https: nothing answers TLS there (refused, reset, closed, unknown name, not TLS)
 * - certificate: an untrusted, expired, self-signed or wrong-name certificate; on a
 *   network that intercepts TLS (corporate proxy, firewall) this is what it looks like
 * - timeout: no answer in time, a TLS handshake that never completes included
 * - loop: the https site sends the browser back to http, again and again
 * - proxy: a proxy or tunnel refused the secure connection
 */
export type FailureReason = 'no-https' | 'certificate' | 'timeout' | 'loop' | 'proxy';

const PATTERNS: [RegExp, FailureReason][] = [
  [/TOO_MANY_REDIRECTS|REDIRECT_LOOP/, 'loop'],
  [/TIMED_OUT|TIMEOUT/, 'timeout'],
  [/PROXY|TUNNEL/, 'proxy'],
  [/CERT|SEC_ERROR|MOZILLA_PKIX|SSL_ERROR_BAD_CERT|SSL_ERROR_UNKNOWN_CA|PINNING/, 'certificate'],
  [
    /CONNECTION_(REFUSED|RESET|CLOSED|FAILED|ABORTED)|NET_RESET|NET_INTERRUPT|EMPTY_RESPONSE|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|UNKNOWN_HOST|ADDRESS_UNREACHABLE|SSL_PROTOCOL_ERROR|SSL_VERSION|SSL_ERROR|NS_ERROR_NET_/,
    'no-https',
  ],
];

/** Errors that are not failures of the site: the user or the extension stopped the load. */
const NOT_A_FAILURE =
  /ERR_ABORTED|NS_BINDING_ABORTED|BLOCKED_BY_CLIENT|NS_ERROR_ABORT|BLOCKED_BY_RESPONSE|ERR_CACHE_MISS/;

/**
 * Firefox reports certificate problems in webRequest as a sentence ("The certificate is
 * not trusted because it is self-signed."), not a code; match the word in the languages
 * Firefox ships most.
 */
const CERTIFICATE_SENTENCE = /certificat|zertifikat|certyfikat|сертификат|证书|証明書/i;

/**
 * The reason for a webRequest error (Chrome's net:: names, Firefox's NS_/SEC_ names or
 * sentences), or null when the load was stopped rather than failed. An unknown error of
 * an upgraded navigation means nothing answered securely: no-https.
 */
export function classifyNavigationError(error: string): FailureReason | null {
  if (NOT_A_FAILURE.test(error)) return null;
  for (const [pattern, reason] of PATTERNS) if (pattern.test(error)) return reason;
  return CERTIFICATE_SENTENCE.test(error) ? 'certificate' : 'no-https';
}

/** After this many upgrades of one navigation, it is a loop. */
export const MAX_UPGRADES_PER_NAVIGATION = 3;
