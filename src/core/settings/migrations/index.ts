import { SETTINGS_VERSION } from '../schema';
import { fromVersion1 } from './from-v1';
import { fromVersion2 } from './from-v2';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every step, in order: MIGRATIONS[i] reads version i + 1; the last writes SETTINGS_VERSION. */
export const MIGRATIONS: readonly Migration[] = [fromVersion1, fromVersion2];

/**
 * The older version a stored value says it was written by, or null: no version (a value
 * written in part, such as an administrator's policy or one setting being checked, is in
 * the current shape), the current one, a newer one (read as far as this version
 * understands it), or something that is not a version number.
 */
export function olderVersionOf(stored: Readonly<Record<string, unknown>>): number | null {
  const { version } = stored;
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 && version < SETTINGS_VERSION
    ? version
    : null;
}

/** The value in the current version's shape: every step from its own version on, in turn. */
export function migrate(stored: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const from = olderVersionOf(stored);
  if (from === null) return stored;
  return MIGRATIONS.slice(from - 1).reduce<Readonly<Record<string, unknown>>>(
    (value, step) => step.migrate(value),
    stored,
  );
}
