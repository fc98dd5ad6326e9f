import type { Finding } from '../core/credentials/findings';
import { buildRecords, type RecordOrigin } from '../core/history-record';
import type { GuardAction } from '../core/policy';
import type { TabEvent } from '../core/tab-stats';
import type { StorageArea } from '../platform/extension-api';
import { LOCAL_KEYS } from '../storage/keys';
import type { HistoryStore } from './history-store';
import type { SettingsCache } from './settings-cache';

export interface GuardEvent {
  tabId: number;
  /** The request URL (it may hold the secret: it is redacted before anything is kept). */
  url: string;
  /** The host of the tab's page. */
  site: string;
  action: GuardAction;
  findings: Finding[];
  /** A page-world report (a claim the page could have made up); default: observed. */
  origin?: RecordOrigin;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function loadOrCreateKey(area: StorageArea): Promise<Uint8Array> {
  const stored = await area.get(LOCAL_KEYS.fingerprintKey);
  if (typeof stored === 'string' && stored.length >= 40) return fromBase64(stored);
  const key = crypto.getRandomValues(new Uint8Array(32));
  await area.set(LOCAL_KEYS.fingerprintKey, toBase64(key));
  return key;
}

/**
 * Turns interventions into history records and tab counts. Once the key and settings
 * are loaded (at wake), recording is synchronous; events before that wait in memory.
 */
export function createGuardRecorder(deps: {
  history: HistoryStore;
  keyArea: StorageArea;
  settings: SettingsCache;
  recordTab: (event: TabEvent) => void;
}) {
  let key: Uint8Array | null = null;
  const early: GuardEvent[] = [];

  function write(event: GuardEvent, fingerprintKey: Uint8Array): void {
    const settings = deps.settings.now();
    const records = buildRecords(event.findings, {
      time: Date.now(),
      site: event.site,
      url: event.url,
      action: event.action,
      mode: settings?.mode ?? 'balanced',
      key: fingerprintKey,
      secretNames: settings?.secretParamNames ?? [],
      origin: event.origin ?? 'observed',
    });
    deps.history.append(records);
    for (let i = 0; i < records.length; i++)
      deps.recordTab({ kind: 'guarded', tabId: event.tabId, action: event.action });
  }

  void Promise.all([loadOrCreateKey(deps.keyArea), deps.settings.ready()]).then(([loaded]) => {
    key = loaded;
    for (const event of early.splice(0)) write(event, loaded);
  });

  return {
    record(event: GuardEvent): void {
      if (event.findings.length === 0) return;
      if (key && deps.settings.now()) write(event, key);
      else early.push(event);
    },
  };
}

export type GuardRecorder = ReturnType<typeof createGuardRecorder>;
