import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, type Settings } from '../core/settings';
import type { FailedNavigationView } from '../messaging/protocol';
import { continueOverHttp } from './continue-over-http';
import type { FailedNavigation } from './failed-navigations';
import { exceptionRule as rule } from './testing/exception-rule';

type Deps = Parameters<typeof continueOverHttp>[1];
type Request = Parameters<typeof continueOverHttp>[0];

const NOW = 1_700_000_000_000;
const NONCE = 'nonce-1';

const view: FailedNavigationView = {
  reason: 'certificate',
  error: 'net::ERR_CERT_AUTHORITY_INVALID',
  host: 'broken.test',
  url: 'https://broken.test/page',
  credentials: [],
  suspicious: false,
  time: NOW - 1_000,
};
const failure: FailedNavigation = { ...view, nonce: NONCE, continueUrl: 'http://broken.test/page' };

function setup(options: { view?: FailedNavigationView | null; locked?: string[]; user?: Settings } = {}) {
  const order: string[] = [];
  const user = options.user ?? { ...defaultSettings(), exceptions: [rule('other.test')] };
  const deps = {
    failed: {
      view: vi.fn(async () => (options.view === undefined ? view : options.view)),
      take: vi.fn(async (): Promise<FailedNavigation | null> => failure),
    },
    tabExceptions: { add: vi.fn(async () => true) },
    store: {
      read: vi.fn(async () => ({ user, locked: options.locked ?? [] })),
      save: vi.fn(async (_settings: Settings) => void order.push('save')),
    },
    settings: vi.fn(async () => ({ ...defaultSettings(), continueOnceSeconds: 120 })),
    applyRules: vi.fn(async () => void order.push('applyRules')),
    privateExceptions: {
      ready: vi.fn(async () => void order.push('ready')),
      note: vi.fn(async (host: string) => void order.push(`note ${host}`)),
    },
  };
  const run = (request: Partial<Request> = {}) =>
    continueOverHttp(
      { tabId: 4, privateTab: false, scope: 'once', confirmSuspicious: false, nonce: NONCE, ...request },
      deps as unknown as Deps,
    );
  return { deps, run, order, user };
}

describe('continue over http', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => void vi.useRealTimers());

  it('refuses without a failure for that nonce, choosing nothing', async () => {
    const { deps, run } = setup({ view: null });
    expect(await run()).toEqual({ ok: false, error: 'no-failure' });
    expect(deps.failed.view).toHaveBeenCalledWith(4, 0, NONCE);
    expect(deps.failed.take).not.toHaveBeenCalled();
    expect(deps.applyRules).not.toHaveBeenCalled();
  });

  it('asks for a confirmation on a suspicious failure, and takes one', async () => {
    const { deps, run } = setup({ view: { ...view, suspicious: true } });
    expect(await run()).toEqual({ ok: false, error: 'confirmation-needed' });
    expect(deps.failed.take).not.toHaveBeenCalled();
    expect(await run({ confirmSuspicious: true })).toEqual({ ok: true, url: failure.continueUrl });
  });

  it('refuses "always" when the administrator locked the exceptions, but not "once"', async () => {
    const { deps, run } = setup({ locked: ['exceptions'] });
    expect(await run({ scope: 'always' })).toEqual({ ok: false, error: 'locked' });
    expect(deps.failed.take).not.toHaveBeenCalled();
    expect(deps.store.save).not.toHaveBeenCalled();
    expect(await run({ scope: 'once' })).toEqual({ ok: true, url: failure.continueUrl });
  });

  it('refuses when the failure was chosen on meanwhile', async () => {
    const { deps, run } = setup();
    deps.failed.take.mockResolvedValueOnce(null);
    expect(await run({ scope: 'always' })).toEqual({ ok: false, error: 'no-failure' });
    expect(deps.failed.take).toHaveBeenCalledWith(4, NONCE);
    expect(deps.store.save).not.toHaveBeenCalled();
    expect(deps.tabExceptions.add).not.toHaveBeenCalled();
    expect(deps.applyRules).not.toHaveBeenCalled();
  });

  it('"once": a tab exception for the failed host, for the configured time, then the rules', async () => {
    const { deps, run } = setup();
    expect(await run()).toEqual({ ok: true, url: 'http://broken.test/page' });
    expect(deps.tabExceptions.add).toHaveBeenCalledWith({ tabId: 4, host: 'broken.test', expiresAt: NOW + 120_000 });
    expect(deps.store.save).not.toHaveBeenCalled();
    expect(deps.applyRules).toHaveBeenCalledTimes(1);
  });

  it('"always": a permanent settings exception for the failed host, replacing one for the same host', async () => {
    const user = { ...defaultSettings(), exceptions: [rule('other.test'), rule('broken.test', { scope: 'until' })] };
    const { deps, run, order } = setup({ user });
    expect(await run({ scope: 'always' })).toEqual({ ok: true, url: failure.continueUrl });
    expect(deps.store.save).toHaveBeenCalledWith({ ...user, exceptions: [rule('other.test'), rule('broken.test')] });
    expect(deps.tabExceptions.add).not.toHaveBeenCalled();
    expect(deps.privateExceptions.ready).not.toHaveBeenCalled();
    expect(deps.privateExceptions.note).not.toHaveBeenCalled();
    expect(order).toEqual(['save', 'applyRules']);
  });

  it('"always" with keepLoggedIn lets the credentials through', async () => {
    const { deps, run } = setup();
    await run({ scope: 'always', keepLoggedIn: true });
    const saved = deps.store.save.mock.calls[0]?.[0];
    expect(saved?.exceptions.at(-1)).toEqual(rule('broken.test', { allowCredentials: true }));
  });

  it('"always" from a private window lasts the private session, saved once it is ready, then noted', async () => {
    const { deps, run, order } = setup();
    expect(await run({ scope: 'always', privateTab: true })).toEqual({ ok: true, url: failure.continueUrl });
    const saved = deps.store.save.mock.calls[0]?.[0];
    expect(saved?.exceptions).toEqual([rule('other.test'), rule('broken.test', { scope: 'session' })]);
    expect(order).toEqual(['ready', 'save', 'note broken.test', 'applyRules']);
  });
});
