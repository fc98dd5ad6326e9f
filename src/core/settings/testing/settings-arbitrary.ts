import fc from 'fast-check';
import { parseExceptionPattern } from '../../exception-pattern';
import { SETTING_FIELDS, SETTING_KEYS, type ExceptionRule, type SettingField, type Settings } from '../schema';

/**
 * Arbitrary valid settings for property tests, drawn from the one schema (SETTING_FIELDS):
 * a setting added there is drawn here without a change, and the tests check that the
 * reader keeps every value drawn (settings.test.ts).
 */

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
export const hostArb = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('test', 'example', 'com'))
  .map(([labels, tld]) => [...labels, tld].join('.'));

/** A valid exception pattern (not a wildcard over a public suffix, such as "*.us.com"). */
export const patternArb = fc
  .tuple(fc.boolean(), hostArb, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }))
  .map(([wild, host, port]) => `${wild ? '*.' : ''}${host}${port === null ? '' : `:${port}`}`)
  .filter((pattern) => parseExceptionPattern(pattern).ok);

export function exceptionArb(field: Extract<SettingField, { kind: 'exceptions' }>): fc.Arbitrary<ExceptionRule> {
  return fc
    .tuple(patternArb, fc.boolean(), fc.constantFrom(...field.scopes), fc.integer({ min: 1, max: 2 ** 45 }))
    .map(([pattern, allowCredentials, scope, time]) => ({
      pattern,
      allowCredentials,
      scope,
      expiresAt: scope === 'until' ? time : null,
    }));
}

/** Any valid value of one setting. */
export function arbitraryOf(field: SettingField): fc.Arbitrary<unknown> {
  switch (field.kind) {
    case 'version':
      return fc.constant(field.current);
    case 'choice':
      return fc.constantFrom(...field.choices);
    case 'boolean':
      return fc.boolean();
    case 'whole-number':
      return fc.integer({ min: field.min, max: field.max });
    case 'exceptions':
      // Far below the limits: a property runs many times.
      return fc.uniqueArray(exceptionArb(field), { selector: (e) => e.pattern, maxLength: 30 });
    case 'choice-per-kind':
      return fc.record(
        Object.fromEntries(Object.entries(field.choices).map(([kind, choices]) => [kind, fc.constantFrom(...choices)])),
      );
    case 'names':
      return fc.uniqueArray(fc.stringMatching(field.name), { maxLength: field.max });
  }
}

export const settingsArb = fc.record(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, arbitraryOf(SETTING_FIELDS[key])])),
) as fc.Arbitrary<unknown> as fc.Arbitrary<Settings>;
