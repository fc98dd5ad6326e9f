import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findUrlCredentials } from '../core/credentials/detect-url';
import type * as DetectUrl from '../core/credentials/detect-url';
import type * as Policy from '../core/policy';
import { routeOf } from '../core/policy';
import { CLEARTEXT_URLS } from '../platform/extension-api';
import { installChromeLeakObserver } from './chrome-leak-observer';
import { fakeWebRequest, platformWebRequest, requestDetails } from './testing/fake-browser';
import { fakeLeakGuardDeps } from './testing/fake-leak-guard-deps';

vi.mock('webextension-polyfill', async () => (await import('./testing/fake-browser')).polyfillModule());

// The real policy and URL detector, counted (the per-request memo is to call each once).
vi.mock('../core/policy', async (importOriginal) => {
  const actual = await importOriginal<typeof Policy>();
  return { ...actual, routeOf: vi.fn(actual.routeOf) };
});
vi.mock('../core/credentials/detect-url', async (importOriginal) => {
  const actual = await importOriginal<typeof DetectUrl>();
  return { ...actual, findUrlCredentials: vi.fn(actual.findUrlCredentials) };
});

/** Chrome serves the extension's pages under a per-session origin (use_dynamic_url) and its fixed one. */
const ORIGINS = ['chrome-extension://dynamic-id/', 'chrome-extension://fixed-id/'];
const runtime = { origins: ORIGINS };
const INTERSTITIAL = 'chrome-extension://fixed-id/src/interstitial/index.html';

function setUp(options: { cached?: boolean } = {}) {
  const { state, deps, recorded, remembered, passes } = fakeLeakGuardDeps(options);
  const webRequest = fakeWebRequest();
  installChromeLeakObserver(deps, webRequest.events, runtime);
  /** What the history gets: the recorder drops events without findings. */
  const records = () => recorded.filter((event) => event.findings.length > 0);
  return { state, records, remembered, passes, webRequest, deps };
}

/** A request's details as Chrome hands them over; a part of a page on plain.example.com unless told. */
function request(url: string, extra: Record<string, unknown> = {}) {
  return requestDetails(url, {
    initiator: 'http://plain.example.com',
    documentLifecycle: 'active',
    frameType: 'outermost_frame',
    ...extra,
  });
}
const navigation = (url: string, extra: Record<string, unknown> = {}) =>
  request(url, { type: 'main_frame', initiator: undefined, ...extra });
const formPost = (url: string, fields: Record<string, string[]>, extra: Record<string, unknown> = {}) =>
  request(url, { method: 'POST', requestBody: { formData: fields }, ...extra });

const sending = (url: string, headers: { name: string; value: string }[], extra: Record<string, unknown> = {}) =>
  request(url, { requestHeaders: headers, ...extra });
const authorization = { name: 'AUTHORIZATION', value: 'Bearer abc.def' };
const cookie = { name: 'Cookie', value: 'sid=1' };
const unlisted = { name: 'X-Service-Token', value: 'zzz' };
const accept = { name: 'Accept', value: 'text/html' };

const token = { kind: 'query', name: 'token', shape: null, value: 'SECRET' };
const password = { kind: 'body-field', name: 'password', shape: null, value: 'hunter2' };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  vi.mocked(routeOf).mockClear();
  vi.mocked(findUrlCredentials).mockClear();
});

