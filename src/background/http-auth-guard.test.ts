import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, type ExceptionRule, type Settings } from '../core/settings';
import type { TabNavigator, WebRequest, WebRequestEvents } from '../platform/extension-api';
import type { GuardEvent } from './guard-recorder';
import { HTTP_AUTH_FINDING, installHttpAuthGuard } from './http-auth-guard';
import type { LeakGuardDeps } from './leak-guard-deps';
import { fakeEvent } from './testing/fake-browser';

vi.mock('webextension-polyfill', async () => (await import('./testing/fake-browser')).polyfillModule());

const INTERSTITIAL = 'chrome-extension://test/src/interstitial/index.html';

const exception = (pattern: string, allowCredentials = false): ExceptionRule => ({
  pattern,
  allowCredentials,
  scope: 'always',
  expiresAt: null,
});

interface Options {
  settings?: Partial<Settings>;
  tabExceptions?: ExceptionRule[];
  paused?: boolean;
  /** The settings are not read yet in this wake: the guard waits for them. */
  cold?: boolean;
  settingsFail?: boolean;
  rememberFails?: boolean;
  updateFails?: boolean;
}

function setup(options: Options = {}) {
  const settings: Settings = {
    ...defaultSettings(),
    exceptions: [exception('intranet.acme.com')],
    ...options.settings,
  };
  const recorded: GuardEvent[] = [];
  const log: string[] = [];
  const remembered: unknown[][] = [];
  const deps: LeakGuardDeps & { interstitialUrl: string } = {
    settings: {
      now: () => (options.cold ? null : settings),
      ready: () => (options.settingsFail ? Promise.reject(new Error('storage failed')) : Promise.resolve(settings)),
    },
    recorder: { record: (event) => void recorded.push(event) },
    passes: { consume: () => false },
    blockedNavigations: {
      async remember(...args) {
        remembered.push(args);
        log.push('remember');
        if (options.rememberFails) throw new Error('quota');
      },
    },
    tabExceptions: {
      forTabNow: () => (options.cold ? null : (options.tabExceptions ?? [])),
      forTab: async () => options.tabExceptions ?? [],
      isPausedNow: () => (options.cold ? null : (options.paused ?? false)),
    },
    interstitialUrl: INTERSTITIAL,
  };
  const updates: [number, { url: string }][] = [];
  const tabs: TabNavigator = {
    async update(tabId, properties) {
      updates.push([tabId, properties]);
      log.push('update');
      if (options.updateFails) throw new Error('No tab with id');
    },
  };
  const onAuthRequired = fakeEvent();
  installHttpAuthGuard(deps, { onAuthRequired } as unknown as WebRequestEvents, tabs);
  return { onAuthRequired, recorded, remembered, updates, log, settings };
}

type Challenge = Partial<WebRequest.OnAuthRequiredDetailsType> & { url: string };

const challenge = (url: string, more: Partial<Challenge> = {}): Challenge => ({
  requestId: 'r1',
  tabId: 7,
  frameId: 0,
  type: 'main_frame',
  isProxy: false,
  scheme: 'basic',
  realm: 'Intranet',
  challenger: { host: new URL(url).hostname, port: 80 },
  ...more,
  url,
});

/** Chrome's answer to a challenge, given through the callback. */
async function askChrome(event: ReturnType<typeof fakeEvent>, details: Challenge): Promise<unknown> {
  return new Promise((resolve) => event.fire(details, resolve));
}

