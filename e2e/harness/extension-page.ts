import type { GuardStatus } from '../../src/messaging/protocol';

/**
 * One function run inside an extension page (the popup) of a guarded browser. It uses
 * the extension's own API and message protocol, as the popup does. It has no imports and
 * no helpers outside its body: it is serialised into the page.
 */
export type ExtensionStatus = GuardStatus;

export interface TabReport {
  upgraded: number;
  /** Parts of the page whose upgrade failed, and their hosts. */
  failed: number;
  failedHosts: { host: string; reason: string; count: number }[];
  badge: string;
  /** The badge background as [r, g, b, a]. */
  color: number[];
}

export type ExtensionCommand =
  | { op: 'status' }
  | { op: 'write-settings'; settings: Record<string, unknown> }
  /**
   * Saves `base` plus `count` generated exceptions as the options page does (validated,
   * stored, synced, compiled, installed; the list is made in the page, not sent over the
   * test protocol), then asks the status until it says the rules are in place: the
   * milliseconds until then, and what one status answer took (benchmarks).
   */
  | { op: 'apply-generated-exceptions'; base: Record<string, unknown>; count: number }
  /**
   * The browser's own share of installing the rules: the installed dynamic rules replaced
   * by themselves (same ids, same content, so the extension's record stays true), timed.
   */
  | { op: 'reinstall-dynamic-rules' }
  /** Adds `count` made-up history records straight into IndexedDB (benchmarks only). */
  | { op: 'seed-history'; count: number }
  /** Counts and badge of the tab whose URL starts with urlPrefix. */
  | { op: 'tab-report'; urlPrefix: string }
  /** The newest history records, through the background. */
  | { op: 'history'; limit: number }
  /** Everything the extension stores: every storage area and every IndexedDB database, as JSON. */
  | { op: 'dump-storage' }
  /** The extension's own documents open in tabs (Chrome's runtime.getContexts): URL and frame id. */
  | { op: 'tab-documents' }
  /** The id of the tab whose URL starts with urlPrefix, or null. */
  | { op: 'tab-id'; urlPrefix: string }
  /** What the options page shows: the user's settings, the effective ones, what is locked. */
  | { op: 'settings-view' };