describe('installChromeLeakObserver: listeners', () => {
  it('observes (never blocks) cleartext requests: bodies and pages, page redirects, errors, headers', () => {
    const { webRequest } = setUp();
    expect(CLEARTEXT_URLS).toEqual(['http://*/*', 'ws://*/*']);
    const listener = expect.any(Function);
    expect(webRequest.registered).toEqual({
      onBeforeRequest: [
        {
          listener,
          // The explanatory page's own request too: a blocked navigation's sign.
          filter: {
            urls: [...CLEARTEXT_URLS, 'chrome-extension://dynamic-id/*', 'chrome-extension://fixed-id/*'],
            types: ['main_frame', 'sub_frame', 'xmlhttprequest', 'ping', 'other', 'csp_report'],
          },
          extraInfoSpec: ['requestBody'],
        },
      ],
      onBeforeRedirect: [
        { listener, filter: { urls: CLEARTEXT_URLS, types: ['main_frame'] }, extraInfoSpec: undefined },
      ],
      onErrorOccurred: [{ listener, filter: { urls: CLEARTEXT_URLS }, extraInfoSpec: undefined }],
      // extraHeaders: Chrome shows Cookie only with it.
      onBeforeSendHeaders: [
        { listener, filter: { urls: CLEARTEXT_URLS }, extraInfoSpec: ['requestHeaders', 'extraHeaders'] },
      ],
    });
    // An image cannot carry a body: the rules block a credential in its address, errors tell.
    const image = request('http://plain.example.com/a.png?token=SECRET', { type: 'image' });
    expect(webRequest.delivers('onBeforeRequest', image)).toBe(false);
    expect(webRequest.delivers('onErrorOccurred', image)).toBe(true);
    expect(webRequest.delivers('onBeforeSendHeaders', image)).toBe(true);
    // An https request reaches no listener.
    const secure = navigation('https://plain.example.com/?token=SECRET');
    for (const name of ['onBeforeRequest', 'onBeforeRedirect', 'onErrorOccurred', 'onBeforeSendHeaders'] as const) {
      expect(webRequest.delivers(name, secure)).toBe(false);
    }
  });

  it('registers on the platform’s webRequest, with the extension’s own origins, when given nothing else', () => {
    const { deps } = setUp();
    installChromeLeakObserver(deps);
    const registered = platformWebRequest.registered;
    expect(Object.keys(registered).sort()).toEqual([
      'onBeforeRedirect',
      'onBeforeRequest',
      'onBeforeSendHeaders',
      'onErrorOccurred',
    ]);
    expect(registered.onBeforeRequest?.[0]?.filter.urls).toEqual([
      ...CLEARTEXT_URLS,
      'chrome-extension://default-id/*',
    ]);
  });

  it('answers nothing: every listener returns undefined, whatever it found', () => {
    const { webRequest, records } = setUp();
    const url = 'http://plain.example.com/login?token=SECRET';
    const nav = navigation(url);
    expect(webRequest.fire('onBeforeRequest', formPost(url, { password: ['hunter2'] }))).toBeUndefined();
    expect(webRequest.fire('onBeforeRedirect', { ...nav, redirectUrl: INTERSTITIAL })).toBeUndefined();
    expect(webRequest.fire('onErrorOccurred', { ...nav, error: 'net::ERR_BLOCKED_BY_CLIENT' })).toBeUndefined();
    expect(
      webRequest.fire('onBeforeSendHeaders', { ...nav, requestHeaders: [{ name: 'Cookie', value: 'sid=1' }] }),
    ).toBeUndefined();
    expect(records().length).toBeGreaterThan(0);
  });
});