/** Flushes the guard's fire-and-forget remember -> tabs.update chain. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('installHttpAuthGuard (Chrome: asynchronous answers)', () => {
  it('listens to login challenges of cleartext http only, answering asynchronously', () => {
    const { onAuthRequired } = setup();
    expect(onAuthRequired.registrations).toHaveLength(1);
    expect(onAuthRequired.registrations[0]?.filter).toEqual({ urls: ['http://*/*'] });
    expect(onAuthRequired.registrations[0]?.extraInfoSpec).toEqual(['asyncBlocking']);
    expect(onAuthRequired.registrations[0]?.listener.length).toBe(2);
  });

  it('cancels the challenge of a guarded cleartext host, records it, and sends the page to the explanatory page', async () => {
    const { onAuthRequired, recorded, remembered, updates, log, settings } = setup();
    const url = 'http://intranet.acme.com/admin';
    expect(await askChrome(onAuthRequired, challenge(url))).toEqual({ cancel: true });
    expect(recorded).toEqual([
      {
        tabId: 7,
        url,
        site: 'intranet.acme.com',
        action: 'blocked',
        findings: [HTTP_AUTH_FINDING],
        private: false,
      },
    ]);
    await settle();
    expect(remembered).toEqual([[7, url, [HTTP_AUTH_FINDING], settings.secretParamNames, 'http-auth']]);
    expect(updates).toEqual([[7, { url: INTERSTITIAL }]]);
    expect(log).toEqual(['remember', 'update']);
  });

  it("cancels a frame's or a background request's challenge without taking its tab anywhere", async () => {
    const { onAuthRequired, recorded, remembered, updates } = setup();
    const frame = challenge('http://intranet.acme.com/widget', {
      type: 'sub_frame',
      frameId: 3,
      documentUrl: 'https://portal.acme.com/',
    });
    expect(await askChrome(onAuthRequired, frame)).toEqual({ cancel: true });
    expect(await askChrome(onAuthRequired, challenge('http://intranet.acme.com/', { tabId: -1 }))).toEqual({
      cancel: true,
    });
    expect(recorded.map((r) => [r.tabId, r.site, r.action])).toEqual([
      [7, 'portal.acme.com', 'blocked'],
      [-1, 'intranet.acme.com', 'blocked'],
    ]);
    await settle();
    expect(remembered).toEqual([]);
    expect(updates).toEqual([]);
  });

  it('marks a challenge from a private window as private', async () => {
    const { onAuthRequired, recorded } = setup();
    await askChrome(onAuthRequired, challenge('http://intranet.acme.com/', { incognito: true }));
    expect(recorded[0]?.private).toBe(true);
  });

  it.each<[string, string, Options]>([
    ['an upgraded host (its http never gets this far)', 'http://public.acme.com/', {}],
    [
      'an exception that allows credentials',
      'http://open.acme.com/',
      { settings: { exceptions: [exception('open.acme.com', true)] } },
    ],
    ['watch mode', 'http://intranet.acme.com/', { settings: { mode: 'watch' } }],
    ['a paused tab', 'http://intranet.acme.com/', { paused: true }],
    [
      'a header policy of warn',
      'http://intranet.acme.com/',
      { settings: { credentialPolicy: { ...defaultSettings().credentialPolicy, header: 'warn' } } },
    ],
    ['the local network with its default (warn)', 'http://192.168.1.10/', {}],
    [
      'strict mode with an exception that allows credentials',
      'http://open.acme.com/',
      { settings: { mode: 'strict', exceptions: [exception('open.acme.com', true)] } },
    ],
    ['loopback', 'http://127.0.0.1:8080/', {}],
    ['a special-use name set to be upgraded', 'http://printer.test/', { settings: { upgradeSpecialUseNames: true } }],
  ])('lets the browser ask as usual for %s', async (_name, url, options) => {
    const { onAuthRequired, recorded, remembered, updates } = setup(options);
    expect(await askChrome(onAuthRequired, challenge(url))).toEqual({});
    await settle();
    expect(recorded).toEqual([]);
    expect(remembered).toEqual([]);
    expect(updates).toEqual([]);
  });

  it.each<[string, string, Options]>([
    ['an exception that guards credentials', 'http://intranet.acme.com/', {}],
    [
      'a "continue over HTTP once" in the tab',
      'http://once.acme.com/',
      { tabExceptions: [exception('once.acme.com')] },
    ],
    ['the local network set to block', 'http://192.168.1.10/', { settings: { localNetworkCredentials: 'block' } }],
    ['the local network set to strip', 'http://192.168.1.10/', { settings: { localNetworkCredentials: 'strip' } }],
    ['strict mode', 'http://intranet.acme.com/', { settings: { mode: 'strict' } }],
    [
      'a header policy of block',
      'http://intranet.acme.com/',
      { settings: { credentialPolicy: { ...defaultSettings().credentialPolicy, header: 'block' } } },
    ],
    ['a special-use name left on http', 'http://printer.test/', {}],
  ])('cancels the challenge for %s', async (_name, url, options) => {
    const { onAuthRequired, recorded } = setup(options);
    expect(await askChrome(onAuthRequired, challenge(url))).toEqual({ cancel: true });
    expect(recorded).toHaveLength(1);
  });

  it("leaves a proxy's challenge to the proxy", async () => {
    const { onAuthRequired, recorded } = setup({ settings: { mode: 'strict' } });
    const proxy = challenge('http://intranet.acme.com/', {
      isProxy: true,
      challenger: { host: 'proxy.corp', port: 3128 },
    });
    expect(await askChrome(onAuthRequired, proxy)).toEqual({});
    expect(recorded).toEqual([]);
  });

  it('waits for the settings when this wake has not read them yet', async () => {
    const { onAuthRequired, recorded } = setup({ cold: true, tabExceptions: [exception('once.acme.com')] });
    expect(await askChrome(onAuthRequired, challenge('http://once.acme.com/'))).toEqual({ cancel: true });
    expect(recorded).toHaveLength(1);
  });

  it('lets the browser ask when the settings cannot be read', async () => {
    const { onAuthRequired } = setup({ cold: true, settingsFail: true });
    expect(await askChrome(onAuthRequired, challenge('http://intranet.acme.com/'))).toEqual({});
  });

  it('swallows a failure to remember the navigation or to move the tab (nothing else to do)', async () => {
    const first = setup({ rememberFails: true });
    expect(await askChrome(first.onAuthRequired, challenge('http://intranet.acme.com/'))).toEqual({ cancel: true });
    await settle();
    expect(first.log).toEqual(['remember']);

    const second = setup({ updateFails: true });
    expect(await askChrome(second.onAuthRequired, challenge('http://intranet.acme.com/'))).toEqual({ cancel: true });
    await settle();
    expect(second.log).toEqual(['remember', 'update']);
  });
});

describe('installHttpAuthGuard (Firefox: blocking answers)', () => {
  it('listens blocking to cleartext http challenges and answers at once when it can', async () => {
    vi.stubGlobal('__BROWSER__', 'firefox');
    const { onAuthRequired, updates } = setup();
    expect(onAuthRequired.registrations[0]?.filter).toEqual({ urls: ['http://*/*'] });
    expect(onAuthRequired.registrations[0]?.extraInfoSpec).toEqual(['blocking']);
    expect(onAuthRequired.fire(challenge('http://intranet.acme.com/'))).toEqual({ cancel: true });
    expect(onAuthRequired.fire(challenge('http://public.acme.com/'))).toEqual({});
    await settle();
    expect(updates).toEqual([[7, { url: INTERSTITIAL }]]);
  });

  it('answers with a promise while the settings are read', async () => {
    vi.stubGlobal('__BROWSER__', 'firefox');
    const { onAuthRequired } = setup({ cold: true });
    const answer = onAuthRequired.fire(challenge('http://intranet.acme.com/'));
    expect(answer).toBeInstanceOf(Promise);
    await expect(answer).resolves.toEqual({ cancel: true });
  });
});
