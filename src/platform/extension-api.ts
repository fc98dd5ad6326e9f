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
  /** Whether the browser takes this regexFilter, e.g. under Chrome's RE2 cap. */
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
   * time for them ("incognito": "split"); Firefox has one instance for both.
   */
  inPrivateInstance: browser.extension.inIncognitoContext === true,
};

interface CaptivePortalApi {
  getState(): Promise<string>;
  onStateChanged: { addListener(listener: (details: { state: string }) => void): void };
}

/**
 * Firefox's view of a captive portal ("locked_portal", "unlocked_portal", "not_captive",
 * "unknown"); Chrome has no such API (null).
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
