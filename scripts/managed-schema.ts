// Writes public/managed_schema.json (the enterprise policy's schema) from the settings
// schema. Run by hand after a change to the settings (`npx tsx scripts/managed-schema.ts`);
// the file is committed, and src/core/settings/managed-schema.test.ts fails while it differs.
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { managedSchema } from '../src/core/settings/managed-schema';

const file = 'public/managed_schema.json';
const options = await resolveConfig(file);
writeFileSync(file, await format(JSON.stringify(managedSchema()), { ...options, filepath: file }));
