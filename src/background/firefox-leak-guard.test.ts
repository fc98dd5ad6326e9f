import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Policy from '../core/policy';
import { routeOf } from '../core/policy';
import { CLEARTEXT_URLS } from '../platform/extension-api';
import { installFirefoxLeakGuard } from './firefox-leak-guard';
import { fakeWebRequest, platformWebRequest, requestDetails } from './testing/fake-browser';
import { fakeLeakGuardDeps } from './testing/fake-leak-guard-deps';

vi.mock('webextension-polyfill', async () =>
  (await import('./testing/fake-browser')).polyfillModule({ scheme: 'moz-extension' }),
);

// The real policy, with routeOf counted (the per-request memo is to call it once).
vi.mock('../core/policy', async (importOriginal) => {
  const actual = await importOriginal<typeof Policy>();
  return { ...actual, routeOf: vi.fn(actual.routeOf) };
});

const INTERSTITIAL = 'moz-extension://guard-test/src/interstitial/index.html';
const runtime = { getURL: (path: string) => `moz-extension://guard-test/${path.replace(/^\//, '')}` };

function setUp(options: { cached?: boolean } = {}) {
  const { state, deps, recorded, remembered, passes } = fakeLeakGuardDeps(options);
  const webRequest = fakeWebRequest();
  installFirefoxLeakGuard(deps, webRequest.events, runtime);
  return { state, records: recorded, remembered, passes, webRequest, deps };
}

/** A request's details as Firefox hands them over; a part of a page on plain.example.com unless told. */
function request(url: string, extra: Record<string, unknown> = {}) {
  return requestDetails(url, {
    originUrl: 'http://plain.example.com/app/main.js',
    documentUrl: 'http://plain.example.com/app/',
    incognito: false,
    thirdParty: false,
    ...extra,
  });
}
const navigation = (url: string, extra: Record<string, unknown> = {}) =>
  request(url, { type: 'main_frame', originUrl: undefined, documentUrl: undefined, ...extra });
const formPost = (url: string, fields: Record<string, string[]>, extra: Record<string, unknown> = {}) =>
  request(url, { method: 'POST', requestBody: { formData: fields }, ...extra });

const token = { kind: 'query', name: 'token', shape: null, value: 'SECRET' };
const password = { kind: 'body-field', name: 'password', shape: null, value: 'hunter2' };

beforeEach(() => {
  vi.mocked(routeOf).mockClear();
});

describe('installFirefoxLeakGuard: listeners', () => {
  it('blocks on cleartext requests only: bodies before sending, headers to rewrite', () => {
    const { webRequest } = setUp();
    expect(CLEARTEXT_URLS).toEqual(['http://*/*', 'ws://*/*']);
    expect(webRequest.registered).toEqual({
      onBeforeRequest: [
        {
          listener: expect.any(Function),
          filter: { urls: CLEARTEXT_URLS },
          extraInfoSpec: ['blocking', 'requestBody'],
        },
      ],
      onBeforeSendHeaders: [
        {
          listener: expect.any(Function),
          filter: { urls: CLEARTEXT_URLS },
          extraInfoSpec: ['blocking', 'requestHeaders'],
        },
      ],
    });
    // Every type of a cleartext request, none of an https one.
    expect(webRequest.delivers('onBeforeRequest', request('http://a.example.com/i.png', { type: 'image' }))).toBe(true);
    expect(webRequest.delivers('onBeforeRequest', request('ws://a.example.com/socket', { type: 'websocket' }))).toBe(
      true,
    );
    expect(webRequest.delivers('onBeforeRequest', navigation('https://plain.example.com/?token=SECRET'))).toBe(false);
    expect(webRequest.delivers('onBeforeSendHeaders', request('wss://plain.example.com/socket'))).toBe(false);
  });

  it('registers on the platform’s webRequest and its explanatory page when given nothing else', () => {
    const { deps } = setUp();
    installFirefoxLeakGuard(deps);
    expect(Object.keys(platformWebRequest.registered).sort()).toEqual(['onBeforeRequest', 'onBeforeSendHeaders']);
    expect(platformWebRequest.fire('onBeforeRequest', navigation('http://plain.example.com/?token=SECRET'))).toEqual({
      redirectUrl: 'moz-extension://default-id/src/interstitial/index.html',
    });
  });
});

