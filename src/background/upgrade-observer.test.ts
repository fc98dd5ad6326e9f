import { describe, expect, it, vi } from 'vitest';
import type { TabEvent } from '../core/tab-stats';
import type { TabsEvents, WebRequestEvents } from '../platform/extension-api';
import { fakeEvent } from './testing/fake-browser';
import { observeUpgrades } from './upgrade-observer';

vi.mock('webextension-polyfill', async () => (await import('./testing/fake-browser')).polyfillModule());

interface Request {
  requestId: string;
  tabId: number;
  type: string;
  url: string;
}

function setup() {
  const events = {
    onBeforeRequest: fakeEvent(),
    onBeforeRedirect: fakeEvent(),
    onErrorOccurred: fakeEvent(),
    onSendHeaders: fakeEvent(),
  };
  const onRemoved = fakeEvent();
  const recorded: TabEvent[] = [];
  observeUpgrades(
    (event) => recorded.push(event),
    events as unknown as WebRequestEvents,
    { onRemoved } as unknown as TabsEvents,
  );
  const redirect = (details: Request & { redirectUrl: string }) => events.onBeforeRedirect.fire(details);
  /** The rules' redirect of a cleartext request to its secure twin (http: to https:, ws: to wss:). */
  const upgrade = (details: Request) =>
    redirect({ ...details, redirectUrl: details.url.replace(/^(http|ws):/, '$1s:') });
  const error = (requestId: string, error: string, url = 'https://img.example/a.png') =>
    events.onErrorOccurred.fire({ requestId, error, url, tabId: 1, type: 'image' });
  return { events, onRemoved, recorded, redirect, upgrade, error };
}

