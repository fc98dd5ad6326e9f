import type { Settings } from '../core/settings';
import type { StorageArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';

/**
 * What a private session leaves in memory while it lasts, and its end. An exception
 * chosen in a private window (the explanatory page's "always", the popup's "Allow HTTP")
 * is a this-session exception, and its host is noted here; when the last private window
 * closes, those exceptions go, and so does the private history. Nothing of it ever
 * reaches storage.local or storage.sync; storage.session itself is gone when the browser
 * quits.
 *
 * Chrome may tear its private instance down before that instance hears of its last
 * window: the next private session then clears what the last one left, first thing, and
 * an exception chosen in it is saved only after that (`exceptions.ready`).
 */
export function createPrivateSession(deps: {
  area: StorageArea;
  /** The user's settings, session exceptions included, and a save that applies them. */
  settings: {
    read(): Promise<{ user: Settings }>;
    save(settings: Settings): Promise<unknown>;
  };
  clearHistory(): Promise<void>;
  applied(): Promise<void>;
  /** Resolves to true when this is the first wake of a new private session (Chrome's private instance). */
  newSession?: () => Promise<boolean>;
}) {
  const hosts = async (): Promise<string[]> => {
    const stored = await deps.area.get(SESSION_KEYS.privateExceptions);
    return Array.isArray(stored) ? stored.filter((h): h is string => typeof h === 'string') : [];
  };

  /** The last private window closed: its exceptions and its history go. */
  async function end(): Promise<void> {
    await deps.clearHistory();
    const noted = await hosts();
    if (noted.length === 0) return;
    const { user } = await deps.settings.read();
    const kept = user.exceptions.filter((e) => !(e.scope === 'session' && noted.includes(e.pattern)));
    if (kept.length !== user.exceptions.length) {
      await deps.settings.save({ ...user, exceptions: kept });
      await deps.applied();
    }
    await deps.area.set(SESSION_KEYS.privateExceptions, []);
  }

  const leftovers = deps.newSession
    ? deps
        .newSession()
        .then((fresh) => (fresh ? end() : undefined))
        .catch((error: unknown) => console.error('Cleartext Guard: an earlier private session was not cleared', error))
    : Promise.resolve();

  const exceptions: PrivateExceptions = {
    ready: () => leftovers,
    async note(host) {
      const known = await hosts();
      if (!known.includes(host)) await deps.area.set(SESSION_KEYS.privateExceptions, [...known, host]);
    },
  };
  return { end, exceptions };
}

/** Exceptions chosen in private windows: saved once `ready`, then noted to end with the session. */
export interface PrivateExceptions {
  ready(): Promise<void>;
  note(host: string): Promise<void>;
}

export type PrivateSession = ReturnType<typeof createPrivateSession>;