describe('installChromeLeakObserver: bodies', () => {
  it('records a secret body that reached an excepted host as passed (no rule can stop it)', () => {
    const { webRequest, records } = setUp();
    const details = formPost('http://plain.example.com/login', { user: ['ann'], password: ['hunter2'] });
    webRequest.fire('onBeforeRequest', details);
    expect(records()).toEqual([
      { tabId: 4, url: details.url, site: 'plain.example.com', action: 'passed', findings: [password], private: false },
    ]);
  });

  it('records what a policy would hold as passed too', () => {
    const { webRequest, records, state } = setUp();
    state.settings = {
      ...state.settings,
      credentialPolicy: { ...state.settings.credentialPolicy, 'body-field': 'hold' },
    };
    webRequest.fire('onBeforeRequest', formPost('http://plain.example.com/login', { password: ['hunter2'] }));
    expect(records().map((r) => r.action)).toEqual(['passed']);
  });

  it('reads a raw body', () => {
    const { webRequest, records } = setUp();
    const bytes = new TextEncoder().encode('{"password":"hunter2"}').buffer;
    webRequest.fire('onBeforeRequest', request('http://plain.example.com/api', { requestBody: { raw: [{ bytes }] } }));
    expect(records().map((r) => r.findings)).toEqual([[password]]);
  });

  it('records nothing for a post the user confirmed, and spends the pass only on a body with a secret', () => {
    const { webRequest, records, passes } = setUp();
    const url = 'http://plain.example.com/login';
    passes.grant(4, url);
    webRequest.fire('onBeforeRequest', formPost(url, { q: ['shoes'] })); // nothing secret: the pass stays
    webRequest.fire('onBeforeRequest', formPost(url, { password: ['hunter2'] }));
    expect(records()).toEqual([]);
    webRequest.fire('onBeforeRequest', formPost(url, { password: ['hunter2'] }));
    expect(records().map((r) => r.action)).toEqual(['passed']);
  });

  it('keeps its names for what the policy lets through, and ignores upgraded hosts', () => {
    const { webRequest, records, state } = setUp();
    const post = (url: string, extra: Record<string, unknown> = {}) =>
      webRequest.fire('onBeforeRequest', formPost(url, { password: ['hunter2'] }, extra));
    post('http://keep.example.com/login');
    post('http://shop.example.com/login');
    state.paused.add(9);
    post('http://plain.example.com/login', { tabId: 9 });
    state.settings = { ...state.settings, mode: 'watch' };
    post('http://shop.example.com/login');
    expect(records().map((r) => [r.url, r.tabId, r.action])).toEqual([
      ['http://keep.example.com/login', 4, 'warned'],
      ['http://plain.example.com/login', 9, 'observed'],
      ['http://shop.example.com/login', 4, 'observed'],
    ]);
  });

  it('records once the settings are read when they were not yet in this wake', async () => {
    const { webRequest, records } = setUp({ cached: false });
    expect(
      webRequest.fire('onBeforeRequest', formPost('http://plain.example.com/login', { password: ['hunter2'] })),
    ).toBeUndefined();
    expect(records()).toEqual([]);
    await flush();
    expect(records().map((r) => r.action)).toEqual(['passed']);
  });
});

describe('installChromeLeakObserver: what the rules blocked', () => {
  it('records a request the rules blocked (ERR_BLOCKED_BY_CLIENT) with its address’s credentials, whatever the route', () => {
    const { webRequest, records } = setUp();
    // A public IP address: nothing upgrades it, the credential block still holds.
    const details = request('http://93.184.216.34/pixel.gif?token=SECRET', {
      type: 'image',
      initiator: 'https://shop.example.com',
      error: 'net::ERR_BLOCKED_BY_CLIENT',
    });
    webRequest.fire('onErrorOccurred', details);
    expect(records()).toEqual([
      { tabId: 4, url: details.url, site: 'shop.example.com', action: 'blocked', findings: [token], private: false },
    ]);
  });

  it('ignores other errors', () => {
    const { webRequest, records } = setUp();
    for (const error of ['net::ERR_CONNECTION_REFUSED', 'net::ERR_ABORTED', 'net::ERR_NAME_NOT_RESOLVED']) {
      webRequest.fire('onErrorOccurred', request('http://plain.example.com/api?token=SECRET', { error }));
    }
    expect(records()).toEqual([]);
  });

  it('records a navigation sent to the explanatory page as blocked, and remembers it for that page', () => {
    const { webRequest, records, remembered, state } = setUp();
    const details = navigation('http://plain.example.com/login?token=SECRET', { tabId: 6 });
    webRequest.fire('onBeforeRedirect', { ...details, redirectUrl: `${INTERSTITIAL}#from-rule` });
    expect(records()).toEqual([
      { tabId: 6, url: details.url, site: 'plain.example.com', action: 'blocked', findings: [token], private: false },
    ]);
    expect(remembered).toEqual([[6, details.url, [token], state.settings.secretParamNames]]);
  });

  it('ignores a redirect elsewhere (the upgrade, a server redirect)', () => {
    const { webRequest, records, remembered } = setUp();
    const details = navigation('http://shop.example.com/?token=SECRET');
    webRequest.fire('onBeforeRedirect', { ...details, redirectUrl: 'https://shop.example.com/?token=SECRET' });
    webRequest.fire('onBeforeRedirect', {
      ...details,
      redirectUrl: 'https://evil.example/src/interstitial/index.html',
    });
    expect(records()).toEqual([]);
    expect(remembered).toEqual([]);
  });
});