export async function runExtensionCommand(command: ExtensionCommand): Promise<unknown> {
  interface Area {
    get(keys: null): Promise<Record<string, unknown>>;
  }
  interface Api {
    runtime: {
      sendMessage(message: unknown): Promise<unknown>;
      getContexts?(filter: Record<string, unknown>): Promise<{ documentUrl?: string; frameId: number }[]>;
    };
    storage: { local: Area & { set(items: Record<string, unknown>): Promise<void> }; session: Area; sync: Area };
    tabs: { query(q: Record<string, unknown>): Promise<{ id?: number; url?: string }[]> };
    declarativeNetRequest: {
      getDynamicRules(): Promise<{ id: number }[]>;
      updateDynamicRules(update: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void>;
    };
    action: {
      getBadgeText(details: { tabId: number }): Promise<string>;
      getBadgeBackgroundColor(details: { tabId: number }): Promise<number[]>;
    };
  }
  const scope = globalThis as Record<string, unknown>;
  const api = (scope.browser ?? scope.chrome) as Api;
  switch (command.op) {
    case 'status':
      return api.runtime.sendMessage({ type: 'get-status', data: {} });
    case 'write-settings':
      return api.storage.local.set({ settings: command.settings });
    case 'apply-generated-exceptions': {
      const exceptions: unknown[] = [];
      for (let i = 0; i < command.count; i++) {
        const pattern = i % 2 === 0 ? `host-${i}.example.com` : `*.zone-${i}.example.net`;
        exceptions.push({ pattern, allowCredentials: false, scope: 'always', expiresAt: null });
      }
      const started = performance.now();
      const result = (await api.runtime.sendMessage({
        type: 'save-settings',
        data: { settings: { ...command.base, exceptions } },
      })) as { ok: boolean };
      if (!result.ok) throw new Error(`save refused: ${JSON.stringify(result)}`);
      for (;;) {
        const asked = performance.now();
        const status = (await api.runtime.sendMessage({ type: 'get-status', data: {} })) as GuardStatus;
        const statusMs = performance.now() - asked;
        if (status.rulesInPlace) return { inPlaceMs: performance.now() - started, statusMs };
        if (performance.now() - started > 120_000) throw new Error('rules not in place after 120 s');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    case 'reinstall-dynamic-rules': {
      const dnr = api.declarativeNetRequest;
      const rules = await dnr.getDynamicRules();
      const started = performance.now();
      await dnr.updateDynamicRules({ removeRuleIds: rules.map((r) => r.id), addRules: rules });
      return performance.now() - started;
    }
    case 'seed-history': {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const opening = indexedDB.open('cleartext-guard-history');
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error);
      });
      const kinds = ['query', 'header', 'cookie', 'userinfo', 'password-field', 'body-field'];
      const actions = ['blocked', 'stripped', 'held', 'warned', 'passed'];
      const tx = db.transaction('events', 'readwrite');
      const store = tx.objectStore('events');
      const now = Date.now();
      for (let i = 0; i < command.count; i++) {
        const site = `site-${i % 500}.example`;
        const action = actions[i % actions.length] ?? 'blocked';
        store.add({
          time: now - (command.count - i) * 1000,
          site,
          host: `api-${i % 2000}.example`,
          kind: kinds[i % kinds.length],
          name: `param${i % 50}`,
          shape: null,
          action,
          exposed: action === 'warned' || action === 'passed',
          url: `http://api-${i % 2000}.example/v1/items/${i}?param${i % 50}=[redacted]`,
          fingerprint: (i * 2654435761).toString(16).padStart(16, '0').slice(-16),
          mode: 'balanced',
        });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return command.count;
    }
    case 'tab-report': {
      const tab = (await api.tabs.query({})).find((t) => t.url?.startsWith(command.urlPrefix));
      if (tab?.id === undefined) return null;
      const stats = (await api.runtime.sendMessage({ type: 'get-tab-stats', data: { tabId: tab.id } })) as {
        upgraded: number;
        failed?: number;
        failedHosts?: { host: string; reason: string; count: number }[];
      } | null;
      return {
        upgraded: stats?.upgraded ?? 0,
        failed: stats?.failed ?? 0,
        failedHosts: stats?.failedHosts ?? [],
        badge: await api.action.getBadgeText({ tabId: tab.id }),
        color: await api.action.getBadgeBackgroundColor({ tabId: tab.id }),
      };
    }
    case 'tab-id':
      return (await api.tabs.query({})).find((t) => t.url?.startsWith(command.urlPrefix))?.id ?? null;
    case 'settings-view':
      return api.runtime.sendMessage({ type: 'get-settings', data: {} });
    case 'tab-documents': {
      const contexts = (await api.runtime.getContexts?.({ contextTypes: ['TAB'] })) ?? [];
      return contexts.map((c) => ({ url: c.documentUrl ?? '', frameId: c.frameId }));
    }
    case 'history':
      return api.runtime.sendMessage({ type: 'get-history', data: { limit: command.limit } });
    case 'dump-storage': {
      // No named helpers in here: tsx (npm start) would wrap them in a helper the page lacks.
      const databases: Record<string, Record<string, unknown[]>> = {};
      for (const info of await indexedDB.databases()) {
        if (!info.name) continue;
        const name = info.name;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const opening = indexedDB.open(name);
          opening.onsuccess = () => resolve(opening.result);
          opening.onerror = () => reject(opening.error);
        });
        const stores: Record<string, unknown[]> = {};
        for (const store of db.objectStoreNames) {
          stores[store] = await new Promise<unknown[]>((resolve, reject) => {
            const reading = db.transaction(store).objectStore(store).getAll();
            reading.onsuccess = () => resolve(reading.result);
            reading.onerror = () => reject(reading.error);
          });
        }
        databases[name] = stores;
        db.close();
      }
      const areas = {
        local: await api.storage.local.get(null),
        session: await api.storage.session.get(null),
        sync: await api.storage.sync.get(null).catch(() => ({})),
      };
      return JSON.stringify({ areas, databases });
    }
  }
}
