import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MANAGED_KEYS, SETTING_FIELDS, applyManaged, defaultSettings, type Settings } from '.';
import { managedSchema, type PolicySchema } from './managed-schema';
import { arbitraryOf } from './testing/settings-arbitrary';

/**
 * What Chrome makes of the schema and of a policy, after components/policy/core/common/
 * schema.cc (Schema::Parse, IsValidSchema, Schema::Normalize with SCHEMA_ALLOW_UNKNOWN,
 * as SchemaMap::FilterBundle runs it on an extension's policy).
 */
const ATTRIBUTES: Record<string, readonly string[]> = {
  array: ['description', 'id', 'items', 'sensitiveValue', 'title', 'type'],
  boolean: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  integer: ['description', 'enum', 'id', 'maximum', 'minimum', 'sensitiveValue', 'title', 'type'],
  number: ['description', 'id', 'sensitiveValue', 'title', 'type'],
  object: [
    'additionalProperties',
    'description',
    'id',
    'patternProperties',
    'properties',
    'required',
    'sensitiveValue',
    'title',
    'type',
  ],
  string: ['description', 'enum', 'id', 'pattern', 'sensitiveValue', 'title', 'type'],
};

/** Where the schema strays from what Chrome reads (an unknown attribute is ignored there: a lie here). */
function chromeSchemaErrors(node: Record<string, unknown>, path = '(top)'): string[] {
  const { type } = node;
  if (typeof type !== 'string') return [`${path}: exactly one type, a string`];
  const allowed = ATTRIBUTES[type];
  if (!allowed) return [`${path}: unknown type ${type}`];
  const errors = Object.keys(node)
    .filter((a) => !allowed.includes(a))
    .map((a) => `${path}: attribute ${a} is not read for type ${type}`);
  if (node.enum !== undefined) {
    const list = node.enum;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.some((v) => typeof v !== (type === 'string' ? 'string' : 'number'))
    ) {
      errors.push(`${path}: enum must be a non-empty list of ${type}`);
    }
  }
  if (type === 'array') {
    const items = node.items;
    if (typeof items !== 'object' || items === null) errors.push(`${path}: an array needs items`);
    else errors.push(...chromeSchemaErrors(items as Record<string, unknown>, `${path}.items`));
  }
  if (type === 'object' && node.properties !== undefined) {
    for (const [key, sub] of Object.entries(node.properties as Record<string, Record<string, unknown>>)) {
      errors.push(...chromeSchemaErrors(sub, `${path}.${key}`));
    }
  }
  return errors;
}

/** Whether Chrome passes a policy value on (unknown properties removed) or drops it. */
function chromeAccepts(schema: PolicySchema, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' && (schema.enum === undefined || schema.enum.includes(value));
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'array': {
      const { items } = schema;
      return Array.isArray(value) && items !== undefined && value.every((v) => chromeAccepts(items, v));
    }
    case 'object':
      return (
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.entries(value).every(([k, v]) => {
          const sub = schema.properties?.[k];
          return sub === undefined || chromeAccepts(sub, v);
        })
      );
  }
}

const schema = managedSchema();
const properties = schema.properties ?? {};
const committed = JSON.parse(
  readFileSync(new URL('../../../public/managed_schema.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('the enterprise policy schema (public/managed_schema.json)', () => {
  it('is the one generated from the settings schema (npx tsx scripts/managed-schema.ts)', () => {
    expect(committed).toEqual(schema);
  });

  it.each([
    ['committed', committed],
    ['generated', schema as unknown as Record<string, unknown>],
  ])('is one Chrome reads as it is meant (%s)', (_, top) => {
    expect(top.type).toBe('object');
    expect(Object.keys(top)).not.toContain('additionalProperties');
    expect(Object.keys(top)).not.toContain('patternProperties');
    expect(chromeSchemaErrors(top)).toEqual([]);
  });

  it('declares every setting an administrator may set, and no other', () => {
    expect(Object.keys(properties)).toEqual(MANAGED_KEYS);
  });

  it('lists exactly the choices the reader takes', () => {
    for (const key of MANAGED_KEYS) {
      const field = SETTING_FIELDS[key];
      if (field.kind === 'choice') expect(properties[key]?.enum).toEqual(field.choices);
      if (field.kind === 'choice-per-kind') {
        for (const [kind, choices] of Object.entries(field.choices)) {
          expect(properties[key]?.properties?.[kind]?.enum).toEqual(choices);
        }
      }
    }
  });

  it.each(MANAGED_KEYS)('passes every valid %s, which is then applied and locked', (key) => {
    const user = defaultSettings();
    fc.assert(
      fc.property(arbitraryOf(SETTING_FIELDS[key]), (value) => {
        // An administrator's exception as Chrome passes it on: its pattern and credentials only.
        const policy =
          key === 'exceptions'
            ? (value as Settings['exceptions']).map(({ pattern, allowCredentials }) => ({
                pattern,
                allowCredentials,
              }))
            : value;
        const schemaOfKey = properties[key];
        expect(schemaOfKey && chromeAccepts(schemaOfKey, policy)).toBe(true);
        const managed = applyManaged(user, { [key]: policy });
        expect(managed.problems).toEqual([]);
        expect(managed.locked).toEqual([key]);
      }),
      { numRuns: 50 },
    );
  });

  it('takes an exception as an object only: Chrome refuses a list with a bare pattern whole', () => {
    const exceptions = properties.exceptions;
    if (!exceptions) throw new Error('no exceptions in the schema');
    expect(chromeAccepts(exceptions, [{ pattern: 'intranet.example', allowCredentials: true }])).toBe(true);
    expect(chromeAccepts(exceptions, [{ pattern: 'intranet.example' }, 'other.example'])).toBe(false);
    // The reader still takes the short form (storage, sync, Firefox's policies.json).
    expect(applyManaged(defaultSettings(), { exceptions: ['intranet.example'] }).locked).toEqual(['exceptions']);
  });
});