describe('installChromeLeakObserver: a server redirect to a credential address', () => {
  /** A navigation redirected by its server to an address with a credential (same request). */
  function redirectedNavigation(webRequest: ReturnType<typeof setUp>['webRequest'], tabId = 3) {
    const start = navigation('http://plain.example.com/start', { tabId });
    webRequest.fire('onBeforeRequest', start);
    const login = { ...start, url: 'http://plain.example.com/login?token=SECRET' };
    webRequest.fire('onBeforeRedirect', { ...start, redirectUrl: login.url });
    webRequest.fire('onBeforeRequest', login);
    return login;
  }
  const interstitialLoad = (tabId: number, origin = ORIGINS[1]) =>
    navigation(`${origin}src/interstitial/index.html`, { tabId });

  it('takes the explanatory page loading in that tab as the sign that the rules blocked it', () => {
    const { webRequest, records, remembered, state } = setUp();
    const login = redirectedNavigation(webRequest);
    expect(records()).toEqual([]);
    webRequest.fire('onBeforeRequest', interstitialLoad(3, ORIGINS[0]));
    expect(records()).toEqual([
      { tabId: 3, url: login.url, site: 'plain.example.com', action: 'blocked', findings: [token], private: false },
    ]);
    expect(remembered).toEqual([[3, login.url, [token], state.settings.secretParamNames]]);
    // Once: the explanatory page loading again in the tab is not another block.
    webRequest.fire('onBeforeRequest', interstitialLoad(3));
    expect(records()).toHaveLength(1);
  });

  it('keeps the sign to its tab', () => {
    const { webRequest, records } = setUp();
    redirectedNavigation(webRequest, 3);
    webRequest.fire('onBeforeRequest', interstitialLoad(8));
    expect(records()).toEqual([]);
    webRequest.fire('onBeforeRequest', interstitialLoad(3));
    expect(records().map((r) => [r.tabId, r.action])).toEqual([[3, 'blocked']]);
  });

  it('records a navigation that left as passed, and then takes no later explanatory page for it', () => {
    const { webRequest, records } = setUp();
    const login = redirectedNavigation(webRequest);
    webRequest.fire('onBeforeSendHeaders', { ...login, requestHeaders: [accept] });
    expect(records()).toEqual([expect.objectContaining({ url: login.url, action: 'passed', findings: [token] })]);
    webRequest.fire('onBeforeRequest', interstitialLoad(3));
    expect(records()).toHaveLength(1);
  });

  it('keeps waiting while other requests of the tab leave', () => {
    const { webRequest, records } = setUp();
    const login = redirectedNavigation(webRequest);
    webRequest.fire('onBeforeSendHeaders', request('http://plain.example.com/api', { tabId: 3, requestHeaders: [] }));
    webRequest.fire('onBeforeRequest', interstitialLoad(3));
    expect(records()).toEqual([expect.objectContaining({ url: login.url, action: 'blocked', findings: [token] })]);
  });

  it('waits only for cleartext navigations with a credential', () => {
    const { webRequest, records } = setUp();
    webRequest.fire('onBeforeRequest', navigation('http://shop.example.com/?token=SECRET', { tabId: 3 })); // upgraded
    webRequest.fire('onBeforeRequest', navigation('http://plain.example.com/?page=2', { tabId: 5 }));
    webRequest.fire('onBeforeRequest', request('http://plain.example.com/api?token=SECRET', { tabId: 7 }));
    for (const tabId of [3, 5, 7]) webRequest.fire('onBeforeRequest', interstitialLoad(tabId));
    expect(records()).toEqual([]);
  });
});

