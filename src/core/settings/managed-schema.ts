import { MANAGED_KEYS, type ManagedKey } from './managed';
import { SETTING_FIELDS, type ExceptionRule } from './schema';

/**
 * The enterprise policy's schema (public/managed_schema.json, the manifest's
 * storage.managed_schema), derived from the one settings schema. Chrome checks a policy
 * against it before the extension sees it; Firefox's policies.json is checked by the
 * reader alone. Regenerate the file with `npx tsx scripts/managed-schema.ts`;
 * managed-schema.test.ts fails while it differs.
 *
 * Chrome reads a subset of JSON Schema (components/policy/core/common/schema.cc): each node
 * has exactly one type, there is no oneOf or anyOf (unknown attributes are ignored), and a
 * list with one item of the wrong type is refused whole. So an exception here is an object
 * only; the bare pattern the reader also takes (its short form) cannot be declared.
 */
export interface PolicySchema {
  title?: string;
  description?: string;
  type: 'object' | 'array' | 'string' | 'boolean' | 'integer';
  enum?: string[];
  properties?: Record<string, PolicySchema>;
  items?: PolicySchema;
}

/** What an administrator's tools show for each policy. */
const TEXTS: { readonly [K in ManagedKey]: { title: string; description?: string } } = {
  mode: {
    title: 'Protection mode',
    description:
      'balanced (default), strict (no http fallback, credentials blocked everywhere) or watch (record only).',
  },
  exceptions: {
    title: 'Hosts allowed over http',
    description:
      'Replaces the user\'s exception list. Each item is an object { "pattern", "allowCredentials" }: ' +
      'the pattern is "example.com" or "*.example.com", with an optional ":port"; ' +
      'allowCredentials (default false) lets credentials go to it in cleartext.',
  },
  upgradeLocalNetwork: { title: 'Upgrade the local network too' },
  upgradeSpecialUseNames: {
    title: 'Upgrade names that are not on the public web too (.onion, .i2p, .test, .example, .invalid, .alt)',
  },
  localNetworkCredentials: { title: 'Credentials to the local network' },
  credentialPolicy: { title: 'What happens to each kind of credential on an excepted http request' },
  secretParamNames: { title: 'Query parameter names that carry secrets' },
};

/**
 * The parts of an exception a policy may set. Chrome removes any other property before the
 * extension sees the policy, so the rest take the reader's defaults (always, everywhere).
 */
const POLICY_EXCEPTION: { readonly [K in keyof ExceptionRule]?: PolicySchema } = {
  pattern: { type: 'string' },
  allowCredentials: { type: 'boolean' },
};

function schemaOf(key: ManagedKey): PolicySchema {
  const field = SETTING_FIELDS[key];
  switch (field.kind) {
    case 'choice':
      return { type: 'string', enum: [...field.choices] };
    case 'boolean':
      return { type: 'boolean' };
    case 'exceptions':
      return { type: 'array', items: { type: 'object', properties: { ...POLICY_EXCEPTION } } };
    case 'choice-per-kind':
      return {
        type: 'object',
        properties: Object.fromEntries(
          Object.entries(field.choices).map(([kind, choices]) => [kind, { type: 'string', enum: [...choices] }]),
        ),
      };
    case 'names':
      return { type: 'array', items: { type: 'string' } };
  }
}

export function managedSchema(): PolicySchema {
  return {
    type: 'object',
    properties: Object.fromEntries(MANAGED_KEYS.map((key) => [key, { ...TEXTS[key], ...schemaOf(key) }])),
  };
}
