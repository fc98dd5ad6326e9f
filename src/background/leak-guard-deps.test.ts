import { describe, expect, it, vi } from 'vitest';
import type { Finding } from '../core/credentials/findings';
import type { GuardAction } from '../core/policy';
import { defaultSettings, type Settings } from '../core/settings';
import type { GuardEvent } from './guard-recorder';
import { recordGroups, withRequestContext, type LeakGuardDeps, type RequestContext } from './leak-guard-deps';
import { exceptionRule as rule } from './testing/exception-rule';

const SETTINGS: Settings = { ...defaultSettings(), exceptions: [rule('plain.example.com')] };
const TAB_EXCEPTIONS = [rule('once.example.com', { scope: 'session' })];

/**
 * The stores as a listener sees them: `cached` says whether this wake has read them yet
 * (then `now`, `forTabNow` and `isPausedNow` answer; else null, and the promises do).
 */
function fakeDeps(
  options: {
    settings?: Settings;
    cached?: { settings: boolean; tabs: boolean; pause: boolean };
    paused?: Set<number>;
  } = {},
) {
  const state = {
    settings: options.settings ?? SETTINGS,
    cached: options.cached ?? { settings: true, tabs: true, pause: true },
    paused: options.paused ?? new Set<number>(),
  };
  const records: GuardEvent[] = [];
  const forTab = vi.fn(async (_tabId: number) => TAB_EXCEPTIONS);
  const deps: LeakGuardDeps = {
    settings: {
      now: () => (state.cached.settings ? state.settings : null),
      ready: async () => state.settings,
    },
    recorder: { record: (event) => void records.push(event) },
    passes: { consume: () => false },
    blockedNavigations: { remember: async () => undefined },
    tabExceptions: {
      forTabNow: () => (state.cached.tabs ? TAB_EXCEPTIONS : null),
      forTab,
      isPausedNow: (tabId) => (state.cached.pause ? state.paused.has(tabId) : null),
    },
  };
  return { deps, state, records, forTab };
}

const part = {
  tabId: 4,
  type: 'xmlhttprequest',
  url: 'http://plain.example.com/api',
  initiator: 'https://shop.example.com',
};

describe('withRequestContext', () => {
  it('calls the handler at once, with the cached settings and tab exceptions, when both are read', () => {
    const { deps } = fakeDeps();
    const handle = vi.fn((_details: typeof part, _context: RequestContext) => 'answer');
    const result = withRequestContext(deps, handle)(part);
    expect(result).toBe('answer'); // not a promise: a blocking listener answers synchronously
    expect(handle).toHaveBeenCalledTimes(1);
    expect(handle).toHaveBeenCalledWith(part, { settings: SETTINGS, tabExceptions: TAB_EXCEPTIONS, site: null });
  });

  it('watches a paused tab: its settings are in watch mode, other tabs’ are not', () => {
    const { deps } = fakeDeps({ paused: new Set([4]) });
    const contexts: RequestContext[] = [];
    const run = withRequestContext(deps, (_details: { tabId: number }, context) => void contexts.push(context));
    run({ tabId: 4 });
    run({ tabId: 5 });
    expect(contexts.map((c) => c.settings.mode)).toEqual(['watch', 'balanced']);
    expect(contexts[0]?.settings).toEqual({ ...SETTINGS, mode: 'watch' });
    expect(SETTINGS.mode).toBe('balanced');
  });

  it.each([
    ['the settings', { settings: false, tabs: true, pause: true }],
    ['the tab exceptions', { settings: true, tabs: false, pause: true }],
    ['the paused tabs', { settings: true, tabs: true, pause: false }],
  ])('waits for the stores when %s are not read yet in this wake', async (_what, cached) => {
    const { deps, forTab } = fakeDeps({ cached });
    const handle = vi.fn((_details: typeof part, _context: RequestContext) => ({ cancel: true }));
    const result = withRequestContext(deps, handle)(part);
    expect(result).toBeInstanceOf(Promise);
    expect(handle).not.toHaveBeenCalled();
    await expect(result).resolves.toEqual({ cancel: true });
    expect(forTab).toHaveBeenCalledWith(4);
    expect(handle).toHaveBeenCalledWith(part, { settings: SETTINGS, tabExceptions: TAB_EXCEPTIONS, site: null });
  });

  it('reads the pause once the stores are read, and takes an unknown pause as not paused', async () => {
    const { deps, state } = fakeDeps({ cached: { settings: false, tabs: false, pause: false }, paused: new Set([4]) });
    const modes: string[] = [];
    const run = withRequestContext(deps, (_details: { tabId: number }, { settings }) => void modes.push(settings.mode));
    await run({ tabId: 4 });
    state.cached = { settings: false, tabs: false, pause: true };
    await run({ tabId: 4 });
    expect(modes).toEqual(['balanced', 'watch']);
  });

  describe('the requesting site', () => {
    const scoped: Settings = {
      ...defaultSettings(),
      exceptions: [rule('plain.example.com'), rule('img.example.net', { onlyOn: 'shop.example.com' })],
    };
    type Details = { tabId: number; type?: string; url?: string; initiator?: string; documentUrl?: string };
    const siteSeen = (deps: LeakGuardDeps, details: Details) => {
      let site: string | null | undefined;
      void withRequestContext(deps, (_d, context) => void (site = context.site))(details);
      return site;
    };

    it('is left out when no exception holds for one site only', () => {
      expect(siteSeen(fakeDeps().deps, part)).toBeNull();
    });

    it('is the requesting page’s host when an exception holds for one site only', () => {
      const { deps } = fakeDeps({ settings: scoped });
      expect(siteSeen(deps, part)).toBe('shop.example.com');
      expect(siteSeen(deps, { ...part, initiator: undefined, documentUrl: 'https://blog.example.org/post' })).toBe(
        'blog.example.org',
      );
    });

    it('is null for a navigation, a request without type or URL, and a page of unknown host', () => {
      const { deps } = fakeDeps({ settings: scoped });
      expect(siteSeen(deps, { ...part, type: 'main_frame' })).toBeNull();
      expect(siteSeen(deps, { tabId: 4, url: part.url, initiator: part.initiator })).toBeNull();
      expect(siteSeen(deps, { tabId: 4, type: 'image', initiator: part.initiator })).toBeNull();
      expect(siteSeen(deps, { tabId: 4, type: 'image', url: part.url })).toBeNull();
    });

    it('follows a change of the exceptions list (a new list is looked at again)', () => {
      const { deps, state } = fakeDeps();
      expect(siteSeen(deps, part)).toBeNull();
      state.settings = scoped;
      expect(siteSeen(deps, part)).toBe('shop.example.com');
      state.settings = { ...scoped, exceptions: [rule('plain.example.com')] };
      expect(siteSeen(deps, part)).toBeNull();
    });

    it('is worked out on the waiting path too', async () => {
      const { deps } = fakeDeps({ settings: scoped, cached: { settings: false, tabs: true, pause: true } });
      const site = await withRequestContext(deps, (_d: typeof part, context) => context.site)(part);
      expect(site).toBe('shop.example.com');
    });
  });
});

