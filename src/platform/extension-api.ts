import browser from 'webextension-polyfill';
import type { DnrRule } from '../core/dnr-types';
import type { RuleUpdate } from '../core/rule-diff';

/**
 * The only module that touches the browser's extension API. Everything else gets these
 * narrow interfaces passed in, so it can be tested with plain objects.
 */
export interface RulesApi {
  getDynamicRules(): Promise<DnrRule[]>;
  updateDynamicRules(update: RuleUpdate): Promise<void>;
  getSessionRules(): Promise<DnrRule[]>;
  updateSessionRules(update: RuleUpdate): Promise<void>;
  /**
   * Whether the browser takes this regexFilter, e.g. under Chrome's RE2 cap
   * (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#regex-rules).
   */
  isRegexSupported(regex: string, caseSensitive: boolean): Promise<boolean>;
  /** The manifest's static rulesets that are on. */
  getEnabledRulesets(): Promise<string[]>;
  updateEnabledRulesets(update: { enableRulesetIds?: string[]; disableRulesetIds?: string[] }): Promise<void>;
}

export interface StorageArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** An area of many small records, each under a key of its own. */
export interface RecordArea extends StorageArea {
  getAll(): Promise<Record<string, unknown>>;
  remove(keys: string[]): Promise<void>;
}

export interface BadgeApi {
  show(tabId: number, text: string, color: string): Promise<void>;
}

type UpdateArg = Parameters<typeof browser.declarativeNetRequest.updateDynamicRules>[0];

export const rulesApi: RulesApi = {
  async getDynamicRules() {
    return (await browser.declarativeNetRequest.getDynamicRules()) as unknown as DnrRule[];
  },
  async updateDynamicRules(update) {
    await browser.declarativeNetRequest.updateDynamicRules(update as unknown as UpdateArg);
  },
  async getSessionRules() {
    return (await browser.declarativeNetRequest.getSessionRules()) as unknown as DnrRule[];
  },
  async updateSessionRules(update) {
    await browser.declarativeNetRequest.updateSessionRules(update as unknown as UpdateArg);
  },
  async isRegexSupported(regex, caseSensitive) {
    const dnr = browser.declarativeNetRequest as unknown as {
      isRegexSupported?(o: { regex: string; isCaseSensitive: boolean }): Promise<{ isSupported: boolean }>;
    };
    if (!dnr.isRegexSupported) return true;
    return (await dnr.isRegexSupported({ regex, isCaseSensitive: caseSensitive })).isSupported;
  },
  async getEnabledRulesets() {
    return browser.declarativeNetRequest.getEnabledRulesets();
  },
  async updateEnabledRulesets(update) {
    await browser.declarativeNetRequest.updateEnabledRulesets(update);
  },
};

function storageArea(area: 'local' | 'session'): RecordArea {
  return {
    async get(key) {
      const items = await browser.storage[area].get(key);
      return items[key];
    },
    async set(key, value) {
      await browser.storage[area].set({ [key]: value });
    },
    getAll: () => browser.storage[area].get(null),
    async remove(keys) {
      await browser.storage[area].remove(keys);
    },
  };
}

export const localStorageArea = storageArea('local');

/** storage.sync as a whole (settings are split over several items). */
export const syncStorageArea = {
  getAll: () => browser.storage.sync.get(null),
  setMany: (items: Record<string, unknown>) => browser.storage.sync.set(items),
  remove: (keys: string[]) => browser.storage.sync.remove(keys),
};

/** storage.managed: what an administrator set by policy (read-only). */
export const managedStorageArea = {
  getAll: () => browser.storage.managed.get(null),
};
export const sessionStorageArea = storageArea('session');

export const badgeApi: BadgeApi = {
  async show(tabId, text, color) {
    try {
      await browser.action.setBadgeBackgroundColor({ tabId, color });
      await browser.action.setBadgeText({ tabId, text });
    } catch {
      // The tab closed between the request and the badge update: nothing to show.
    }
  },
};