describe('observeUpgrades', () => {
  it('listens to navigations, the cleartext leg of redirects and requests, and errors of the secure leg', () => {
    const { events, onRemoved } = setup();
    const only = (event: ReturnType<typeof fakeEvent>) => {
      expect(event.registrations).toHaveLength(1);
      return { filter: event.registrations[0]?.filter, extraInfoSpec: event.registrations[0]?.extraInfoSpec };
    };
    expect(only(events.onBeforeRequest)).toEqual({
      filter: { urls: ['<all_urls>'], types: ['main_frame'] },
      extraInfoSpec: undefined,
    });
    expect(only(events.onBeforeRedirect)).toEqual({
      filter: { urls: ['http://*/*', 'ws://*/*'] },
      extraInfoSpec: undefined,
    });
    expect(only(events.onSendHeaders)).toEqual({
      filter: { urls: ['http://*/*', 'ws://*/*'] },
      extraInfoSpec: undefined,
    });
    expect(only(events.onErrorOccurred)).toEqual({
      filter: { urls: ['https://*/*', 'wss://*/*'] },
      extraInfoSpec: undefined,
    });
    expect(onRemoved.registrations).toHaveLength(1);
  });

  it('records the start of each top-level navigation, blocking nothing', () => {
    const { events, recorded } = setup();
    expect(
      events.onBeforeRequest.fire({ requestId: 'r1', tabId: 4, type: 'main_frame', url: 'http://a.example/' }),
    ).toBe(undefined);
    expect(recorded).toEqual([{ kind: 'navigation-start', tabId: 4, requestId: 'r1' }]);
  });

  it('counts a redirect as an upgrade only when it is the same address under the secure scheme', () => {
    const { recorded, redirect } = setup();
    redirect({
      requestId: 'r1',
      tabId: 2,
      type: 'main_frame',
      url: 'http://a.example/x?y=1',
      redirectUrl: 'https://a.example/x?y=1',
    });
    redirect({
      requestId: 'r2',
      tabId: 2,
      type: 'image',
      url: 'http://a.example/i.png',
      redirectUrl: 'https://a.example/i.png',
    });
    redirect({
      requestId: 'r3',
      tabId: 2,
      type: 'websocket',
      url: 'ws://a.example/s',
      redirectUrl: 'wss://a.example/s',
    });
    expect(recorded).toEqual([
      { kind: 'upgraded', tabId: 2, mainFrame: true },
      { kind: 'upgraded', tabId: 2, mainFrame: false },
      { kind: 'upgraded', tabId: 2, mainFrame: false },
    ]);
    recorded.length = 0;
    // A server's redirects: elsewhere, another host over https, another path over https.
    redirect({
      requestId: 'r4',
      tabId: 2,
      type: 'main_frame',
      url: 'http://a.example/',
      redirectUrl: 'http://b.example/',
    });
    redirect({
      requestId: 'r5',
      tabId: 2,
      type: 'main_frame',
      url: 'http://a.example/',
      redirectUrl: 'https://b.example/',
    });
    redirect({
      requestId: 'r6',
      tabId: 2,
      type: 'image',
      url: 'http://a.example/1',
      redirectUrl: 'https://a.example/2',
    });
    expect(recorded).toEqual([]);
  });

  it('reports an upgraded subresource that failed over HTTPS with its host and reason, once', () => {
    const { recorded, upgrade, error } = setup();
    upgrade({ requestId: 'r1', tabId: 3, type: 'image', url: 'http://img.example/a.png' });
    recorded.length = 0;
    error('r1', 'net::ERR_CERT_COMMON_NAME_INVALID');
    error('r1', 'net::ERR_CERT_COMMON_NAME_INVALID');
    expect(recorded).toEqual([{ kind: 'upgrade-failed', tabId: 3, host: 'img.example', reason: 'certificate' }]);

    upgrade({ requestId: 'r2', tabId: 3, type: 'script', url: 'http://cdn.example/s.js' });
    recorded.length = 0;
    error('r2', 'net::ERR_CONNECTION_REFUSED');
    expect(recorded).toEqual([{ kind: 'upgrade-failed', tabId: 3, host: 'cdn.example', reason: 'no-https' }]);
  });

  it('does not report a load that was stopped rather than failed, nor errors of requests it did not upgrade', () => {
    const { recorded, upgrade, error } = setup();
    upgrade({ requestId: 'r1', tabId: 3, type: 'image', url: 'http://img.example/a.png' });
    recorded.length = 0;
    error('r1', 'net::ERR_ABORTED');
    error('r1', 'net::ERR_CONNECTION_REFUSED'); // taken by the first error
    error('unknown', 'net::ERR_CONNECTION_REFUSED');
    expect(recorded).toEqual([]);
  });

  it("leaves pages' and frames' failures to the failure watch, and requests without a tab alone", () => {
    const { recorded, upgrade, error } = setup();
    upgrade({ requestId: 'm', tabId: 3, type: 'main_frame', url: 'http://a.example/' });
    upgrade({ requestId: 's', tabId: 3, type: 'sub_frame', url: 'http://b.example/' });
    upgrade({ requestId: 'w', tabId: -1, type: 'xmlhttprequest', url: 'http://c.example/' });
    recorded.length = 0;
    for (const id of ['m', 's', 'w']) error(id, 'net::ERR_CONNECTION_REFUSED');
    expect(recorded).toEqual([]);
  });

  it('keeps a bounded number of upgraded subresources in memory (the oldest go first)', () => {
    const { recorded, upgrade, error } = setup();
    for (let i = 0; i <= 2000; i++) {
      upgrade({ requestId: `r${i}`, tabId: 1, type: 'image', url: `http://h${i}.example/` });
    }
    recorded.length = 0;
    error('r0', 'net::ERR_CONNECTION_REFUSED');
    error('r1', 'net::ERR_CONNECTION_REFUSED');
    expect(recorded).toEqual([{ kind: 'upgrade-failed', tabId: 1, host: 'h1.example', reason: 'no-https' }]);
  });

  it('records what left in cleartext and the closing of tabs', () => {
    const { events, onRemoved, recorded } = setup();
    events.onSendHeaders.fire({ requestId: 'r1', tabId: 6, type: 'image', url: 'http://a.example/i.png' });
    onRemoved.fire(6, { windowId: 1, isWindowClosing: false });
    expect(recorded).toEqual([
      { kind: 'cleartext', tabId: 6 },
      { kind: 'tab-closed', tabId: 6 },
    ]);
  });
});
