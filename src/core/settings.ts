import { parseHostPattern } from './host-pattern';

/**
 * The settings that decide what is upgraded. Stored under one key in storage.local;
 * validated on every read, keeping the valid parts of a damaged value.
 */
export interface Settings {
  version: 1;
  /** Host patterns allowed over http ("example.com", "*.example.com"). */
  exceptions: string[];
  /** Upgrade local-network hosts too (loopback is never upgraded). */
  upgradeLocalNetwork: boolean;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  version: 1,
  exceptions: [],
  upgradeLocalNetwork: false,
}) as Settings;

export interface SettingsReadResult {
  settings: Settings;
  /** What was dropped or replaced by a default, in words. Empty when the value was sound. */
  problems: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readExceptions(value: unknown, problems: string[]): string[] {
  if (value === undefined) return [...DEFAULT_SETTINGS.exceptions];
  if (!Array.isArray(value)) {
    problems.push('exceptions: not a list, using none');
    return [...DEFAULT_SETTINGS.exceptions];
  }
  const kept: string[] = [];
  for (const entry of value) {
    if (typeof entry !== 'string') {
      problems.push(`exceptions: dropped a non-text entry`);
      continue;
    }
    const parsed = parseHostPattern(entry);
    if (!parsed.ok) {
      problems.push(`exceptions: dropped "${entry}": ${parsed.error}`);
      continue;
    }
    if (!kept.includes(entry.trim())) kept.push(entry.trim());
  }
  return kept;
}

/** Reads stored settings, never throws; anything invalid falls back to its default. */
export function readSettings(stored: unknown): SettingsReadResult {
  const problems: string[] = [];
  if (stored === undefined) return { settings: { ...DEFAULT_SETTINGS, exceptions: [] }, problems };
  if (!isRecord(stored)) {
    return {
      settings: { ...DEFAULT_SETTINGS, exceptions: [] },
      problems: ['settings: not an object, using defaults'],
    };
  }
  const exceptions = readExceptions(stored.exceptions, problems);
  let upgradeLocalNetwork = DEFAULT_SETTINGS.upgradeLocalNetwork;
  if (typeof stored.upgradeLocalNetwork === 'boolean') {
    upgradeLocalNetwork = stored.upgradeLocalNetwork;
  } else if (stored.upgradeLocalNetwork !== undefined) {
    problems.push('upgradeLocalNetwork: not true or false, using the default');
  }
  return {
    settings: { version: 1, exceptions, upgradeLocalNetwork },
    problems,
  };
}
