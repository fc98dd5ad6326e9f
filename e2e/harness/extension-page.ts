/**
 * One function run inside an extension page (the popup) of a guarded browser. It uses
 * the extension's own API and message protocol, as the popup does. It has no imports and
 * no helpers outside its body: it is serialised into the page.
 */
export interface ExtensionStatus {
  rulesInPlace: boolean;
  installedRuleCount: number;
  wantedRuleCount: number;
  settingsProblems: string[];
  warnings: string[];
}

export interface TabReport {
  upgraded: number;
  badge: string;
}

export type ExtensionCommand =
  | { op: 'status' }
  | { op: 'write-settings'; settings: Record<string, unknown> }
  /** Counts and badge of the tab whose URL starts with urlPrefix. */
  | { op: 'tab-report'; urlPrefix: string };

export async function runExtensionCommand(command: ExtensionCommand): Promise<unknown> {
  interface Api {
    runtime: { sendMessage(message: unknown): Promise<unknown> };
    storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
    tabs: { query(q: Record<string, unknown>): Promise<{ id?: number; url?: string }[]> };
    action: { getBadgeText(details: { tabId: number }): Promise<string> };
  }
  const scope = globalThis as Record<string, unknown>;
  const api = (scope.browser ?? scope.chrome) as Api;
  switch (command.op) {
    case 'status':
      return api.runtime.sendMessage({ type: 'get-status', data: {} });
    case 'write-settings':
      return api.storage.local.set({ settings: command.settings });
    case 'tab-report': {
      const tab = (await api.tabs.query({})).find((t) => t.url?.startsWith(command.urlPrefix));
      if (tab?.id === undefined) return null;
      const stats = (await api.runtime.sendMessage({ type: 'get-tab-stats', data: { tabId: tab.id } })) as {
        upgraded: number;
      } | null;
      return { upgraded: stats?.upgraded ?? 0, badge: await api.action.getBadgeText({ tabId: tab.id }) };
    }
  }
}