describe('installChromeLeakObserver: headers', () => {
  it('splits credential headers to an excepted host: the rules strip listed names, the others passed', () => {
    const { webRequest, records } = setUp();
    const details = sending('http://plain.example.com/api', [accept, authorization, cookie, unlisted]);
    webRequest.fire('onBeforeSendHeaders', details);
    const base = { tabId: 4, url: details.url, site: 'plain.example.com', private: false };
    expect(records()).toEqual([
      {
        ...base,
        action: 'stripped',
        findings: [
          { kind: 'header', name: 'AUTHORIZATION', shape: null, value: 'Bearer abc.def' },
          { kind: 'cookie', name: 'Cookie', shape: null, value: 'sid=1' },
        ],
      },
      { ...base, action: 'passed', findings: [{ kind: 'header', name: 'X-Service-Token', shape: null, value: 'zzz' }] },
    ]);
  });

  it('records listed names as stripped only, and unlisted names as passed only', () => {
    const { webRequest, records } = setUp();
    webRequest.fire('onBeforeSendHeaders', sending('http://plain.example.com/a', [authorization, cookie]));
    webRequest.fire('onBeforeSendHeaders', sending('http://plain.example.com/b', [unlisted]));
    expect(records().map((r) => [r.url, r.action, r.findings.map((f) => f.name)])).toEqual([
      ['http://plain.example.com/a', 'stripped', ['AUTHORIZATION', 'Cookie']],
      ['http://plain.example.com/b', 'passed', ['X-Service-Token']],
    ]);
  });

  it('records an address credential that reached the network as passed', () => {
    const { webRequest, records } = setUp();
    webRequest.fire('onBeforeSendHeaders', sending('http://plain.example.com/api?token=SECRET', [accept]));
    expect(records()).toEqual([expect.objectContaining({ action: 'passed', findings: [token] })]);
  });

  it('ignores loopback and upgraded hosts', () => {
    const { webRequest, records } = setUp();
    for (const url of ['http://127.0.0.1:8080/?token=SECRET', 'http://localhost:3000/', 'http://shop.example.com/']) {
      webRequest.fire('onBeforeSendHeaders', sending(url, [authorization, cookie, unlisted]));
    }
    expect(records()).toEqual([]);
  });

  it('records what the policy lets through under its own name', () => {
    const { webRequest, records, state } = setUp();
    const all = [authorization, cookie, unlisted];
    webRequest.fire('onBeforeSendHeaders', sending('http://keep.example.com/', all));
    state.paused.add(9);
    webRequest.fire('onBeforeSendHeaders', sending('http://plain.example.com/', all, { tabId: 9 }));
    state.settings = { ...state.settings, mode: 'watch' };
    webRequest.fire('onBeforeSendHeaders', sending('http://shop.example.com/', all));
    expect(records().map((r) => [r.tabId, r.action, r.findings.length])).toEqual([
      [4, 'warned', 3],
      [9, 'observed', 3],
      [4, 'observed', 3],
    ]);
  });
});

describe('installChromeLeakObserver: one route per request', () => {
  it('works the route and the address’s credentials out once for a request’s events, and again after a redirect', () => {
    const { webRequest, records } = setUp();
    const nav = navigation('http://plain.example.com/login?token=SECRET');
    webRequest.fire('onBeforeRequest', nav);
    webRequest.fire('onBeforeSendHeaders', { ...nav, requestHeaders: [] });
    expect(routeOf).toHaveBeenCalledTimes(1);
    expect(findUrlCredentials).toHaveBeenCalledTimes(1);
    // The server redirects: the same request, a new address.
    const next = { ...nav, url: 'http://plain.example.com/welcome?session_id=abc' };
    webRequest.fire('onBeforeRequest', next);
    webRequest.fire('onBeforeSendHeaders', { ...next, requestHeaders: [] });
    expect(vi.mocked(routeOf).mock.calls.map(([url]) => url)).toEqual([nav.url, next.url]);
    expect(vi.mocked(findUrlCredentials).mock.calls.map(([url]) => url)).toEqual([nav.url, next.url]);
    expect(records().map((r) => r.findings.map((f) => f.name))).toEqual([['token'], ['session_id']]);
  });

  it('does not share a route between requests to the same address', () => {
    const { webRequest, records, state } = setUp();
    const url = 'http://plain.example.com/api';
    webRequest.fire('onBeforeSendHeaders', sending(url, [cookie]));
    state.settings = { ...state.settings, exceptions: [] }; // the exception removed: upgraded now
    webRequest.fire('onBeforeSendHeaders', sending(url, [cookie]));
    expect(routeOf).toHaveBeenCalledTimes(2);
    expect(records()).toHaveLength(1);
  });
});