describe('installFirefoxLeakGuard: a credential in the address', () => {
  it('cancels a part of a page sent in cleartext to an excepted host with a secret parameter', () => {
    const { webRequest, records, remembered } = setUp();
    const details = request('http://plain.example.com/api/items?token=SECRET');
    expect(webRequest.fire('onBeforeRequest', details)).toEqual({ cancel: true });
    expect(records).toEqual([
      { tabId: 4, url: details.url, site: 'plain.example.com', action: 'blocked', findings: [token], private: false },
    ]);
    expect(remembered).toEqual([]);
  });

  it('sends a navigation to the explanatory page and remembers what it carried', () => {
    const { webRequest, records, remembered, state } = setUp();
    const details = navigation('http://plain.example.com/login?token=SECRET', { tabId: 6 });
    expect(webRequest.fire('onBeforeRequest', details)).toEqual({ redirectUrl: INTERSTITIAL });
    expect(remembered).toEqual([[6, details.url, [token], state.settings.secretParamNames]]);
    expect(records).toEqual([expect.objectContaining({ tabId: 6, action: 'blocked', findings: [token] })]);
  });

  it('lets an address without credentials through, recording nothing', () => {
    const { webRequest, records } = setUp();
    expect(webRequest.fire('onBeforeRequest', navigation('http://plain.example.com/?page=2'))).toEqual({});
    expect(webRequest.fire('onBeforeRequest', request('http://plain.example.com/api?page=2'))).toEqual({});
    expect(records).toEqual([]);
  });

  it('leaves a host the rules upgrade alone: the credential leaves over https', () => {
    const { webRequest, records, remembered } = setUp();
    expect(webRequest.fire('onBeforeRequest', navigation('http://shop.example.com/?token=SECRET'))).toEqual({});
    expect(webRequest.fire('onBeforeRequest', request('http://shop.example.com/api?token=SECRET'))).toEqual({});
    expect(records).toEqual([]);
    expect(remembered).toEqual([]);
  });

  it('lets an exception that allows credentials through, recorded as warned', () => {
    const { webRequest, records } = setUp();
    const details = navigation('http://keep.example.com/?token=SECRET');
    expect(webRequest.fire('onBeforeRequest', details)).toEqual({});
    expect(records).toEqual([expect.objectContaining({ url: details.url, action: 'warned', findings: [token] })]);
  });

  it('follows the local-network policy for a local host', () => {
    const { webRequest, records, state } = setUp();
    const details = () => request('http://192.168.1.20/cgi-bin/login?token=SECRET');
    expect(webRequest.fire('onBeforeRequest', details())).toEqual({});
    expect(records.map((r) => r.action)).toEqual(['warned']);
    state.settings = { ...state.settings, localNetworkCredentials: 'block' };
    expect(webRequest.fire('onBeforeRequest', details())).toEqual({ cancel: true });
    expect(records.map((r) => r.action)).toEqual(['warned', 'blocked']);
  });

  it('records instead of blocking in watch mode, and in a paused tab only', () => {
    const { webRequest, records, state, remembered } = setUp();
    state.paused.add(9);
    const url = 'http://plain.example.com/login?token=SECRET';
    expect(webRequest.fire('onBeforeRequest', navigation(url, { tabId: 9 }))).toEqual({});
    expect(webRequest.fire('onBeforeRequest', navigation(url, { tabId: 4 }))).toEqual({ redirectUrl: INTERSTITIAL });
    state.settings = { ...state.settings, mode: 'watch' };
    // Watch mode upgrades nothing: a host without exception stays cleartext too.
    expect(webRequest.fire('onBeforeRequest', request('http://shop.example.com/api?token=SECRET'))).toEqual({});
    expect(records.map((r) => [r.tabId, r.action])).toEqual([
      [9, 'observed'],
      [4, 'blocked'],
      [4, 'observed'],
    ]);
    expect(remembered.map(([tabId]) => tabId)).toEqual([4]);
  });

  it('waits for the settings when they are not read yet in this wake (Firefox waits for the answer)', async () => {
    const { webRequest, records } = setUp({ cached: false });
    const answer = webRequest.fire('onBeforeRequest', request('http://plain.example.com/api?token=SECRET'));
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).resolves.toEqual({ cancel: true });
    expect(records.map((r) => r.action)).toEqual(['blocked']);
  });
});

