import type { Finding } from '../core/credentials/findings';
import { buildRecords, type HistoryRecord, type RecordOrigin } from '../core/history-record';
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
  /** From a private window: kept for the private session only. */
  private?: boolean;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** The stored key, or null when there is none or it is not 32 bytes of base64. */
function decodeKey(stored: unknown): Uint8Array | null {
  if (typeof stored !== 'string') return null;
  try {
    const bytes = Uint8Array.from(atob(stored), (c) => c.charCodeAt(0));
    return bytes.length === 32 ? bytes : null;
  } catch {
    return null;
  }
}

/**
 * The per-install fingerprint key. An unreadable key is replaced (repeats from before it
 * are no longer recognised); a key that cannot be saved is used for this wake only. Both
 * are said in the status; recording goes on either way.
 */
async function loadOrCreateKey(area: StorageArea): Promise<{ key: Uint8Array; problem: string | null }> {
  const stored = await area.get(LOCAL_KEYS.fingerprintKey).catch(() => undefined);
  const key = decodeKey(stored);
  if (key) return { key, problem: null };
  const fresh = crypto.getRandomValues(new Uint8Array(32));
  try {
    await area.set(LOCAL_KEYS.fingerprintKey, toBase64(fresh));
  } catch (error) {
    return {
      key: fresh,
      problem: `the fingerprint key could not be saved (${String(error)}): repeats are recognised until the background stops`,
    };
  }
  const problem =
    stored === undefined
      ? null
      : 'the stored fingerprint key was unreadable: a new one is in use, earlier repeats are not recognised';
  return { key: fresh, problem };
}

/**
 * What is sent by the user's or the policy's leave (warned, observed) repeats on every
 * request of a logged-in session: the same credential to the same host is recorded once
 * per REPEAT_WINDOW_MS (the tab's counts still count each).
 */
const REPEAT_WINDOW_MS = 10 * 60_000;
const REPEATS_REMEMBERED = 2000;
const REPEATING_ACTIONS: ReadonlySet<GuardAction> = new Set(['warned', 'observed']);

/** Events kept while the key loads; beyond, the oldest go (their requests were handled all the same). */
const MAX_WAITING_EVENTS = 1000;
/** How long recording waits for the settings (the record's mode) before it records without them. */
const SETTINGS_WAIT_MS = 5000;

/**
 * Turns interventions into history records and tab counts. Once the key is loaded (at
 * wake), recording is synchronous; events before that wait in memory, a bounded number.
 */
export function createGuardRecorder(deps: {
  history: HistoryStore;
  /** Where a private window's records go when this instance also serves normal ones (Firefox). */
  privateHistory?: Pick<HistoryStore, 'append'>;
  keyArea: StorageArea;
  settings: SettingsCache;
  recordTab: (event: TabEvent) => void;
}) {
  let key: Uint8Array | null = null;
  const early: GuardEvent[] = [];
  const lastSeen = new Map<string, number>();

  /** False for a repeat of an allowed credential recorded a moment ago. */
  function isNew(record: HistoryRecord): boolean {
    if (!REPEATING_ACTIONS.has(record.action)) return true;
    const id = [record.site, record.host, record.kind, record.name, record.fingerprint, record.action].join('\n');
    const seen = lastSeen.get(id);
    if (seen !== undefined && record.time - seen < REPEAT_WINDOW_MS) return false;
    lastSeen.delete(id);
    lastSeen.set(id, record.time);
    if (lastSeen.size > REPEATS_REMEMBERED) lastSeen.delete(lastSeen.keys().next().value as string);
    return true;
  }
  const problems: string[] = [];
  let dropped = 0;

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
    (event.private && deps.privateHistory ? deps.privateHistory : deps.history).append(records.filter(isNew));
    for (let i = 0; i < records.length; i++)
      deps.recordTab({ kind: 'guarded', tabId: event.tabId, action: event.action });
  }

  const settingsOrLate = Promise.race([
    deps.settings.ready().catch(() => null),
    new Promise((resolve) => setTimeout(resolve, SETTINGS_WAIT_MS)),
  ]);
  void Promise.all([loadOrCreateKey(deps.keyArea), settingsOrLate]).then(([loaded]) => {
    key = loaded.key;
    if (loaded.problem) problems.push(loaded.problem);
    for (const event of early.splice(0)) write(event, loaded.key);
  });

  return {
    record(event: GuardEvent): void {
      if (event.findings.length === 0) return;
      if (key) return write(event, key);
      early.push(event);
      if (early.length > MAX_WAITING_EVENTS) {
        early.shift();
        dropped++;
      }
    },
    /** What keeps the history from being what it should be, for the status. */
    problems(): string[] {
      return dropped > 0
        ? [...problems, `${dropped} events were not recorded while the history was not ready`]
        : [...problems];
    },
  };
}

export type GuardRecorder = ReturnType<typeof createGuardRecorder>;
