import { describe, expect, it } from 'vitest';
import { classifyNavigationError } from './navigation-failure';

describe('classifyNavigationError', () => {
  it.each([
    // Chrome
    ['net::ERR_CONNECTION_REFUSED', 'no-https'],
    ['net::ERR_CONNECTION_RESET', 'no-https'],
    ['net::ERR_CONNECTION_CLOSED', 'no-https'],
    ['net::ERR_EMPTY_RESPONSE', 'no-https'],
    ['net::ERR_NAME_NOT_RESOLVED', 'no-https'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'no-https'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'certificate'],
    ['net::ERR_CERT_COMMON_NAME_INVALID', 'certificate'],
    ['net::ERR_CERT_DATE_INVALID', 'certificate'],
    ['net::ERR_TIMED_OUT', 'timeout'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'timeout'],
    ['net::ERR_TOO_MANY_REDIRECTS', 'loop'],
    ['net::ERR_PROXY_CONNECTION_FAILED', 'proxy'],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', 'proxy'],
    // Firefox
    ['NS_ERROR_CONNECTION_REFUSED', 'no-https'],
    ['NS_ERROR_NET_RESET', 'no-https'],
    ['NS_ERROR_UNKNOWN_HOST', 'no-https'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'certificate'],
    ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', 'certificate'],
    ['SSL_ERROR_BAD_CERT_DOMAIN', 'certificate'],
    ['SEC_ERROR_EXPIRED_CERTIFICATE', 'certificate'],
    ['NS_ERROR_NET_TIMEOUT', 'timeout'],
    ['NS_ERROR_REDIRECT_LOOP', 'loop'],
    ['NS_ERROR_PROXY_CONNECTION_REFUSED', 'proxy'],
    ['SSL_ERROR_RX_RECORD_TOO_LONG', 'no-https'],
    // not failures of the site
    ['net::ERR_ABORTED', null],
    ['net::ERR_BLOCKED_BY_CLIENT', null],
    ['NS_BINDING_ABORTED', null],
    ['NS_ERROR_ABORT', null],
    ['The certificate is not trusted because it is self-signed.', 'certificate'],
    ['The certificate is only valid for elsewhere.test', 'certificate'],
    ['Peer’s Certificate issuer is not recognized.', 'certificate'],
    ['Das Zertifikat ist nicht vertrauenswürdig.', 'certificate'],
    ['something else', 'no-https'],
  ])('%s -> %s', (error, reason) => {
    expect(classifyNavigationError(error)).toBe(reason);
  });
});
