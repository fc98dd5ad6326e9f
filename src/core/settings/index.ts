export * from './schema';
export * from './problems';
export { readSettings, type SettingsReadResult } from './read';
export * from './exceptions';
export * from './transfer';
export * from './managed';
export * from './sync-plan';
