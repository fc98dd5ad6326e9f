import type { SettingsProblem } from './problems';
import { isRecord } from '../is-record';
import { readSettings } from './read';
import type { Settings } from './schema';

/** The file an export writes and an import reads. */
export const EXPORT_FORMAT = 'cleartext-guard-settings';
/** Larger imports are refused before parsing (100,000 exceptions take about 8 MB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

export function exportSettings(settings: Settings): string {
  return `${JSON.stringify({ format: EXPORT_FORMAT, ...settings }, null, 2)}\n`;
}

export type ImportResult = { ok: true; settings: Settings } | { ok: false; problems: SettingsProblem[] };

/**
 * Reads an exported file, all or nothing: every problem is reported and any problem
 * refuses the whole import (unlike reading storage, which keeps the valid parts).
 * Older versions migrate as they do from storage.
 */
export function importSettings(text: string): ImportResult {
  if (text.length > MAX_IMPORT_BYTES) {
    return { ok: false, problems: [{ field: 'file', code: 'json', detail: `larger than ${MAX_IMPORT_BYTES} bytes` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'not JSON';
    return { ok: false, problems: [{ field: 'file', code: 'json', detail }] };
  }
  if (!isRecord(value)) {
    return { ok: false, problems: [{ field: 'file', code: 'not-object', detail: 'not a settings object' }] };
  }
  const { format, ...rest } = value;
  if (format !== undefined && format !== EXPORT_FORMAT) {
    return { ok: false, problems: [{ field: 'format', code: 'format', detail: `expected "${EXPORT_FORMAT}"` }] };
  }
  const { settings, problems } = readSettings(rest);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, settings };
}
