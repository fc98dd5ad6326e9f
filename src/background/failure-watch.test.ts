import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, type ExceptionRule, type Settings } from '../core/settings';
import type { FrameScripting, TabNavigator, WebRequestEvents } from '../platform/extension-api';
import type { FailedNavigation } from './failed-navigations';
import { installFailureWatch } from './failure-watch';
import type { HttpsMemoryStore } from './https-memory-store';
import { fakeEvent } from './testing/fake-browser';

vi.mock('webextension-polyfill', async () => (await import('./testing/fake-browser')).polyfillModule());

const INTERSTITIAL = 'chrome-extension://test/src/interstitial/index.html';
const NOW = Date.UTC(2025, 0, 15, 12);

interface Options {
  settings?: Partial<Settings>;
  /** The settings are not read yet in this wake (the timeout falls back to 5 s). */
  cold?: boolean;
  privateInstance?: boolean;
  tabExceptions?: ExceptionRule[];
  knownHttpsHosts?: string[];
  /** What each executeScript call answers, in turn (an Error: it rejects); after them, no frame replaced. */
  scriptResults?: ({ result?: unknown }[] | Error)[];
  updateFails?: boolean;
}

function setup(options: Options = {}) {
  const settings: Settings = { ...defaultSettings(), ...options.settings };
  const failures: { tabId: number; frameId: number; record: FailedNavigation }[] = [];
  const rememberedHosts: string[] = [];
  const updates: [number, { url: string }][] = [];
  const injections: Parameters<FrameScripting['executeScript']>[0][] = [];
  const httpsMemory: HttpsMemoryStore = {
    remember: async (host) => void rememberedHosts.push(host),
    knows: async (host) => (options.knownHttpsHosts ?? []).includes(host),
  };
  const tabs: TabNavigator = {
    async update(tabId, properties) {
      updates.push([tabId, properties]);
      if (options.updateFails) throw new Error('No tab with id');
    },
  };
  const results = [...(options.scriptResults ?? [])];
  const scripting: FrameScripting = {
    async executeScript(injection) {
      injections.push(injection);
      const next = results.shift() ?? [{ result: 0 }];
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const events = {
    onBeforeRedirect: fakeEvent(),
    onResponseStarted: fakeEvent(),
    onHeadersReceived: fakeEvent(),
    onErrorOccurred: fakeEvent(),
  };
  const watch = installFailureWatch(
    {
      settings: { now: () => (options.cold ? null : settings), ready: async () => settings },
      failed: {
        remember: async (tabId, frameId, record) => void failures.push({ tabId, frameId, record }),
      },
      httpsMemory,
      interstitialUrl: INTERSTITIAL,
      privateInstance: options.privateInstance ?? false,
      tabExceptions: async () => options.tabExceptions ?? [],
    },
    events as unknown as WebRequestEvents,
    tabs,
    scripting,
  );

  interface Request {
    requestId?: string;
    tabId?: number;
    frameId?: number;
    parentFrameId?: number;
    type?: string;
  }
  const request = ({ requestId = 'r1', tabId = 9, frameId = 0, parentFrameId = -1, type }: Request) => ({
    requestId,
    tabId,
    frameId,
    parentFrameId,
    type: type ?? (frameId === 0 ? 'main_frame' : 'sub_frame'),
  });
  /** The browser's internal redirect to the secure twin (or a server's redirect, given both ends). */
  const redirect = (url: string, redirectUrl: string, more: Request = {}) =>
    events.onBeforeRedirect.fire({ ...request(more), url, redirectUrl });
  const upgrade = (url: string, more: Request = {}) => redirect(url, url.replace(/^http:/, 'https:'), more);
  const error = (error: string, url = 'https://shop.acme.com/', more: Request = {}) =>
    events.onErrorOccurred.fire({ ...request(more), url, error });
  const responseStarted = (url: string, more: Request & { incognito?: boolean } = {}) =>
    events.onResponseStarted.fire({ ...request(more), url, incognito: more.incognito, statusCode: 200 });
  const headersReceived = (url: string, responseHeaders: { name: string; value: string }[], more: Request = {}) =>
    events.onHeadersReceived.fire({ ...request(more), url, responseHeaders, statusCode: 200 });
  return {
    watch,
    events,
    failures,
    rememberedHosts,
    updates,
    injections,
    redirect,
    upgrade,
    error,
    responseStarted,
    headersReceived,
  };
}

/** The one item of a list (failing the test if there is not exactly one). */
function theOnly<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

/** Lets the failure's awaits run (microtasks and the real event loop; setTimeout is faked). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('installFailureWatch', () => {
  it('watches the navigations of pages and frames, reading response headers', () => {
    const { events } = setup();
    const documents = { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame'] };
    for (const event of Object.values(events)) {
      expect(event.registrations).toHaveLength(1);
      expect(event.registrations[0]?.filter).toEqual(documents);
    }
    expect(events.onHeadersReceived.registrations[0]?.extraInfoSpec).toEqual(['responseHeaders']);
    expect(events.onBeforeRedirect.registrations[0]?.extraInfoSpec).toBe(undefined);
    expect(events.onResponseStarted.registrations[0]?.extraInfoSpec).toBe(undefined);
    expect(events.onErrorOccurred.registrations[0]?.extraInfoSpec).toBe(undefined);
  });

  it('explains an upgraded page that gets no answer in time, and remembers where it was going', async () => {
    const { watch, failures, updates, upgrade } = setup({ settings: { failureTimeoutSeconds: 3 } });
    upgrade('http://shop.acme.com/cart?item=4');
    await vi.advanceTimersByTimeAsync(2999);
    expect(failures).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    const failure = theOnly(failures);
    const nonce = failure.record.nonce;
    expect(nonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(failure).toEqual({
      tabId: 9,
      frameId: 0,
      record: {
        reason: 'timeout',
        error: 'no answer within 3 s',
        host: 'shop.acme.com',
        url: 'http://shop.acme.com/cart?item=4',
        continueUrl: 'http://shop.acme.com/cart?item=4',
        credentials: [],
        suspicious: false,
        time: NOW + 3000,
        nonce,
      },
    });
    expect(updates).toEqual([[9, { url: `${INTERSTITIAL}#failure=${nonce}` }]]);
    expect(watch.httpsTarget(nonce)).toBe('https://shop.acme.com/cart?item=4');
    expect(watch.httpsTarget('another')).toBe(null);
  });

  it('waits 5 s when the settings are not read yet', async () => {
    const { failures, upgrade } = setup({ cold: true });
    upgrade('http://shop.acme.com/');
    await vi.advanceTimersByTimeAsync(4999);
    expect(failures).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(failures.map((f) => f.record.error)).toEqual(['no answer within 5 s']);
  });

  it('keeps the credentials of the address out of the record, and only there', async () => {
    const { watch, failures, upgrade } = setup();
    upgrade('http://user:hunter2@shop.acme.com/login?token=abc123def&lang=de');
    await vi.advanceTimersByTimeAsync(3000);
    await settle();
    const { record } = theOnly(failures);
    expect(record.url).not.toMatch(/hunter2|abc123def/);
    expect(record.url).toBe('http://[redacted]@shop.acme.com/login?token=[redacted]&lang=de');
    expect(record.continueUrl).toBe('http://shop.acme.com/login?lang=de');
    expect(record.credentials).toEqual([
      { kind: 'userinfo', name: expect.any(String) },
      { kind: 'query', name: 'token' },
    ]);
    // In memory only, for trying HTTPS again from the explanatory page.
    expect(watch.httpsTarget(record.nonce)).toBe('https://user:hunter2@shop.acme.com/login?token=abc123def&lang=de');
  });

  it('calls a failure suspicious when the host was seen working over HTTPS before', async () => {
    const { failures, upgrade, error } = setup({ knownHttpsHosts: ['shop.acme.com'] });
    upgrade('http://shop.acme.com/');
    error('net::ERR_CERT_AUTHORITY_INVALID');
    await settle();
    expect(failures[0]?.record).toMatchObject({
      reason: 'certificate',
      error: 'net::ERR_CERT_AUTHORITY_INVALID',
      suspicious: true,
    });
  });

  it.each([
    ['net::ERR_CONNECTION_REFUSED', 'no-https'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'no-https'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'timeout'],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', 'proxy'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'certificate'],
  ])('explains a page whose upgrade failed with %s as %s, at once', async (message, reason) => {
    const { failures, updates, upgrade, error } = setup();
    upgrade('http://shop.acme.com/');
    error(message);
    await settle();
    expect(failures.map((f) => [f.record.reason, f.record.error])).toEqual([[reason, message]]);
    expect(updates).toHaveLength(1);
    // Not a second time when the timer would have run out.
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(failures).toHaveLength(1);
  });

  it('lets a load that was stopped (not failed) go, timer included', async () => {
    const { failures, upgrade, error } = setup();
    upgrade('http://shop.acme.com/');
    error('net::ERR_ABORTED');
    error('net::ERR_CONNECTION_REFUSED'); // no longer watched
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(failures).toEqual([]);
  });

  it('ignores errors of navigations it did not see upgraded', async () => {
    const { failures, error } = setup();
    error('net::ERR_CONNECTION_REFUSED');
    await settle();
    expect(failures).toEqual([]);
  });

  it('stops watching a page that answered, and remembers its host as working over HTTPS', async () => {
    const { failures, rememberedHosts, upgrade, responseStarted, error } = setup();
    upgrade('http://shop.acme.com/');
    responseStarted('https://shop.acme.com/');
    error('net::ERR_CONNECTION_RESET'); // no longer watched
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(failures).toEqual([]);
    expect(rememberedHosts).toEqual(['shop.acme.com']);
  });

  it('remembers no host from a response it did not watch, from http, or from a private window', async () => {
    const plain = setup();
    plain.responseStarted('https://shop.acme.com/');
    plain.upgrade('http://a.acme.com/', { requestId: 'r2' });
    plain.responseStarted('http://a.acme.com/', { requestId: 'r2' });
    plain.upgrade('http://b.acme.com/', { requestId: 'r3' });
    plain.responseStarted('https://b.acme.com/', { requestId: 'r3', incognito: true });
    expect(plain.rememberedHosts).toEqual([]);

    const privateInstance = setup({ privateInstance: true });
    privateInstance.upgrade('http://shop.acme.com/');
    privateInstance.responseStarted('https://shop.acme.com/');
    expect(privateInstance.rememberedHosts).toEqual([]);
  });

  it('counts response headers as an answer in time, but still explains a later error', async () => {
    const { failures, upgrade, headersReceived, error } = setup();
    upgrade('http://shop.acme.com/');
    expect(headersReceived('https://shop.acme.com/', [{ name: 'content-type', value: 'text/html' }])).toBe(undefined);
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(failures).toEqual([]);
    error('net::ERR_CERT_DATE_INVALID');
    await settle();
    expect(failures.map((f) => f.record.reason)).toEqual(['certificate']);
  });

  it('remembers a host that sends HSTS over https, watched or not', () => {
    const { rememberedHosts, headersReceived } = setup();
    headersReceived('https://a.acme.com/', [{ name: 'Strict-Transport-Security', value: 'max-age=600' }]);
    headersReceived('https://b.acme.com/', [{ name: 'content-type', value: 'text/html' }], { requestId: 'r2' });
    headersReceived('http://c.acme.com/', [{ name: 'strict-transport-security', value: 'max-age=600' }], {
      requestId: 'r3',
    });
    headersReceived('https://d.acme.com/', [{ name: 'strict-transport-security', value: 'max-age=600' }], {
      requestId: 'r4',
      frameId: 2,
    });
    expect(rememberedHosts).toEqual(['a.acme.com', 'd.acme.com']);
  });

  it('stops the timer when the https server redirects elsewhere, but keeps watching for errors', async () => {
    const { failures, upgrade, redirect, error } = setup();
    upgrade('http://shop.acme.com/');
    redirect('https://shop.acme.com/', 'https://www.acme.com/shop');
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(failures).toEqual([]);
    error('net::ERR_NAME_NOT_RESOLVED', 'https://www.acme.com/shop');
    await settle();
    expect(failures.map((f) => f.record.reason)).toEqual(['no-https']);
  });

  it('calls it a loop when the https site sends the page back to http again and again', async () => {
    const { failures, updates, upgrade, redirect } = setup();
    upgrade('http://shop.acme.com/');
    redirect('https://shop.acme.com/', 'http://shop.acme.com/'); // 2
    upgrade('http://shop.acme.com/'); // 3: still armed, not a loop yet
    await settle();
    expect(failures).toEqual([]);
    redirect('https://shop.acme.com/', 'http://shop.acme.com/'); // 4
    await settle();
    expect(failures.map((f) => [f.record.reason, f.record.error])).toEqual([['loop', 'sent back to http 4 times']]);
    expect(failures[0]?.record.url).toBe('http://shop.acme.com/');
    expect(updates).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(failures).toHaveLength(1);
  });

  it('ignores redirects to http of navigations it does not watch, and requests without a tab', async () => {
    const { failures, upgrade, redirect } = setup();
    redirect('https://shop.acme.com/', 'http://shop.acme.com/');
    upgrade('http://shop.acme.com/', { requestId: 'r2', tabId: -1 });
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(failures).toEqual([]);
  });

  it.each<[string, Options]>([
    [
      'an exception in the settings',
      {
        settings: {
          exceptions: [{ pattern: 'shop.acme.com', allowCredentials: false, scope: 'always', expiresAt: null }],
        },
      },
    ],
    [
      '"continue over HTTP once" in the tab',
      {
        tabExceptions: [{ pattern: 'shop.acme.com', allowCredentials: false, scope: 'until', expiresAt: NOW + 60_000 }],
      },
    ],
    ['watch mode', { settings: { mode: 'watch' } }],
  ])("leaves a failure of an address the rules keep on http (%s) to the browser's own page", async (_name, options) => {
    const { failures, updates, injections, upgrade, error } = setup(options);
    upgrade('http://shop.acme.com/');
    error('net::ERR_CONNECTION_REFUSED');
    upgrade('http://shop.acme.com/', { requestId: 'r2', frameId: 3, parentFrameId: 0 });
    error('net::ERR_CONNECTION_REFUSED', 'https://shop.acme.com/', { requestId: 'r2' });
    await settle();
    expect(failures).toEqual([]);
    expect(updates).toEqual([]);
    expect(injections).toEqual([]);
  });

  it('gets on when the tab is gone before it could be moved', async () => {
    const { failures, updates, upgrade, error } = setup({ updateFails: true });
    upgrade('http://shop.acme.com/');
    error('net::ERR_CONNECTION_REFUSED');
    await settle();
    expect(failures).toHaveLength(1);
    expect(updates).toHaveLength(1);
  });

  it('has the parent of a failed frame send it to the explanatory page, retrying until it takes', async () => {
    const { watch, failures, updates, injections, upgrade, error } = setup({
      scriptResults: [[{ result: 0 }], new Error('Frame with ID 1 is showing error page'), [{ result: 1 }]],
    });
    upgrade('http://maps.acme.com/embed', { frameId: 4, parentFrameId: 1 });
    error('net::ERR_CONNECTION_REFUSED', 'https://maps.acme.com/embed', { frameId: 4, parentFrameId: 1 });
    await settle();
    expect(failures.map((f) => [f.tabId, f.frameId, f.record.host])).toEqual([[9, 4, 'maps.acme.com']]);
    const { nonce } = theOnly(failures).record;
    const interstitial = `${INTERSTITIAL}#failure=${nonce}`;
    expect(injections).toHaveLength(1);
    expect(injections[0]).toEqual({
      target: { tabId: 9, frameIds: [1] },
      func: expect.any(Function),
      args: ['http://maps.acme.com/embed', interstitial],
    });
    await vi.advanceTimersByTimeAsync(149);
    expect(injections).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(injections).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(150);
    expect(injections).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(injections).toHaveLength(3);
    // A frame's failure moves no tab, and has no https address to try from the explanatory page.
    expect(updates).toEqual([]);
    expect(watch.httpsTarget(nonce)).toBe(null);
  });

  it('gives up on a frame after 10 seconds of tries', async () => {
    const { injections, upgrade, error } = setup();
    upgrade('http://maps.acme.com/embed', { frameId: 4, parentFrameId: 0 });
    error('net::ERR_CONNECTION_REFUSED', 'https://maps.acme.com/embed', { frameId: 4, parentFrameId: 0 });
    await settle();
    await vi.advanceTimersByTimeAsync(9_000);
    const byNow = injections.length;
    expect(byNow).toBeGreaterThan(50);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(injections.length).toBeGreaterThan(byNow);
    expect(injections.length).toBeLessThanOrEqual(Math.ceil(10_000 / 150) + 1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(injections.length).toBeLessThanOrEqual(Math.ceil(10_000 / 150) + 1);
  });

  it("navigates the failed frame's window (never its src attribute) in the parent", async () => {
    const { injections, upgrade, error } = setup();
    upgrade('http://maps.acme.com/embed', { frameId: 4, parentFrameId: 0 });
    error('net::ERR_CONNECTION_REFUSED', 'https://maps.acme.com/embed', { frameId: 4, parentFrameId: 0 });
    await settle();
    const injection = theOnly(injections);
    const frame = (src: string, withWindow = true) => ({
      src,
      contentWindow: withWindow ? { location: { replace: vi.fn() } } : null,
    });
    const frames = [
      frame('http://maps.acme.com/embed'),
      frame('http://other.acme.com/'),
      frame('http://maps.acme.com/embed', false),
      frame('http://maps.acme.com/embed'),
    ];
    const querySelectorAll = vi.fn(() => frames);
    vi.stubGlobal('document', { querySelectorAll });
    try {
      expect(injection.func(...injection.args)).toBe(2);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(querySelectorAll).toHaveBeenCalledWith('iframe, frame');
    const target = injection.args[1];
    expect(frames.map((f) => f.contentWindow?.location.replace.mock.calls)).toEqual([
      [[target]],
      [],
      undefined,
      [[target]],
    ]);
    expect(frames.map((f) => f.src)).toEqual([
      'http://maps.acme.com/embed',
      'http://other.acme.com/',
      'http://maps.acme.com/embed',
      'http://maps.acme.com/embed',
    ]);
  });

  it('keeps the https addresses of the last 50 failures only', async () => {
    const { watch, failures, upgrade, error } = setup();
    for (let i = 0; i < 51; i++) {
      upgrade(`http://h${i}.acme.com/`, { requestId: `r${i}` });
      error('net::ERR_CONNECTION_REFUSED', `https://h${i}.acme.com/`, { requestId: `r${i}` });
    }
    await settle();
    expect(failures).toHaveLength(51);
    const targets = failures.map((f) => watch.httpsTarget(f.record.nonce));
    expect(targets[0]).toBe(null);
    expect(targets[1]).toBe('https://h1.acme.com/');
    expect(targets[50]).toBe('https://h50.acme.com/');
  });
});
