import { describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../core/settings';
import { PAUSE_EXPIRES_AT, PAUSE_HOST } from '../core/tab-exceptions';
import { continueOverHttp } from './continue-over-http';
import { answersOverHttps } from './host-probe';
import { retryHttps } from './https-retry';
import {
  HTTPS_NOW_CHECK_MS,
  MESSAGE_ROUTE_HANDLERS,
  createMessageRoutes,
  createPageClaims,
  type MessageRouteParts,
} from './message-routes';
import { createPageActions, type PageActionDeps } from './page-actions';

const settings = defaultSettings();

function setup() {
  const parts = {
    extension: { id: 'ext', origins: ['chrome-extension://ext/'] },
    status: vi.fn(),
    store: { read: vi.fn(), save: vi.fn() },
    settings: { ready: vi.fn(async () => settings) },
    tabExceptions: {
      forTab: vi.fn(async () => [{ pattern: 'a.test', allowCredentials: false, scope: 'until', expiresAt: 1 }]),
      list: vi.fn(async () => [{ tabId: 5, host: PAUSE_HOST, expiresAt: PAUSE_EXPIRES_AT }]),
    },
    tabStats: { get: vi.fn(async () => null) },
    history: { latest: vi.fn(async () => []), clear: vi.fn(async () => undefined) },
    privateHistory: { latest: vi.fn(async () => []), clear: vi.fn(async () => undefined) },
    privateExceptions: { ready: vi.fn(), note: vi.fn() },
    httpsMemory: { knows: vi.fn(async () => false) },
    blockedNavigations: { get: vi.fn(async () => null) },
    failedNavigations: { view: vi.fn(async () => null) },
    portal: { suspected: vi.fn(), open: vi.fn() },
    httpsTarget: vi.fn(() => null),
    tabs: {
      get: vi.fn(async (_tabId: number): Promise<{ url?: string; incognito?: boolean }> => ({
        url: 'http://a.test/',
        incognito: true,
      })),
      update: vi.fn(async () => ({})),
    },
    applied: vi.fn(async () => undefined),
    recorder: { record: vi.fn() },
    passes: { grant: vi.fn() },
    pageClaims: { take: vi.fn(() => true) },
  };
  const handlers = {
    answersOverHttps: vi.fn(async () => true),
    retryHttps: vi.fn(async () => ({ ok: true as const })),
    continueOverHttp: vi.fn(async () => ({ ok: false as const, error: 'no-failure' as const })),
    createPageActions: vi.fn((_deps: PageActionDeps) => ({}) as ReturnType<typeof createPageActions>),
  };
  const routes = createMessageRoutes(
    parts as unknown as MessageRouteParts,
    handlers as unknown as typeof MESSAGE_ROUTE_HANDLERS,
  );
  const made = handlers.createPageActions.mock.calls[0];
  if (!made) throw new Error('no page actions made');
  const actionDeps = made[0];
  return { parts, handlers, routes, actionDeps };
}

describe('message routes', () => {
  it('uses the real handlers unless told otherwise', () => {
    expect(MESSAGE_ROUTE_HANDLERS).toEqual({ answersOverHttps, retryHttps, continueOverHttp, createPageActions });
  });

  it("names the extension and answers 'get-status' with the status report", () => {
    const { parts, routes } = setup();
    expect(routes.extensionId).toBe('ext');
    expect(routes.extensionOrigins).toEqual(['chrome-extension://ext/']);
    expect(routes.status).toBe(parts.status);
    expect(routes.portal).toBe(parts.portal);
  });

  it('reads and clears the private history for a private window, the history otherwise', async () => {
    const { parts, routes } = setup();
    await routes.history(20, true);
    expect(parts.privateHistory.latest).toHaveBeenCalledWith(20);
    expect(parts.history.latest).not.toHaveBeenCalled();
    await routes.history(50, false);
    expect(parts.history.latest).toHaveBeenCalledWith(50);
    await routes.clearHistory(true);
    expect(parts.privateHistory.clear).toHaveBeenCalledTimes(1);
    expect(parts.history.clear).not.toHaveBeenCalled();
    await routes.clearHistory(false);
    expect(parts.history.clear).toHaveBeenCalledTimes(1);
  });

  it('passes the per-tab questions to their stores', async () => {
    const { parts, routes } = setup();
    await routes.tabStats(3);
    expect(parts.tabStats.get).toHaveBeenCalledWith(3);
    await routes.blockedNavigation(3);
    expect(parts.blockedNavigations.get).toHaveBeenCalledWith(3);
    await routes.failedNavigation(3, 2, 'n');
    expect(parts.failedNavigations.view).toHaveBeenCalledWith(3, 2, 'n');
    expect(await routes.settings()).toBe(settings);
  });

  it("gives a tab's context: its own exceptions and whether it is paused", async () => {
    const { parts, routes } = setup();
    expect(await routes.tabContext(5)).toEqual({
      tabExceptions: [{ pattern: 'a.test', allowCredentials: false, scope: 'until', expiresAt: 1 }],
      paused: true,
    });
    expect(parts.tabExceptions.forTab).toHaveBeenCalledWith(5);
    expect((await routes.tabContext(6)).paused).toBe(false);
  });

  it("records, grants passes and counts the page's claims through their owners", () => {
    const { parts, routes } = setup();
    const event = { tabId: 1 } as Parameters<typeof routes.record>[0];
    routes.record(event);
    expect(parts.recorder.record).toHaveBeenCalledWith(event);
    routes.grantPass(1, 'http://a.test/login');
    expect(parts.passes.grant).toHaveBeenCalledWith(1, 'http://a.test/login');
    parts.pageClaims.take.mockReturnValueOnce(false);
    expect(routes.allowPageClaim(1)).toBe(false);
    expect(routes.allowPageClaim(1)).toBe(true);
    expect(parts.pageClaims.take).toHaveBeenCalledWith(1);
  });
});

describe('message routes: page actions', () => {
  it('are made once, with the stores and the apply step', () => {
    const { parts, handlers, actionDeps, routes } = setup();
    expect(handlers.createPageActions).toHaveBeenCalledTimes(1);
    expect(routes.actions).toBe(handlers.createPageActions.mock.results[0]?.value);
    expect(actionDeps.store).toBe(parts.store);
    expect(actionDeps.tabExceptions).toBe(parts.tabExceptions);
    expect(actionDeps.privateExceptions).toBe(parts.privateExceptions);
    expect(actionDeps.applied).toBe(parts.applied);
  });

  it("read the tab's address and window, and nothing for a closed tab", async () => {
    const { parts, actionDeps } = setup();
    expect(await actionDeps.tabUrl(3)).toBe('http://a.test/');
    expect(await actionDeps.tabIsPrivate(3)).toBe(true);
    expect(parts.tabs.get).toHaveBeenCalledWith(3);
    parts.tabs.get.mockResolvedValueOnce({ incognito: false });
    expect(await actionDeps.tabUrl(3)).toBeNull();
    parts.tabs.get.mockResolvedValueOnce({ url: 'http://a.test/', incognito: false });
    expect(await actionDeps.tabIsPrivate(3)).toBe(false);
    parts.tabs.get.mockRejectedValue(new Error('No tab with id: 3'));
    expect(await actionDeps.tabUrl(3)).toBeNull();
    expect(await actionDeps.tabIsPrivate(3)).toBe(false);
  });

  it('count a host known to work over HTTPS without asking it', async () => {
    const { parts, handlers, actionDeps } = setup();
    parts.httpsMemory.knows.mockResolvedValueOnce(true);
    expect(await actionDeps.worksOverHttps('known.test')).toBe(true);
    expect(parts.httpsMemory.knows).toHaveBeenCalledWith('known.test');
    expect(handlers.answersOverHttps).not.toHaveBeenCalled();
  });

  it('ask an unknown host over https, within the short limit', async () => {
    const { handlers, actionDeps } = setup();
    handlers.answersOverHttps.mockResolvedValueOnce(false);
    expect(await actionDeps.worksOverHttps('new.test')).toBe(false);
    expect(handlers.answersOverHttps).toHaveBeenCalledWith('https://new.test/', HTTPS_NOW_CHECK_MS);
    expect(HTTPS_NOW_CHECK_MS).toBe(3_000);
  });

  it("report a tab's stats from the recorder", async () => {
    const { parts, actionDeps } = setup();
    await actionDeps.tabStats(9);
    expect(parts.tabStats.get).toHaveBeenCalledWith(9);
  });
});

describe('message routes: the explanatory page', () => {
  it('retries over https with the failure watch, a full-length probe and a navigation of the tab', async () => {
    const { parts, handlers, routes } = setup();
    expect(await routes.retryHttps({ tabId: 4, nonce: 'n' })).toEqual({ ok: true });
    const [request, deps] = handlers.retryHttps.mock.calls[0] as unknown as Parameters<typeof retryHttps>;
    expect(request).toEqual({ tabId: 4, nonce: 'n' });
    expect(deps.failed).toBe(parts.failedNavigations);
    expect(deps.httpsTarget).toBe(parts.httpsTarget);
    await deps.answers('https://a.test/x');
    expect(handlers.answersOverHttps).toHaveBeenCalledWith('https://a.test/x');
    expect(await deps.navigate(4, 'https://a.test/x')).toBeUndefined();
    expect(parts.tabs.update).toHaveBeenCalledWith(4, { url: 'https://a.test/x' });
  });

  it('continues over http with the stores, the settings in force and the apply step', async () => {
    const { parts, handlers, routes } = setup();
    const request = { tabId: 4, privateTab: true, scope: 'always' as const, confirmSuspicious: false, nonce: 'n' };
    expect(await routes.continueOverHttp(request)).toEqual({ ok: false, error: 'no-failure' });
    const [passed, deps] = handlers.continueOverHttp.mock.calls[0] as unknown as Parameters<typeof continueOverHttp>;
    expect(passed).toBe(request);
    expect(deps.failed).toBe(parts.failedNavigations);
    expect(deps.tabExceptions).toBe(parts.tabExceptions);
    expect(deps.store).toBe(parts.store);
    expect(deps.privateExceptions).toBe(parts.privateExceptions);
    expect(deps.applyRules).toBe(parts.applied);
    expect(await deps.settings()).toBe(settings);
  });
});

describe('page claims', () => {
  it('allow a tab 30 claims a minute, each tab on its own, and start over when forgotten', () => {
    let now = 0;
    const claims = createPageClaims(() => now);
    for (let i = 0; i < 30; i++) expect(claims.take(1)).toBe(true);
    expect(claims.take(1)).toBe(false);
    expect(claims.take(2)).toBe(true);
    now = 60_000;
    expect(claims.take(1)).toBe(true);
    for (let i = 0; i < 29; i++) claims.take(1);
    expect(claims.take(1)).toBe(false);
    claims.forget(1);
    expect(claims.take(1)).toBe(true);
  });
});
