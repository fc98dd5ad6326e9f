import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SETTING_FIELDS, SETTING_KEYS, SETTINGS_VERSION, defaultSettings, readSettings, type SettingField } from '.';
import { arbitraryOf, settingsArb } from './testing/settings-arbitrary';

interface Refused {
  value: unknown;
  /** The problem the reader must report, on the setting or on one of its parts (`sub`). */
  code: string;
  sub?: string;
  /** What the reader keeps instead: the default unless said otherwise. */
  kept?: unknown;
}

/** Values the schema does not allow for a setting. */
function refusedArb(field: SettingField): fc.Arbitrary<Refused> | null {
  const notUndefined = fc.anything().filter((v) => v !== undefined);
  switch (field.kind) {
    case 'version':
      return null;
    case 'choice':
      return notUndefined
        .filter((v) => !(field.choices as readonly unknown[]).includes(v))
        .map((value) => ({ value, code: 'not-choice' }));
    case 'boolean':
      return notUndefined.filter((v) => typeof v !== 'boolean').map((value) => ({ value, code: 'not-boolean' }));
    case 'whole-number':
      return fc
        .oneof(
          fc.integer({ max: field.min - 1 }),
          fc.integer({ min: field.max + 1 }),
          fc.double({ min: field.min, max: field.max }).filter((n) => !Number.isInteger(n)),
          notUndefined.filter((v) => typeof v !== 'number'),
        )
        .map((value) => ({ value, code: 'range' }));
    case 'exceptions':
      return notUndefined.filter((v) => !Array.isArray(v)).map((value) => ({ value, code: 'not-list' }));
    case 'choice-per-kind':
      return fc.oneof(
        notUndefined
          .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
          .map((value) => ({ value, code: 'not-object' })),
        fc
          .tuple(fc.constantFrom(...Object.entries(field.choices)), notUndefined)
          .filter(([[, choices], v]) => !(choices as readonly unknown[]).includes(v))
          .map(([[kind], v]) => ({ value: { [kind]: v }, code: 'not-choice', sub: kind })),
      );
    case 'names':
      return fc.oneof(
        notUndefined.filter((v) => !Array.isArray(v)).map((value) => ({ value, code: 'not-list' })),
        fc
          .string()
          .filter((s) => !field.name.test(s.trim().toLowerCase()))
          .map((name) => ({ value: [name], code: 'names', kept: [] })),
        fc
          .uniqueArray(fc.stringMatching(field.name), { minLength: field.max + 1, maxLength: field.max + 5 })
          .map((value) => ({ value, code: 'too-many', kept: value.slice(0, field.max) })),
      );
  }
}

describe('the one settings schema (SETTING_FIELDS)', () => {
  it('describes every setting, in the order they are written', () => {
    expect(Object.keys(SETTING_FIELDS)).toEqual(SETTING_KEYS);
  });

  it('allows only what the reader keeps as it is', () => {
    fc.assert(
      fc.property(settingsArb, (settings) => {
        expect(readSettings(settings)).toEqual({ settings, problems: [] });
      }),
      { numRuns: 200 },
    );
  });

  describe.each(SETTING_KEYS)('%s', (key) => {
    const field: SettingField = SETTING_FIELDS[key];
    it('reads any value the schema allows without a problem', () => {
      fc.assert(
        fc.property(arbitraryOf(field), (value) => {
          const { settings, problems } = readSettings({ [key]: value });
          expect(problems).toEqual([]);
          expect(settings[key]).toEqual(value);
        }),
        { numRuns: 50 },
      );
    });

    const refused = refusedArb(field);
    if (refused === null) {
      it('is not read: the settings read are always this version', () => {
        fc.assert(
          fc.property(fc.anything(), (version) => {
            const { settings, problems } = readSettings({ [key]: version });
            expect(problems).toEqual([]);
            expect(settings.version).toBe(SETTINGS_VERSION);
          }),
          { numRuns: 50 },
        );
      });
      return;
    }
    it('refuses any other value, says so, and falls back to the default', () => {
      fc.assert(
        fc.property(refused, ({ value, code, sub, kept = defaultSettings()[key] }) => {
          const { settings, problems } = readSettings({ [key]: value });
          expect(problems.map((p) => [p.field, p.code])).toContainEqual([
            sub === undefined ? key : `${key}.${sub}`,
            code,
          ]);
          expect(settings[key]).toEqual(kept);
        }),
        { numRuns: 50 },
      );
    });
  });
});
