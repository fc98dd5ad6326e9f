/**
 * The background's JavaScript per request, in Node: the real listeners (Chrome's leak
 * observer and upgrade counter, Firefox's blocking leak guard) registered against a fake
 * webRequest that records each listener with its filter, then fed synthetic requests the
 * way the browser would: only to listeners whose filter matches the request (an https
 * request reaches none of them). Reported per request, for https, an upgraded http part,
 * and a cleartext request to an exception carrying headers.
 */
import { WEB_REQUEST_EVENTS } from '../src/background/testing/fake-browser';
import { addRow, formatMs, interleaved, spread } from './measure';

type Listener = (details: Record<string, unknown>) => unknown;
interface Registered {
  event: string;
  listener: Listener;
  urls: string[];
  types?: string[];
}

/** A fake of the few extension APIs the listeners' modules touch at load. */
function installFakeChrome(browserKind: 'chrome' | 'firefox'): Registered[] {
  const registered: Registered[] = [];
  const event = (name: string) => ({
    addListener(listener: Listener, filter?: { urls: string[]; types?: string[] }) {
      registered.push({ event: name, listener, urls: filter?.urls ?? [], types: filter?.types });
    },
    removeListener() {},
    hasListener: () => false,
  });
  const webRequest = Object.fromEntries(WEB_REQUEST_EVENTS.map((n) => [n, event(n)]));
  const area = { get: async () => ({}), set: async () => undefined, remove: async () => undefined };
  const fake = {
    runtime: {
      id: 'benchextensionid',
      getURL: (p: string) => `chrome-extension://benchextensionid/${p.replace(/^\//, '')}`,
    },
    extension: { inIncognitoContext: false },
    webRequest,
    tabs: { onRemoved: event('tabs.onRemoved'), update: async () => undefined },
    storage: { local: area, session: area, sync: area, managed: area, onChanged: event('storage.onChanged') },
    declarativeNetRequest: {},
    action: {},
  };
  const scope = globalThis as unknown as Record<string, unknown>;
  scope.chrome = fake;
  if (browserKind === 'firefox') scope.browser = fake;
  scope.__BROWSER__ = browserKind;
  return registered;
}

/** Chrome's webRequest match patterns, as far as the listeners here use them. */
function matches(r: Registered, url: string, type: string): boolean {
  if (r.types && !r.types.includes(type)) return false;
  return r.urls.some((pattern) => {
    if (pattern === '<all_urls>') return true;
    const scheme = pattern.slice(0, pattern.indexOf('://'));
    const rest = pattern.slice(scheme.length + 3);
    return (
      url.startsWith(`${scheme}://`) && (rest === '*/*' || url.startsWith(`${scheme}://${rest.replace(/\*$/, '')}`))
    );
  });
}

