import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SETTINGS_VERSION, defaultSettings, readSettings, type Settings } from '..';
import { patternArb, settingsArb } from '../testing/settings-arbitrary';
import { MIGRATIONS, migrate, olderVersionOf } from '.';

const OLDER_VERSIONS = Array.from({ length: SETTINGS_VERSION - 1 }, (_, i) => i + 1);

/**
 * Settings as each older version wrote them (every field that version had), and what
 * they read as now. A new version adds its predecessor here.
 */
const WRITTEN_BY: Record<number, { stored: Record<string, unknown>; reads: Settings }> = {
  1: {
    stored: { version: 1, exceptions: ['a.test', '*.b.test'], upgradeLocalNetwork: true },
    reads: {
      ...defaultSettings(),
      exceptions: [
        { pattern: 'a.test', allowCredentials: false, scope: 'always', expiresAt: null },
        { pattern: '*.b.test', allowCredentials: false, scope: 'always', expiresAt: null },
      ],
      upgradeLocalNetwork: true,
    },
  },
  2: {
    stored: {
      version: 2,
      mode: 'strict',
      exceptions: [
        { pattern: 'a.test', allowCredentials: true, expiresAt: null },
        { pattern: '*.b.test', allowCredentials: false, expiresAt: 1_900_000_000_000 },
      ],
      upgradeLocalNetwork: false,
      localNetworkCredentials: 'block',
      secretParamNames: ['token', 'sid'],
      historyCap: 1000,
      failureTimeoutSeconds: 5,
      continueOnceSeconds: 60,
    },
    reads: {
      ...defaultSettings(),
      mode: 'strict',
      exceptions: [
        { pattern: 'a.test', allowCredentials: true, scope: 'always', expiresAt: null },
        { pattern: '*.b.test', allowCredentials: false, scope: 'until', expiresAt: 1_900_000_000_000 },
      ],
      localNetworkCredentials: 'block',
      secretParamNames: ['token', 'sid'],
      historyCap: 1000,
      failureTimeoutSeconds: 5,
      continueOnceSeconds: 60,
    },
  },
};

/**
 * Any current settings as an older version would have written them (what it could hold),
 * and what that reads as now: a property from every older version.
 */
const AS_WRITTEN_BY: Record<number, (s: Settings) => { stored: Record<string, unknown>; reads: Settings }> = {
  1: (s) => {
    const plain = s.exceptions.filter((e) => e.scope === 'always' && !e.allowCredentials);
    return {
      stored: { version: 1, exceptions: plain.map((e) => e.pattern), upgradeLocalNetwork: s.upgradeLocalNetwork },
      reads: { ...defaultSettings(), exceptions: plain, upgradeLocalNetwork: s.upgradeLocalNetwork },
    };
  },
  2: (s) => {
    const kept = s.exceptions.filter((e) => e.scope !== 'session');
    const v2 = {
      mode: s.mode,
      upgradeLocalNetwork: s.upgradeLocalNetwork,
      localNetworkCredentials: s.localNetworkCredentials,
      secretParamNames: s.secretParamNames,
      historyCap: s.historyCap,
      failureTimeoutSeconds: s.failureTimeoutSeconds,
      continueOnceSeconds: s.continueOnceSeconds,
    };
    return {
      stored: {
        version: 2,
        ...v2,
        exceptions: kept.map(({ pattern, allowCredentials, expiresAt }) => ({ pattern, allowCredentials, expiresAt })),
      },
      reads: { ...defaultSettings(), ...v2, exceptions: kept },
    };
  },
};

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
};

describe('settings migrations', () => {
  it('are one file a step, from version 1 to the current version', () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => /^from-v[0-9]+\.ts$/.test(f));
    const numbered = files.map((f) => Number(/[0-9]+/.exec(f)?.[0])).sort((a, b) => a - b);
    expect(numbered).toEqual(OLDER_VERSIONS);
    expect(MIGRATIONS.map((m) => m.from)).toEqual(OLDER_VERSIONS);
  });

  it.each(OLDER_VERSIONS)('step from version %i writes the next version, leaving its input alone', (from) => {
    const step = MIGRATIONS[from - 1];
    const stored = deepFreeze(structuredClone(WRITTEN_BY[from]?.stored ?? { version: from }));
    expect(step?.migrate(stored).version).toBe(from + 1);
    expect(migrate(stored).version).toBe(SETTINGS_VERSION);
  });

  it.each(OLDER_VERSIONS)('read what version %i wrote', (version) => {
    const written = WRITTEN_BY[version];
    expect(written, `no example of what version ${version} wrote`).toBeDefined();
    expect(readSettings(written?.stored)).toEqual({ settings: written?.reads, problems: [] });
  });

  it.each(OLDER_VERSIONS)('read anything version %i could have written', (version) => {
    const asWritten = AS_WRITTEN_BY[version];
    expect(asWritten, `no property for version ${version}`).toBeDefined();
    fc.assert(
      fc.property(settingsArb, (settings) => {
        const { stored, reads } = asWritten?.(settings) ?? { stored: {}, reads: defaultSettings() };
        expect(readSettings(stored)).toEqual({ settings: reads, problems: [] });
      }),
      { numRuns: 100 },
    );
  });

  it('leave versions 1 and 2 reading as they did before the reader looked at the version', () => {
    const entry = fc.oneof(
      patternArb,
      fc.string(),
      fc.record(
        {
          pattern: fc.oneof(patternArb, fc.anything()),
          allowCredentials: fc.anything(),
          expiresAt: fc.oneof(fc.integer(), fc.constant(null), fc.double(), fc.anything()),
          scope: fc.oneof(fc.constantFrom('always', 'until', 'session'), fc.anything()),
          onlyOn: fc.oneof(fc.constant('site.test'), fc.anything()),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2),
        fc.oneof(fc.array(entry, { maxLength: 8 }), fc.anything()),
        fc.dictionary(fc.string(), fc.anything(), { maxKeys: 3 }),
        (version, exceptions, rest) => {
          const stored = { ...rest, version, exceptions };
          expect(readSettings(stored)).toEqual(readSettings({ ...stored, version: SETTINGS_VERSION }));
        },
      ),
    );
  });

  it.each([undefined, SETTINGS_VERSION, SETTINGS_VERSION + 1, 99, 0, -1, 1.5, '1', null])(
    'take version %j as it is: no step, no problem, read as this version',
    (version) => {
      const stored = { version, exceptions: ['a.test'] };
      expect(olderVersionOf(stored)).toBeNull();
      expect(migrate(stored)).toBe(stored);
      const { settings, problems } = readSettings(stored);
      expect(problems).toEqual([]);
      expect(settings.version).toBe(SETTINGS_VERSION);
    },
  );
});
