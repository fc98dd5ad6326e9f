import type { Migration } from './migration';

/**
 * Version 1 kept each exception as a bare pattern ("example.com", "*.example.com");
 * version 2 made each an object: the pattern, whether credentials may go to it in
 * cleartext, and an optional end time.
 */
export const fromVersion1: Migration = {
  from: 1,
  migrate: (stored) => ({
    ...stored,
    version: 2,
    ...(Array.isArray(stored.exceptions) ? { exceptions: stored.exceptions.map(toObject) } : {}),
  }),
};

const toObject = (entry: unknown): unknown =>
  typeof entry === 'string' ? { pattern: entry, allowCredentials: false, expiresAt: null } : entry;
