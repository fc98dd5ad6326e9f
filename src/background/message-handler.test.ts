import { describe, expect, it, vi } from 'vitest';
import { createMessageHandler, type MessageHandlerDeps } from './message-handler';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

function handler() {
  const deps: MessageHandlerDeps = {
    extensionId: ID,
    extensionOrigin: ORIGIN,
    status: vi.fn(),
    tabStats: vi.fn(),
    history: vi.fn(async () => []),
    blockedNavigation: vi.fn(),
    failedNavigation: vi.fn(),
    continueOverHttp: vi.fn(async () => ({ ok: true as const, url: 'http://a.test/' })),
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
