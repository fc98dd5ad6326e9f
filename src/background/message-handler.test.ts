import { describe, expect, it, vi } from 'vitest';
import { createMessageHandler, type MessageHandlerDeps } from './message-handler';
import { defaultSettings } from '../core/settings';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

function handler() {
  const deps: MessageHandlerDeps = {
    extensionId: ID,
    extensionOrigins: [ORIGIN],
    status: vi.fn(),
    tabStats: vi.fn(),
    history: vi.fn(async () => []),
    blockedNavigation: vi.fn(),
    failedNavigation: vi.fn(),
    continueOverHttp: vi.fn(async () => ({ ok: true as const, url: 'http://a.test/' })),
    retryHttps: vi.fn(async () => ({ ok: true as const })),
    portal: {
      suspected: vi.fn(async () => false),
      open: vi.fn(async () => ({ ok: false as const, error: 'no-failure' as const })),
    },
    settings: vi.fn(),
    tabContext: vi.fn(async () => ({ tabExceptions: [], paused: false })),
    record: vi.fn(),
    grantPass: vi.fn(),
    allowPageClaim: vi.fn(() => true),
    clearHistory: vi.fn(async () => undefined),
    actions: {
      getSettings: vi.fn(),
      saveSettings: vi.fn(),
      siteStatus: vi.fn(),
      siteException: vi.fn(),
      pauseTab: vi.fn(),
      allowOnSite: vi.fn(),
      httpsNow: vi.fn(),
    },
  };
  return { handle: createMessageHandler(deps), deps };
}

const NONCE = '0f0e0d0c-0b0a-4908-8706-050403020100';
const continueOnce = { type: 'continue-over-http', data: { scope: 'once', confirmSuspicious: false, nonce: NONCE } };

describe('message handler senders', () => {
  it('lets the explanatory page, top-level in its tab, continue over http', async () => {
    const { handle, deps } = handler();
    const result = await handle(continueOnce, {
      id: ID,
      url: `${ORIGIN}src/interstitial/index.html#failure=${NONCE}`,
      tab: { id: 4 } as never,
      frameId: 0,
    });
    expect(result).toEqual({ ok: true, url: 'http://a.test/' });
    expect(deps.continueOverHttp).toHaveBeenCalledWith({
      tabId: 4,
      privateTab: false,
      scope: 'once',
      confirmSuspicious: false,
      nonce: NONCE,
      keepLoggedIn: false,
    });
  });

  it('refuses the same request from the page in a frame, a content script, a web page or another extension', async () => {
    const { handle, deps } = handler();
    const framed = await handle(continueOnce, {
      id: ID,
      url: `${ORIGIN}src/interstitial/index.html`,
      tab: { id: 4 } as never,
      frameId: 3,
    });
    expect(framed).toEqual({ ok: false, error: 'no-failure' });
    expect(
      handle(continueOnce, { id: ID, url: 'http://evil.test/', tab: { id: 4 } as never, frameId: 0 }),
    ).toBeUndefined();
    expect(handle(continueOnce, { url: 'http://evil.test/', tab: { id: 4 } as never })).toBeUndefined();
    expect(
      handle(continueOnce, { id: 'other', url: `chrome-extension://other/x`, tab: { id: 4 } as never }),
    ).toBeUndefined();
    expect(deps.continueOverHttp).not.toHaveBeenCalled();
  });

  it('never shows the history to a content script', () => {
    const { handle, deps } = handler();
    expect(
      handle({ type: 'get-history', data: { limit: 10 } }, { id: ID, url: 'http://a.test/', tab: { id: 1 } as never }),
    ).toBeUndefined();
    expect(deps.history).not.toHaveBeenCalled();
  });
});

describe('content reports are claims', () => {
  const PAGE = 'http://plain.test/login';
  const credential = { kind: 'body-field' as const, name: 'api_key', value: 'k' };
  const password = { kind: 'password-field' as const, name: 'password', value: 'p' };
  const sender = { id: ID, url: PAGE, tab: { id: 7, incognito: false } as never, frameId: 0 };

  function contentHandler() {
    const made = handler();
    // plain.test is an exception: its cleartext requests are guarded by the leak policy.
    const settings = {
      ...defaultSettings(),
      exceptions: [{ pattern: 'plain.test', allowCredentials: false, scope: 'always', expiresAt: null }],
    };
    vi.mocked(made.deps.settings).mockResolvedValue(settings as never);
    return made;
  }

  const blocked = (url: string, from: 'form-check' | 'page-world') => ({
    type: 'page-blocked',
    data: { url, action: 'blocked', credentials: [credential], from },
  });

  it("takes a page-world report for the page's own host, marked as the page's and rate-limited", async () => {
    const { handle, deps } = contentHandler();
    expect(await handle(blocked('http://plain.test/api', 'page-world'), sender)).toEqual({ recorded: 1 });
    expect(deps.record).toHaveBeenCalledWith(expect.objectContaining({ origin: 'page', action: 'blocked' }));
    expect(deps.allowPageClaim).toHaveBeenCalledWith(7);
    vi.mocked(deps.allowPageClaim).mockReturnValue(false);
    expect(await handle(blocked('http://plain.test/api', 'page-world'), sender)).toEqual({ recorded: 0 });
    expect(deps.record).toHaveBeenCalledTimes(1);
  });

  it('refuses a page-world report for another host, and one whose action the policy does not take', async () => {
    const { handle, deps } = contentHandler();
    expect(await handle(blocked('http://other.test/api', 'page-world'), sender)).toEqual({ recorded: 0 });
    const stripped = { ...blocked('http://plain.test/api', 'page-world') };
    stripped.data = { ...stripped.data, action: 'stripped' };
    expect(await handle(stripped, sender)).toEqual({ recorded: 0 });
    expect(deps.record).not.toHaveBeenCalled();
  });

  it("records the form check's block as observed, without spending the page's claims", async () => {
    const { handle, deps } = contentHandler();
    expect(await handle(blocked('http://plain.test/api', 'form-check'), sender)).toEqual({ recorded: 1 });
    expect(deps.record).toHaveBeenCalledWith(expect.objectContaining({ origin: 'observed' }));
    expect(deps.allowPageClaim).not.toHaveBeenCalled();
  });

  it("treats a held password from a script's submit as a claim, one from the user as observed", async () => {
    const { handle, deps } = contentHandler();
    const held = (from: 'user' | 'script') => ({
      type: 'password-form',
      data: { event: 'held', actionUrl: PAGE, credentials: [password], from },
    });
    await handle(held('script'), sender);
    expect(deps.record).toHaveBeenLastCalledWith(expect.objectContaining({ origin: 'page', action: 'held' }));
    vi.mocked(deps.allowPageClaim).mockReturnValue(false);
    expect(await handle(held('script'), sender)).toEqual({ recorded: 0 });
    expect(await handle(held('user'), sender)).toEqual({ recorded: 1 });
    expect(deps.record).toHaveBeenLastCalledWith(expect.objectContaining({ origin: 'observed', action: 'held' }));
    expect(deps.record).toHaveBeenCalledTimes(2);
  });
});
