import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TabException } from '../core/tab-exceptions';
import type { FailedNavigationView } from '../messaging/protocol';
import { PORTAL_MINUTES, createCaptivePortal } from './captive-portal';
import type { FailedNavigation } from './failed-navigations';

type Deps = Parameters<typeof createCaptivePortal>[0];

const NOW = 1_700_000_000_000;
const NONCE = 'nonce-1';
const view: FailedNavigationView = {
  reason: 'certificate',
  error: 'net::ERR_CERT_COMMON_NAME_INVALID',
  host: 'news.test',
  url: 'https://news.test/today',
  credentials: [],
  suspicious: false,
  time: NOW,
};
const failure: FailedNavigation = { ...view, nonce: NONCE, continueUrl: 'http://news.test/today' };
const portalEntry = (tabId: number, opensWith?: string): TabException => ({
  tabId,
  host: 'news.test',
  expiresAt: NOW + 60_000,
  kind: 'portal',
  ...(opensWith === undefined ? {} : { opensWith }),
});

/** Lets the promises a listener started without waiting settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(options: { state?: string | null; portal?: TabException | null; list?: TabException[] } = {}) {
  const order: string[] = [];
  const deps = {
    failed: {
      view: vi.fn(async (): Promise<FailedNavigationView | null> => view),
      take: vi.fn(async (): Promise<FailedNavigation | null> => failure),
    },
    tabExceptions: {
      setProbe: vi.fn(async (host: string, open: boolean) => {
        order.push(`probe ${host} ${open}`);
        return true;
      }),
      startPortal: vi.fn(async () => true),
      endPortal: vi.fn(async () => true),
      portalNow: vi.fn((_tabId: number) => options.portal ?? null),
      list: vi.fn(async () => options.list ?? []),
    },
    applyRules: vi.fn(async () => void order.push('rules')),
    askCleartext: vi.fn(async (url: string): Promise<'redirect' | 'answer' | 'none'> => {
      order.push(`ask ${url}`);
      return 'redirect';
    }),
    answersOverHttps: vi.fn(async () => true),
    browserState: vi.fn(async () => (options.state === undefined ? null : options.state)),
  };
  return { deps, guide: createCaptivePortal(deps as unknown as Deps), order };
}

describe('captive portal: suspected', () => {
  it('is not suspected without a failure for that nonce (nothing is asked)', async () => {
    const { deps, guide } = setup();
    deps.failed.view.mockResolvedValueOnce(null);
    expect(await guide.suspected(3, NONCE)).toBe(false);
    expect(deps.failed.view).toHaveBeenCalledWith(3, 0, NONCE);
    expect(deps.browserState).not.toHaveBeenCalled();
    expect(deps.askCleartext).not.toHaveBeenCalled();
  });

  it.each([
    ['locked_portal', true],
    ['unlocked_portal', false],
    ['not_captive', false],
    ['unknown', false],
  ])("takes the browser's word where it has one (%s)", async (state, expected) => {
    const { deps, guide } = setup({ state });
    expect(await guide.suspected(3, NONCE)).toBe(expected);
    expect(deps.askCleartext).not.toHaveBeenCalled();
    expect(deps.tabExceptions.setProbe).not.toHaveBeenCalled();
    expect(deps.applyRules).not.toHaveBeenCalled();
  });

  it("otherwise asks the host's cleartext root through a probe exception opened for it alone", async () => {
    const { guide, order } = setup();
    expect(await guide.suspected(3, NONCE)).toBe(true);
    expect(order).toEqual(['probe news.test true', 'rules', 'ask http://news.test/', 'probe news.test false', 'rules']);
  });

  it.each(['answer', 'none'] as const)("is not a portal when the root's answer is '%s'", async (answer) => {
    const { deps, guide } = setup();
    deps.askCleartext.mockResolvedValueOnce(answer);
    expect(await guide.suspected(3, NONCE)).toBe(false);
    expect(deps.tabExceptions.setProbe).toHaveBeenLastCalledWith('news.test', false);
  });

  it('closes the probe exception even when asking fails', async () => {
    const { deps, guide, order } = setup();
    deps.askCleartext.mockRejectedValueOnce(new Error('boom'));
    await expect(guide.suspected(3, NONCE)).rejects.toThrow('boom');
    expect(order).toEqual(['probe news.test true', 'rules', 'probe news.test false', 'rules']);
  });
});

describe('captive portal: open', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => void vi.useRealTimers());

  it('refuses without a failure to choose on', async () => {
    const { deps, guide } = setup();
    deps.failed.take.mockResolvedValueOnce(null);
    expect(await guide.open(3, NONCE)).toEqual({ ok: false, error: 'no-failure' });
    expect(deps.tabExceptions.startPortal).not.toHaveBeenCalled();
    expect(deps.applyRules).not.toHaveBeenCalled();
  });

  it('lets the tab follow the portal until the failed host answers over https, or 15 minutes', async () => {
    const { deps, guide } = setup();
    expect(await guide.open(3, NONCE)).toEqual({ ok: true, url: 'http://news.test/today' });
    expect(deps.failed.take).toHaveBeenCalledWith(3, NONCE);
    expect(deps.tabExceptions.startPortal).toHaveBeenCalledWith(
      3,
      'news.test',
      'https://news.test/',
      NOW + PORTAL_MINUTES * 60_000,
    );
    expect(PORTAL_MINUTES).toBe(15);
    expect(deps.applyRules).toHaveBeenCalledTimes(1);
  });
});

describe('captive portal: the end', () => {
  it('check does nothing in a tab that follows no portal', async () => {
    const { deps, guide } = setup({ portal: null });
    await guide.check(3);
    expect(deps.answersOverHttps).not.toHaveBeenCalled();
    expect(deps.tabExceptions.endPortal).not.toHaveBeenCalled();
  });

  it('check does nothing for a portal entry without an address to try', async () => {
    const { deps, guide } = setup({ portal: portalEntry(3) });
    await guide.check(3);
    expect(deps.answersOverHttps).not.toHaveBeenCalled();
    expect(deps.tabExceptions.endPortal).not.toHaveBeenCalled();
  });

  it('check keeps the portal while the host does not answer over https', async () => {
    const { deps, guide } = setup({ portal: portalEntry(3, 'https://news.test/') });
    deps.answersOverHttps.mockResolvedValueOnce(false);
    await guide.check(3);
    expect(deps.answersOverHttps).toHaveBeenCalledWith('https://news.test/');
    expect(deps.tabExceptions.endPortal).not.toHaveBeenCalled();
    expect(deps.applyRules).not.toHaveBeenCalled();
  });

  it('check ends the portal, and brings the rules in line, once the host answers', async () => {
    const { deps, guide } = setup({ portal: portalEntry(3, 'https://news.test/') });
    await guide.check(3);
    expect(deps.tabExceptions.endPortal).toHaveBeenCalledWith(3);
    expect(deps.applyRules).toHaveBeenCalledTimes(1);
  });

  it('leaves the rules alone when ending changed nothing (another check ended it)', async () => {
    const { deps, guide } = setup({ portal: portalEntry(3, 'https://news.test/') });
    deps.tabExceptions.endPortal.mockResolvedValueOnce(false);
    await guide.check(3);
    expect(deps.applyRules).not.toHaveBeenCalled();
  });

  it('networkOpen ends every portal tab once, and nothing else', async () => {
    const list: TabException[] = [
      portalEntry(3),
      portalEntry(3),
      portalEntry(5),
      { tabId: 7, host: 'once.test', expiresAt: NOW + 1_000 },
      { tabId: -1, host: 'probe.test', expiresAt: NOW + 1_000, kind: 'probe' },
    ];
    const { deps, guide } = setup({ list });
    await guide.networkOpen();
    expect(deps.tabExceptions.endPortal.mock.calls).toEqual([[3], [5]]);
    expect(deps.applyRules).toHaveBeenCalledTimes(2);
  });
});

describe('captive portal: events', () => {
  it('checks after a page loads in a portal tab', async () => {
    const { deps, guide } = setup({ portal: portalEntry(3, 'https://news.test/') });
    guide.pageLoaded(3);
    await settle();
    expect(deps.tabExceptions.portalNow).toHaveBeenCalledWith(3);
    expect(deps.answersOverHttps).toHaveBeenCalledWith('https://news.test/');
    expect(deps.tabExceptions.endPortal).toHaveBeenCalledWith(3);
  });

  it('ignores loads in other tabs and in no tab', async () => {
    const { deps, guide } = setup({ portal: null });
    guide.pageLoaded(3);
    await settle();
    expect(deps.answersOverHttps).not.toHaveBeenCalled();
    const withPortal = setup({ portal: portalEntry(-1, 'https://news.test/') });
    withPortal.guide.pageLoaded(-1);
    await settle();
    expect(withPortal.deps.tabExceptions.portalNow).not.toHaveBeenCalled();
    expect(withPortal.deps.answersOverHttps).not.toHaveBeenCalled();
  });

  it.each(['unlocked_portal', 'not_captive'])("ends the portal tabs when the browser says '%s'", async (state) => {
    const { deps, guide } = setup({ list: [portalEntry(3)] });
    guide.browserStateChanged(state);
    await settle();
    expect(deps.tabExceptions.endPortal).toHaveBeenCalledWith(3);
  });

  it.each(['locked_portal', 'unknown'])("keeps them when the browser says '%s'", async (state) => {
    const { deps, guide } = setup({ list: [portalEntry(3)] });
    guide.browserStateChanged(state);
    await settle();
    expect(deps.tabExceptions.list).not.toHaveBeenCalled();
    expect(deps.tabExceptions.endPortal).not.toHaveBeenCalled();
  });
});