const origin = browser.runtime.getURL('');

export const runtimeInfo = {
  id: browser.runtime.id,
  origin,
  /**
   * Every origin the extension's pages load under: Chrome answers getURL with the
   * per-session id of use_dynamic_url, while its declarative redirects and the extension's
   * own pages may use the fixed one.
   */
  origins: [...new Set([origin, ...(__BROWSER__ === 'chrome' ? [`chrome-extension://${browser.runtime.id}/`] : [])])],
  getURL: (path: string) => browser.runtime.getURL(path),
  /**
   * This instance serves private (incognito) windows: Chrome runs the extension a second
   * time for them ("incognito": "split": https://developer.chrome.com/docs/extensions/reference/manifest/incognito);
   * Firefox has one instance for both (no split mode: https://bugzil.la/1380812).
   */
  inPrivateInstance: browser.extension.inIncognitoContext === true,
};

interface CaptivePortalApi {
  getState(): Promise<string>;
  onStateChanged: { addListener(listener: (details: { state: string }) => void): void };
}

/**
 * Firefox's view of a captive portal ("locked_portal", "unlocked_portal", "not_captive",
 * "unknown": https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/captivePortal);
 * Chrome has no such API (null).
 */
export const captivePortal = {
  state: async (): Promise<string | null> => {
    const api = (browser as unknown as { captivePortal?: CaptivePortalApi }).captivePortal;
    return api ? api.getState().catch(() => null) : null;
  },
  onChange: (listener: (state: string) => void): void => {
    const api = (browser as unknown as { captivePortal?: CaptivePortalApi }).captivePortal;
    api?.onStateChanged.addListener(({ state }) => listener(state));
  },
};

/**
 * The webRequest filter for what can leave in cleartext: an https request (or the https
 * leg of an upgraded one) never reaches a listener with this filter.
 */
export const CLEARTEXT_URLS = ['http://*/*', 'ws://*/*'];

export { browser };

/** The extension API's types, for code that handles its events: no other module imports webextension-polyfill. */
export type { Runtime, WebRequest } from 'webextension-polyfill';

/**
 * The webRequest events the background listens to, as a value its modules take (so a
 * test hands in fakes that record listeners and fire events).
 */
export type WebRequestEvents = Pick<
  typeof browser.webRequest,
  | 'onBeforeRequest'
  | 'onBeforeSendHeaders'
  | 'onSendHeaders'
  | 'onHeadersReceived'
  | 'onBeforeRedirect'
  | 'onResponseStarted'
  | 'onCompleted'
  | 'onErrorOccurred'
  | 'onAuthRequired'
>;
export const webRequestEvents: WebRequestEvents = browser.webRequest;

/** The tab events the background listens to. */
export type TabsEvents = Pick<typeof browser.tabs, 'onRemoved'>;
export const tabsEvents: TabsEvents = browser.tabs;

/** Sends a tab to another address (the explanatory page): tabs.update. */
export interface TabNavigator {
  update(tabId: number, properties: { url: string }): Promise<unknown>;
}
export const tabNavigator: TabNavigator = browser.tabs;

/** Runs a function in some frames of a tab, in the extension's isolated world: scripting.executeScript. */
export interface FrameScripting {
  executeScript(injection: {
    target: { tabId: number; frameIds: number[] };
    func(...args: unknown[]): unknown;
    args: unknown[];
  }): Promise<{ result?: unknown }[]>;
}
export const frameScripting: FrameScripting = browser.scripting;

/** The content scripts registered at run time (scripting), by id. */
export interface ContentScriptRegistry {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string }[]>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}
export const contentScriptRegistry: ContentScriptRegistry = browser.scripting;

