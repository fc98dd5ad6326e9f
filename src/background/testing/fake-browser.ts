/**
 * Fakes of the browser's extension API for the background's unit tests.
 *
 * - `polyfillModule()`: a stand-in for `webextension-polyfill`, which refuses to load outside
 *   an extension while `platform/extension-api.ts` reads a few browser values when loaded.
 *   vi.mock is hoisted above the test's imports, so its factory imports this module itself:
 *
 *       vi.mock('webextension-polyfill', async () => (await import('./testing/fake-browser')).polyfillModule());
 *
 *   Its `webRequest` is `platformWebRequest`, so a test can check what a module registers
 *   through its default arguments; every namespace it does not fake reads as `{}`.
 * - `fakeEvent()`: one browser event that keeps what addListener was given and fires.
 * - `fakeWebRequest()`: webRequest's events, firing only what the listener's filter matches;
 *   `requestDetails()`: what they hand a listener.
 */
import type { WebRequestEvents } from '../../platform/extension-api';

type Listener = (...args: never[]) => unknown;

/** A browser event that keeps what addListener was given and lets the test fire it. */
export function fakeEvent() {
  const registrations: { listener: Listener; filter: unknown; extraInfoSpec: unknown }[] = [];
  return {
    registrations,
    addListener(listener: Listener, filter?: unknown, extraInfoSpec?: unknown) {
      registrations.push({ listener, filter, extraInfoSpec });
    },
    removeListener: () => undefined,
    hasListener: () => false,
    /** Calls every listener; returns what the first one returned. */
    fire: (...args: unknown[]): unknown => registrations.map((r) => r.listener(...(args as never[])))[0],
  };
}

/** Every webRequest event the background listens to. */
export const WEB_REQUEST_EVENTS = [
  'onBeforeRequest',
  'onBeforeSendHeaders',
  'onSendHeaders',
  'onHeadersReceived',
  'onBeforeRedirect',
  'onResponseStarted',
  'onCompleted',
  'onErrorOccurred',
  'onAuthRequired',
] as const satisfies readonly (keyof WebRequestEvents)[];

type EventName = (typeof WEB_REQUEST_EVENTS)[number];
type Details = Record<string, unknown> & { url: string; type: string };
type RequestListener = (details: Details) => unknown;
interface Filter {
  urls: string[];
  types?: string[];
}
interface Registration {
  listener: RequestListener;
  filter: Filter;
  extraInfoSpec?: string[];
}

const patternRegex = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
const matches = (filter: Filter, details: Details) =>
  (filter.types === undefined || filter.types.includes(details.type)) &&
  filter.urls.some((pattern) => patternRegex(pattern).test(details.url));

/**
 * A fake of webRequest: each event records addListener(listener, filter, extraInfoSpec),
 * and `fire` hands a request's details to the event's one listener the way the browser
 * would (only when the filter matches: a test cannot fire what the browser would never
 * deliver).
 */
export function fakeWebRequest() {
  const registered: Partial<Record<EventName, Registration[]>> = {};
  const events = Object.fromEntries(
    WEB_REQUEST_EVENTS.map((name) => [
      name,
      {
        addListener(listener: RequestListener, filter: Filter, extraInfoSpec?: string[]) {
          (registered[name] ??= []).push({ listener, filter, extraInfoSpec });
        },
        removeListener() {},
        hasListener: () => false,
      },
    ]),
  ) as unknown as WebRequestEvents;
  const only = (name: EventName) => {
    const list = registered[name] ?? [];
    if (list.length !== 1) throw new Error(`${name}: ${list.length} listeners`);
    return list[0] as Registration;
  };
  return {
    /** What a module takes as its webRequest events. */
    events,
    /** Per event, what addListener was given (an event without listeners is absent). */
    registered,
    /** Whether the browser would call the event's listener for this request. */
    delivers: (name: EventName, details: Details) => matches(only(name).filter, details),
    fire(name: EventName, details: Details): unknown {
      const { listener, filter } = only(name);
      if (!matches(filter, details)) throw new Error(`${name} is not delivered for ${details.type} ${details.url}`);
      return listener(details);
    },
  };
}

let nextRequestId = 100;

/**
 * The details both browsers hand a webRequest listener, for a GET of a part of a page in
 * tab 4 (each a new request unless `extra` gives its requestId); the browser's own fields
 * come in `extra`.
 */
export function requestDetails(url: string, extra: Record<string, unknown> = {}) {
  return {
    requestId: String(++nextRequestId),
    tabId: 4,
    frameId: 0,
    parentFrameId: -1,
    method: 'GET',
    timeStamp: 1_700_000_000_000,
    type: 'xmlhttprequest',
    url,
    ...extra,
  };
}

/** The stub polyfill's `browser.webRequest`: what the modules' default arguments register on. */
export const platformWebRequest = fakeWebRequest();

/**
 * The `webextension-polyfill` module for `vi.mock`: an extension with this id whose pages
 * load under `scheme://id/` (Firefox: `moz-extension`), outside a private window.
 */
export function polyfillModule({ scheme = 'chrome-extension', id = 'default-id' } = {}) {
  const browser = {
    runtime: { id, getURL: (path: string) => `${scheme}://${id}/${path.replace(/^\//, '')}` },
    extension: { inIncognitoContext: false },
    webRequest: platformWebRequest.events,
  };
  // Namespaces the platform module may read at load; nothing here calls them.
  return { default: new Proxy(browser, { get: (target, name) => Reflect.get(target, name) ?? {} }) };
}