describe('installFirefoxLeakGuard: a secret in the body', () => {
  it('cancels a form post carrying a password to an excepted host', () => {
    const { webRequest, records } = setUp();
    const details = formPost('http://plain.example.com/login', { user: ['ann'], password: ['hunter2'] });
    expect(webRequest.fire('onBeforeRequest', details)).toEqual({ cancel: true });
    expect(records).toEqual([expect.objectContaining({ url: details.url, action: 'blocked', findings: [password] })]);
  });

  it('reads a raw body too', () => {
    const { webRequest, records } = setUp();
    const bytes = new TextEncoder().encode('{"user":"ann","password":"hunter2"}').buffer;
    const details = request('http://plain.example.com/api/login', {
      method: 'POST',
      requestBody: { raw: [{ bytes }] },
    });
    expect(webRequest.fire('onBeforeRequest', details)).toEqual({ cancel: true });
    expect(records.map((r) => r.findings)).toEqual([[password]]);
  });

  it('sends a post the user confirmed once, and records nothing (recorded on confirmation)', () => {
    const { webRequest, records, passes } = setUp();
    const post = () => formPost('http://plain.example.com/login', { password: ['hunter2'] });
    passes.grant(4, 'http://plain.example.com/login');
    expect(webRequest.fire('onBeforeRequest', post())).toEqual({});
    expect(records).toEqual([]);
    // The pass is used up; another tab never had one.
    expect(webRequest.fire('onBeforeRequest', post())).toEqual({ cancel: true });
    passes.grant(4, 'http://plain.example.com/login');
    expect(webRequest.fire('onBeforeRequest', { ...post(), tabId: 5 })).toEqual({ cancel: true });
    expect(records.map((r) => [r.tabId, r.action])).toEqual([
      [4, 'blocked'],
      [5, 'blocked'],
    ]);
  });

  it('spends a pass only on a body with a secret', () => {
    const { webRequest, records, passes } = setUp();
    const url = 'http://plain.example.com/login';
    passes.grant(4, url);
    expect(webRequest.fire('onBeforeRequest', formPost(url, { q: ['shoes'] }))).toEqual({});
    expect(webRequest.fire('onBeforeRequest', formPost(url, { password: ['hunter2'] }))).toEqual({});
    expect(records).toEqual([]);
  });

  it('keeps blocking the address’s credential when the body was confirmed', () => {
    const { webRequest, records, passes } = setUp();
    const url = 'http://plain.example.com/login?token=SECRET';
    passes.grant(4, url);
    expect(webRequest.fire('onBeforeRequest', formPost(url, { password: ['hunter2'] }))).toEqual({ cancel: true });
    expect(records.map((r) => r.findings)).toEqual([[token]]);
  });

  it('records the address’s and the body’s credentials together', () => {
    const { webRequest, records } = setUp();
    const details = formPost('http://plain.example.com/login?token=SECRET', { password: ['hunter2'] });
    expect(webRequest.fire('onBeforeRequest', details)).toEqual({ cancel: true });
    expect(records).toEqual([expect.objectContaining({ action: 'blocked', findings: [token, password] })]);
  });

  it('blocks what a policy would hold: nothing can wait for a confirmation here', () => {
    const { webRequest, records, state } = setUp();
    state.settings = {
      ...state.settings,
      credentialPolicy: { ...state.settings.credentialPolicy, 'body-field': 'hold' },
    };
    const details = formPost('http://plain.example.com/login', { password: ['hunter2'] });
    expect(webRequest.fire('onBeforeRequest', details)).toEqual({ cancel: true });
    expect(records).toEqual([expect.objectContaining({ action: 'blocked', findings: [password] })]);
  });

  it('lets a body through to an exception that allows credentials, and to an upgraded host', () => {
    const { webRequest, records } = setUp();
    expect(
      webRequest.fire('onBeforeRequest', formPost('http://keep.example.com/login', { password: ['hunter2'] })),
    ).toEqual({});
    expect(
      webRequest.fire('onBeforeRequest', formPost('http://shop.example.com/login', { password: ['hunter2'] })),
    ).toEqual({});
    expect(records.map((r) => [r.url, r.action])).toEqual([['http://keep.example.com/login', 'warned']]);
  });
});

