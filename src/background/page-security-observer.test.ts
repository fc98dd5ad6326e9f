import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TabEvent } from '../core/tab-stats';
import type { GetSecurityInfo, SecurityInfo, WebRequestEvents } from '../platform/extension-api';
import { issuerName, observePageSecurity } from './page-security-observer';
import { fakeEvent } from './testing/fake-browser';

vi.mock('webextension-polyfill', async () => (await import('./testing/fake-browser')).polyfillModule());

function setup(securityInfo: () => Promise<SecurityInfo> = async () => ({})) {
  const onHeadersReceived = fakeEvent();
  const recorded: TabEvent[] = [];
  const getSecurityInfo = vi.fn<GetSecurityInfo>(securityInfo);
  observePageSecurity(
    (event) => recorded.push(event),
    { onHeadersReceived } as unknown as WebRequestEvents,
    getSecurityInfo,
  );
  const headers = (
    url: string,
    responseHeaders: { name: string; value?: string }[] | undefined,
    { tabId = 1, requestId = 'r1' } = {},
  ) => onHeadersReceived.fire({ requestId, tabId, url, type: 'main_frame', responseHeaders });
  return { onHeadersReceived, recorded, getSecurityInfo, headers };
}

const HSTS = { name: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' };
/** `HSTS` as the observer records it. */
const HSTS_RECORDED = { maxAge: 31536000, includeSubDomains: true, preload: false };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('observePageSecurity (Chrome: no TLS facts)', () => {
  it('watches only the responses of https pages, without blocking them', () => {
    const { onHeadersReceived } = setup();
    expect(onHeadersReceived.registrations).toHaveLength(1);
    expect(onHeadersReceived.registrations[0]?.filter).toEqual({ urls: ['https://*/*'], types: ['main_frame'] });
    expect(onHeadersReceived.registrations[0]?.extraInfoSpec).toEqual(['responseHeaders']);
  });

  it("records the page's HSTS header, parsed, whatever the header name's case", () => {
    const { recorded, headers, getSecurityInfo } = setup();
    expect(headers('https://a.example/', [{ name: 'content-type', value: 'text/html' }, HSTS])).toBe(undefined);
    headers('https://b.example/', [{ name: 'strict-transport-security', value: 'max-age=60; preload' }], {
      tabId: 2,
      requestId: 'r2',
    });
    expect(recorded).toEqual([
      {
        kind: 'page-security',
        tabId: 1,
        requestId: 'r1',
        hsts: { maxAge: 31536000, includeSubDomains: true, preload: false },
        tls: null,
      },
      {
        kind: 'page-security',
        tabId: 2,
        requestId: 'r2',
        hsts: { maxAge: 60, includeSubDomains: false, preload: true },
        tls: null,
      },
    ]);
    expect(getSecurityInfo).not.toHaveBeenCalled();
  });

  it('records no HSTS for a page without the header (or with an empty one)', () => {
    const { recorded, headers } = setup();
    headers('https://a.example/', [{ name: 'content-type', value: 'text/html' }]);
    headers('https://a.example/', undefined);
    headers('https://a.example/', [{ name: 'Strict-Transport-Security', value: '' }]);
    expect(recorded.map((e) => (e.kind === 'page-security' ? e.hsts : 'other'))).toEqual([null, null, null]);
  });

  it('ignores anything but https, and requests without a tab', () => {
    const { recorded, headers } = setup();
    expect(headers('http://a.example/', [HSTS])).toBe(undefined);
    headers('https://a.example/', [HSTS], { tabId: -1 });
    expect(recorded).toEqual([]);
  });
});

describe('observePageSecurity (Firefox: TLS facts from getSecurityInfo)', () => {
  it('listens blocking, since Firefox answers getSecurityInfo only there', () => {
    vi.stubGlobal('__BROWSER__', 'firefox');
    const { onHeadersReceived } = setup();
    expect(onHeadersReceived.registrations[0]?.filter).toEqual({ urls: ['https://*/*'], types: ['main_frame'] });
    expect(onHeadersReceived.registrations[0]?.extraInfoSpec).toEqual(['responseHeaders', 'blocking']);
  });

  it('records the TLS version and the short name of the issuer, then lets the response through', async () => {
    vi.stubGlobal('__BROWSER__', 'firefox');
    const { recorded, headers, getSecurityInfo } = setup(async () => ({
      state: 'secure',
      protocolVersion: 'TLSv1.3',
      certificates: [{ issuer: "CN=R11,O=Let's Encrypt,C=US" }, { issuer: 'CN=ISRG Root X1' }],
    }));
    const answer = headers('https://a.example/', [HSTS], { tabId: 5, requestId: 'r9' });
    expect(recorded).toEqual([]); // not before the browser answered
    await expect(answer).resolves.toEqual({});
    expect(getSecurityInfo).toHaveBeenCalledWith('r9', {});
    expect(recorded).toEqual([
      {
        kind: 'page-security',
        tabId: 5,
        requestId: 'r9',
        hsts: HSTS_RECORDED,
        tls: { protocol: 'TLSv1.3', issuer: 'R11' },
      },
    ]);
  });

  it('records what it can when the browser tells less', async () => {
    vi.stubGlobal('__BROWSER__', 'firefox');
    const { recorded, headers } = setup(async () => ({ state: 'insecure' }));
    await headers('https://a.example/', []);
    expect(recorded).toEqual([
      { kind: 'page-security', tabId: 1, requestId: 'r1', hsts: null, tls: { protocol: null, issuer: null } },
    ]);
  });

  it('records no TLS facts when getSecurityInfo fails, and still lets the response through', async () => {
    vi.stubGlobal('__BROWSER__', 'firefox');
    const { recorded, headers } = setup(() => Promise.reject(new Error('no such request')));
    await expect(headers('https://a.example/', [HSTS])).resolves.toEqual({});
    expect(recorded).toEqual([{ kind: 'page-security', tabId: 1, requestId: 'r1', hsts: HSTS_RECORDED, tls: null }]);
  });

  it('asks nothing about http pages or requests without a tab', () => {
    vi.stubGlobal('__BROWSER__', 'firefox');
    const { recorded, headers, getSecurityInfo } = setup();
    expect(headers('http://a.example/', [HSTS])).toBe(undefined);
    expect(headers('https://a.example/', [HSTS], { tabId: -1 })).toBe(undefined);
    expect(getSecurityInfo).not.toHaveBeenCalled();
    expect(recorded).toEqual([]);
  });
});

describe('issuerName', () => {
  it("is the issuer's CN, else its O, else the whole name", () => {
    expect(issuerName("CN=R11,O=Let's Encrypt,C=US")).toBe('R11');
    expect(issuerName('C=US, O=DigiCert Inc, CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1')).toBe(
      'DigiCert Global G2 TLS RSA SHA256 2020 CA1',
    );
    expect(issuerName('CN="Example, Inc. CA",O=Example')).toBe('Example, Inc. CA');
    expect(issuerName('OU=Unit,O=Example Org,C=DE')).toBe('Example Org');
    expect(issuerName('C=DE')).toBe('C=DE');
  });

  it('is null without an issuer', () => {
    expect(issuerName(undefined)).toBe(null);
    expect(issuerName('')).toBe(null);
  });
});
