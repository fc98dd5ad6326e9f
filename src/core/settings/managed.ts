import type { SettingsProblem } from './problems';
import { isRecord } from '../is-record';
import { readSettings } from './read';
import type { Settings } from './schema';

/**
 * What an administrator may set through Chrome's extension policy or Firefox's
 * policies.json (storage.managed, see public/managed_schema.json, generated from these
 * keys by managed-schema.ts). A managed value replaces the user's and is locked; a managed
 * exception list replaces the user's list. In Chrome each exception is an object
 * { pattern, allowCredentials }; Firefox, which checks no schema
 * (https://extensionworkshop.com/documentation/enterprise/enterprise-development/), also
 * takes a bare pattern.
 */
export const MANAGED_KEYS = [
  'mode',
  'exceptions',
  'upgradeLocalNetwork',
  'upgradeSpecialUseNames',
  'localNetworkCredentials',
  'credentialPolicy',
  'secretParamNames',
] as const satisfies readonly (keyof Settings)[];
export type ManagedKey = (typeof MANAGED_KEYS)[number];

export interface ManagedSettings {
  settings: Settings;
  locked: ManagedKey[];
  /** Policy values that were invalid and therefore not applied. */
  problems: SettingsProblem[];
}

/**
 * The settings in force: the user's, with every valid managed value on top. An invalid
 * managed value is reported and not applied (the user's value stays, unlocked), so a
 * typo in a policy never silently weakens nor bricks the guard.
 */
export function applyManaged(user: Settings, managed: unknown): ManagedSettings {
  if (!isRecord(managed)) return { settings: user, locked: [], problems: [] };
  const settings: Settings = { ...user };
  const locked: ManagedKey[] = [];
  const problems: SettingsProblem[] = [];
  for (const key of MANAGED_KEYS) {
    if (managed[key] === undefined) continue;
    const read = readSettings({ [key]: managed[key] });
    const own = read.problems.filter((p) => p.field === key || p.field.startsWith(`${key}.`));
    if (own.length > 0) {
      problems.push(...own.map((p) => ({ ...p, field: `policy.${p.field}` })));
      continue;
    }
    Object.assign(settings, { [key]: read.settings[key] });
    locked.push(key);
  }
  return { settings, locked, problems };
}

/** The user's edit, with every locked field put back to its managed value. */
export function keepLocked(edited: Settings, current: Settings, locked: readonly ManagedKey[]): Settings {
  const result: Settings = { ...edited };
  for (const key of locked) Object.assign(result, { [key]: current[key] });
  return result;
}