async function perRequest(browserKind: 'chrome' | 'firefox'): Promise<void> {
  const registered = installFakeChrome(browserKind);
  const { defaultSettings } = await import('../src/core/settings');
  const { createUserPasses } = await import('../src/background/user-passes');
  const settings = {
    ...defaultSettings(),
    exceptions: [{ pattern: 'plain.example.com', allowCredentials: false, scope: 'always' as const, expiresAt: null }],
  };
  const deps = {
    settings: { now: () => settings, ready: async () => settings, refresh: async () => settings },
    recorder: { record: () => undefined, problems: () => [] },
    passes: createUserPasses(),
    blockedNavigations: { remember: async () => undefined },
    tabExceptions: {
      forTabNow: () => [],
      forTab: async () => [],
      isPausedNow: () => false,
    },
  } as never;
  if (browserKind === 'chrome') {
    const { installChromeLeakObserver } = await import('../src/background/chrome-leak-observer');
    installChromeLeakObserver(deps);
  } else {
    const { installFirefoxLeakGuard } = await import('../src/background/firefox-leak-guard');
    installFirefoxLeakGuard(deps);
  }
  const { observeUpgrades } = await import('../src/background/upgrade-observer');
  observeUpgrades(() => undefined);

  let id = 0;
  let calls = 0;
  /** One request's events, to the listeners whose filter matches it: its JavaScript cost. */
  const dispatch = (url: string, type: string, events: [string, Record<string, unknown>][]) => {
    const requestId = String(++id);
    for (const [name, extra] of events) {
      const details = {
        requestId,
        tabId: 7,
        frameId: 0,
        type,
        url,
        method: 'GET',
        initiator: 'https://shop.example.com',
        ...extra,
      };
      for (const r of registered) {
        if (r.event !== name || !matches(r, url, type)) continue;
        calls++;
        r.listener(details);
      }
    }
  };
  const headers = [
    { name: 'Accept', value: 'text/html' },
    { name: 'Cookie', value: 'lang=en; theme=dark' },
    { name: 'User-Agent', value: 'Mozilla/5.0 (X11; Linux x86_64)' },
  ];
  const kinds = {
    'https part': () =>
      dispatch('https://shop.example.com/img/1.png?v=3', 'image', [
        ['onBeforeRequest', {}],
        ['onBeforeSendHeaders', { requestHeaders: headers }],
        ['onSendHeaders', {}],
        ['onResponseStarted', {}],
        ['onCompleted', {}],
      ]),
    'upgraded http part': () => {
      dispatch('http://shop.example.com/img/2.png?v=3', 'image', [
        ['onBeforeRequest', {}],
        ['onBeforeRedirect', { redirectUrl: 'https://shop.example.com/img/2.png?v=3' }],
      ]);
      dispatch('https://shop.example.com/img/2.png?v=3', 'image', [
        ['onBeforeSendHeaders', { requestHeaders: headers }],
        ['onCompleted', {}],
      ]);
    },
    'cleartext request to an exception, with headers': () =>
      dispatch('http://plain.example.com/api/items?page=2', 'xmlhttprequest', [
        ['onBeforeRequest', {}],
        ['onBeforeSendHeaders', { requestHeaders: headers }],
        ['onSendHeaders', {}],
        ['onCompleted', {}],
      ]),
  };
  const PER_ROUND = 20_000;
  const time = (run: () => void) => async () => {
    const started = performance.now();
    for (let i = 0; i < PER_ROUND; i++) run();
    return ((performance.now() - started) * 1000) / PER_ROUND; // µs per request
  };
  for (const run of Object.values(kinds)) await time(run)(); // warm up
  const samples = await interleaved(
    Object.fromEntries(Object.entries(kinds).map(([k, run]) => [k, time(run)])) as Record<
      keyof typeof kinds,
      () => Promise<number>
    >,
    7,
  );
  const where = browserKind === 'chrome' ? 'node (chrome listeners)' : 'node (firefox listeners)';
  // The https row calls no listener: it is what the fake dispatch costs by itself.
  const dispatchAlone = samples['https part'];
  for (const [kind, values] of Object.entries(samples) as [keyof typeof kinds, number[]][]) {
    calls = 0;
    kinds[kind]();
    const perRequest = calls;
    const net = spread(values.map((v, i) => v - (dispatchAlone[i] as number)));
    const micro = (text: string) => text.replace(/ms/g, 'µs');
    addRow({
      figure: `background JavaScript per request: ${kind}`,
      where,
      result:
        kind === 'https part'
          ? `${perRequest} listener calls`
          : `${perRequest} listener calls; ${micro(formatMs(net, 2))} (the fake dispatch taken off)`,
      reference: `the fake dispatch alone: ${micro(formatMs(spread(dispatchAlone), 2))}`,
      goal: kind === 'https part' ? 'no listener called' : '≤ 2 µs',
      met: kind === 'https part' ? perRequest === 0 : net.median <= 2,
    });
  }
}

export async function benchRequestsInNode(browserKind: 'chrome' | 'firefox'): Promise<void> {
  await perRequest(browserKind);
}

// `tsx bench/requests.ts chrome|firefox`: one browser's listeners per process (the modules
// read which browser they are for once, when they load); rows printed as JSON lines.
if (process.argv[1]?.endsWith('requests.ts')) {
  const kind = process.argv[2] === 'firefox' ? 'firefox' : 'chrome';
  const { allRows } = await import('./measure');
  await benchRequestsInNode(kind);
  for (const row of allRows()) console.log(`[bench-row] ${JSON.stringify(row)}`);
}
