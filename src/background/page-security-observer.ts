import { parseHsts } from '../core/https-memory';
import type { TabEvent, TlsInfo } from '../core/tab-stats';
import {
  getSecurityInfo as browserSecurityInfo,
  webRequestEvents,
  type GetSecurityInfo,
  type WebRequest,
  type WebRequestEvents,
} from '../platform/extension-api';

/** The certificate's issuer as a short name: its CN (or O), not the whole DN. */
export function issuerName(dn: string | undefined): string | null {
  if (!dn) return null;
  const field = (name: string) => new RegExp(`(?:^|,)\\s*${name}=("[^"]*"|[^,]*)`).exec(dn)?.[1]?.replace(/^"|"$/g, '');
  return field('CN') ?? field('O') ?? dn;
}

/**
 * The page's own security facts for the popup: its Strict-Transport-Security header and,
 * where the browser exposes it (Firefox's webRequest.getSecurityInfo, which must be
 * called from a blocking onHeadersReceived listener), its TLS version and issuer
 * (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/webRequest/getSecurityInfo;
 * Chrome has none: https://github.com/w3c/webextensions/issues/882).
 */
export function observePageSecurity(
  record: (event: TabEvent) => void,
  webRequest: Pick<WebRequestEvents, 'onHeadersReceived'> = webRequestEvents,
  getSecurityInfo: GetSecurityInfo = browserSecurityInfo,
): void {
  const withTls = __BROWSER__ === 'firefox';
  webRequest.onHeadersReceived.addListener(
    (details: WebRequest.OnHeadersReceivedDetailsType): Promise<WebRequest.BlockingResponse> | undefined => {
      if (!details.url.startsWith('https:') || details.tabId < 0) return undefined;
      const header = details.responseHeaders?.find((h) => h.name.toLowerCase() === 'strict-transport-security');
      const hsts = header?.value ? parseHsts(header.value) : null;
      const send = (tls: TlsInfo | null) =>
        record({ kind: 'page-security', tabId: details.tabId, requestId: details.requestId, hsts, tls });
      if (!withTls) {
        send(null);
        return undefined;
      }
      return getSecurityInfo(details.requestId, {}).then(
        (info) => {
          send({ protocol: info.protocolVersion ?? null, issuer: issuerName(info.certificates?.[0]?.issuer) });
          return {};
        },
        () => {
          send(null);
          return {};
        },
      );
    },
    { urls: ['https://*/*'], types: ['main_frame'] },
    withTls ? ['responseHeaders', 'blocking'] : ['responseHeaders'],
  );
}