describe('installFirefoxLeakGuard: credential headers', () => {
  const headers = [
    { name: 'Accept', value: 'text/html' },
    { name: 'Authorization', value: 'Bearer abc.def' },
    { name: 'cookie', value: 'sid=1' },
    { name: 'X-Service-Token', value: 'zzz' },
    { name: 'User-Agent', value: 'Mozilla/5.0' },
  ];
  const sending = (url: string, extra: Record<string, unknown> = {}) =>
    request(url, { requestHeaders: headers, ...extra });

  it('removes them from a request to an excepted host, by name in any case, listed or not', () => {
    const { webRequest, records } = setUp();
    const details = sending('http://plain.example.com/api');
    expect(webRequest.fire('onBeforeSendHeaders', details)).toEqual({
      requestHeaders: [
        { name: 'Accept', value: 'text/html' },
        { name: 'User-Agent', value: 'Mozilla/5.0' },
      ],
    });
    expect(records).toEqual([
      {
        tabId: 4,
        url: details.url,
        site: 'plain.example.com',
        action: 'stripped',
        findings: [
          { kind: 'header', name: 'Authorization', shape: null, value: 'Bearer abc.def' },
          { kind: 'cookie', name: 'Cookie', shape: null, value: 'sid=1' },
          { kind: 'header', name: 'X-Service-Token', shape: null, value: 'zzz' },
        ],
        private: false,
      },
    ]);
  });

  it('changes nothing when no header is a credential, or there are no headers', () => {
    const { webRequest, records } = setUp();
    const plain = [{ name: 'Accept', value: 'text/html' }];
    expect(
      webRequest.fire('onBeforeSendHeaders', request('http://plain.example.com/', { requestHeaders: plain })),
    ).toEqual({});
    expect(webRequest.fire('onBeforeSendHeaders', request('http://plain.example.com/'))).toEqual({});
    expect(records).toEqual([]);
  });

  it('keeps them for loopback (never leaves the machine) and for an upgraded host', () => {
    const { webRequest, records } = setUp();
    for (const url of ['http://127.0.0.1:8080/api', 'http://localhost:3000/', 'http://shop.example.com/']) {
      expect(webRequest.fire('onBeforeSendHeaders', sending(url))).toEqual({});
    }
    expect(records).toEqual([]);
  });

  it('keeps them for an exception that allows credentials, in watch mode and in a paused tab, and records them', () => {
    const { webRequest, records, state } = setUp();
    expect(webRequest.fire('onBeforeSendHeaders', sending('http://keep.example.com/'))).toEqual({});
    state.paused.add(9);
    expect(webRequest.fire('onBeforeSendHeaders', sending('http://plain.example.com/', { tabId: 9 }))).toEqual({});
    state.settings = { ...state.settings, mode: 'watch' };
    expect(webRequest.fire('onBeforeSendHeaders', sending('http://shop.example.com/'))).toEqual({});
    expect(records.map((r) => [r.tabId, r.action, r.findings.length])).toEqual([
      [4, 'warned', 3],
      [9, 'observed', 3],
      [4, 'observed', 3],
    ]);
  });
});

describe('installFirefoxLeakGuard: one route per request', () => {
  it('works the route out once for a request’s events, and again after a redirect', () => {
    const { webRequest } = setUp();
    const first = request('http://plain.example.com/start');
    expect(webRequest.fire('onBeforeRequest', first)).toEqual({});
    expect(webRequest.fire('onBeforeSendHeaders', { ...first, requestHeaders: [] })).toEqual({});
    expect(routeOf).toHaveBeenCalledTimes(1);
    // The server redirects: the same request, a new address (with a credential now).
    const redirected = { ...first, url: 'http://plain.example.com/next?token=SECRET' };
    expect(webRequest.fire('onBeforeRequest', redirected)).toEqual({ cancel: true });
    expect(routeOf).toHaveBeenCalledTimes(2);
    expect(vi.mocked(routeOf).mock.calls.map(([url]) => url)).toEqual([first.url, redirected.url]);
  });

  it('does not share a route between requests to the same address', () => {
    const { webRequest, state } = setUp();
    const url = 'http://plain.example.com/api?token=SECRET';
    expect(webRequest.fire('onBeforeRequest', request(url))).toEqual({ cancel: true });
    state.settings = { ...state.settings, exceptions: [] }; // the exception removed: upgraded now
    expect(webRequest.fire('onBeforeRequest', request(url))).toEqual({});
    expect(routeOf).toHaveBeenCalledTimes(2);
  });
});
