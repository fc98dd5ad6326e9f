import { isRecord } from '../../is-record';
import type { Migration } from './migration';

/**
 * Version 2's exceptions had no scope: one lasted always, or until its end time. Version 3
 * says which (and adds "this session"). Version 3's new settings (a policy per kind of
 * credential, the history's age limit) need no step: a missing setting reads as its default.
 */
export const fromVersion2: Migration = {
  from: 2,
  migrate: (stored) => ({
    ...stored,
    version: 3,
    ...(Array.isArray(stored.exceptions) ? { exceptions: stored.exceptions.map(withScope) } : {}),
  }),
};

/** Only an exception the reader will keep gets a scope, so a dropped one is quoted as it was stored. */
function withScope(entry: unknown): unknown {
  if (!isRecord(entry) || typeof entry.pattern !== 'string' || entry.scope !== undefined) return entry;
  const timed = typeof entry.expiresAt === 'number' && Number.isFinite(entry.expiresAt);
  return { ...entry, scope: timed ? 'until' : 'always' };
}
