import { openDB } from 'idb';

const DB_NAME = 'cleartext-guard-private-session';

/**
 * Chrome's private instance: whether this wake is the first of a new private session.
 * Its IndexedDB lives in memory as long as the private (incognito) profile does
 * (https://github.com/w3c/webextensions/issues/534), so a mark there survives the
 * worker's restarts within a session and is gone with it. The first wake that finds no
 * mark starts a new session (and marks it).
 */
export async function startsNewPrivateSession(): Promise<boolean> {
  const db = await openDB(DB_NAME, 1, {
    upgrade: (database) => void database.createObjectStore('mark'),
  });
  try {
    const tx = db.transaction('mark', 'readwrite');
    const marked = (await tx.store.get('started')) !== undefined;
    if (!marked) await tx.store.put(Date.now(), 'started');
    await tx.done;
    return !marked;
  } finally {
    db.close();
  }
}