describe('recordGroups', () => {
  const token: Finding = { kind: 'query', name: 'token', shape: null, value: 'SECRET' };
  const cookie: Finding = { kind: 'cookie', name: 'Cookie', shape: null, value: 'sid=1' };
  const auth: Finding = { kind: 'header', name: 'Authorization', shape: null, value: 'Basic YTpi' };
  const groups = () =>
    new Map<GuardAction, Finding[]>([
      ['blocked', [token]],
      ['stripped', [cookie, auth]],
      ['warned', [auth]],
    ]);

  it('records each group under its action, with the request’s tab, URL and site', () => {
    const { deps, records } = fakeDeps();
    recordGroups(deps, { ...part, url: 'http://plain.example.com/api?token=SECRET' }, groups());
    expect(records).toEqual([
      {
        tabId: 4,
        url: 'http://plain.example.com/api?token=SECRET',
        site: 'shop.example.com',
        action: 'blocked',
        findings: [token],
        private: false,
      },
      expect.objectContaining({ action: 'stripped', findings: [cookie, auth] }),
      expect.objectContaining({ action: 'warned', findings: [auth] }),
    ]);
  });

  it('renames actions with asAction', () => {
    const { deps, records } = fakeDeps();
    recordGroups(deps, part, groups(), (action) => (action === 'blocked' ? 'passed' : action));
    expect(records.map((r) => r.action)).toEqual(['passed', 'stripped', 'warned']);
  });

  it('marks a private window’s request (Firefox’s incognito) private', () => {
    const { deps, records } = fakeDeps();
    recordGroups(deps, { ...part, incognito: true }, groups());
    recordGroups(deps, { ...part, incognito: false }, new Map([['blocked', [token]]]));
    expect(records.map((r) => r.private)).toEqual([true, true, true, false]);
  });

  it('takes a navigation’s own host as its site', () => {
    const { deps, records } = fakeDeps();
    recordGroups(
      deps,
      { tabId: 2, type: 'main_frame', url: 'http://plain.example.com/?token=SECRET', initiator: 'https://a.example' },
      new Map([['blocked', [token]]]),
    );
    expect(records[0]?.site).toBe('plain.example.com');
  });

  it('records nothing for no groups', () => {
    const { deps, records } = fakeDeps();
    recordGroups(deps, part, new Map());
    expect(records).toEqual([]);
  });
});