/** What Firefox's webRequest.getSecurityInfo tells of a request's TLS connection (the parts read). */
export interface SecurityInfo {
  state?: string;
  protocolVersion?: string;
  certificates?: { issuer?: string }[];
}
export type GetSecurityInfo = (requestId: string, options: object) => Promise<SecurityInfo>;
/**
 * Firefox's webRequest.getSecurityInfo (only from a blocking onHeadersReceived listener;
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/webRequest/getSecurityInfo;
 * Chrome has none: https://github.com/w3c/webextensions/issues/882). Looked up on each call
 * and called as a plain function.
 */
export const getSecurityInfo: GetSecurityInfo = (requestId, options) => {
  const get = (browser.webRequest as unknown as { getSecurityInfo: GetSecurityInfo }).getSecurityInfo;
  return get(requestId, options);
};

/** Messages from _locales, in the browser's UI language ("" for an unknown key). */
export const i18nApi = {
  message: (key: string, substitutions?: string[]): string => browser.i18n.getMessage(key, substitutions),
  uiLanguage: (): string => browser.i18n.getUILanguage(),
};

/** A message to the background (waking it); its answer. */
export const sendToBackground = (message: unknown): Promise<unknown> => browser.runtime.sendMessage(message);

/** The host permission the guards need: whether it is granted, and asking the user (a click) for it. */
export const hostPermission = {
  granted: (): Promise<boolean> => browser.permissions.contains({ origins: ['<all_urls>'] }),
  request: (): Promise<boolean> => browser.permissions.request({ origins: ['<all_urls>'] }),
};

/** The tabs the popup asks about: the active one's id, and whether a tab is in a private window. */
export const popupTabs = {
  activeId: async (): Promise<number | null> =>
    (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id ?? null,
  isPrivate: async (tabId: number): Promise<boolean> =>
    (await browser.tabs.get(tabId).catch(() => null))?.incognito === true,
};

/**
 * What the background's wiring (background/index.ts) connects: the browser's events and
 * the few calls it hands on to its modules. Getters, read when the background wires them:
 * content scripts and pages load this module too, where most of these namespaces do not exist.
 */
export const backgroundEvents = {
  get installed() {
    return browser.runtime.onInstalled;
  },
  get startup() {
    return browser.runtime.onStartup;
  },
  get message() {
    return browser.runtime.onMessage;
  },
  get storageChanged() {
    return browser.storage.onChanged;
  },
  get alarm() {
    return browser.alarms.onAlarm;
  },
  get tabRemoved() {
    return browser.tabs.onRemoved;
  },
  get tabUpdated() {
    return browser.tabs.onUpdated;
  },
  get windowRemoved() {
    return browser.windows.onRemoved;
  },
  get pageCompleted() {
    return browser.webRequest.onCompleted;
  },
};
export const alarmsApi = {
  at: async (name: string, when: number): Promise<void> => browser.alarms.create(name, { when }),
};
export const openWindows = (): Promise<{ incognito: boolean }[]> => browser.windows.getAll();
/** The tabs API, for the background's page actions (read when called: not every context has it). */
export const tabsApi = () => browser.tabs;

/**
 * The page-world policy script registered for http pages (core/page-policy-script.ts):
 * replaced by `file`, or removed (null). Registered scripts persist across sessions.
 */
export interface PagePolicyScriptRegistry {
  set(file: string | null): Promise<void>;
}
const PAGE_POLICY_SCRIPT_ID = 'page-policy';
export const pagePolicyScriptRegistry: PagePolicyScriptRegistry = {
  async set(file) {
    const ids = [PAGE_POLICY_SCRIPT_ID];
    const registered = await browser.scripting.getRegisteredContentScripts({ ids });
    if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids });
    if (file === null) return;
    await browser.scripting.registerContentScripts([
      {
        id: PAGE_POLICY_SCRIPT_ID,
        js: [file],
        matches: ['http://*/*'],
        runAt: 'document_start',
        allFrames: true,
        world: 'MAIN',
        persistAcrossSessions: true,
      },
    ]);
  },
};
