import type { HistoryRecord } from '../core/history-record';

/** The columns of an export: everything a record holds (it never holds a secret). */
export const EXPORT_COLUMNS = [
  'time',
  'site',
  'host',
  'kind',
  'name',
  'shape',
  'action',
  'exposed',
  'url',
  'fingerprint',
  'mode',
  'origin',
] as const;

function row(record: HistoryRecord): Record<(typeof EXPORT_COLUMNS)[number], string | boolean | null> {
  return {
    time: new Date(record.time).toISOString(),
    site: record.site,
    host: record.host,
    kind: record.kind,
    name: record.name,
    shape: record.shape,
    action: record.action,
    exposed: record.exposed,
    url: record.url,
    fingerprint: record.fingerprint,
    mode: record.mode,
    origin: record.origin ?? 'observed',
  };
}

export function historyToJson(records: readonly HistoryRecord[]): string {
  return `${JSON.stringify(records.map(row), null, 1)}\n`;
}

/**
 * RFC 4180 CSV. A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR)
 * gets a leading apostrophe: a hostile page chooses the URLs and names recorded here.
 */
export function csvCell(value: string | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function historyToCsv(records: readonly HistoryRecord[]): string {
  const lines = [EXPORT_COLUMNS.join(',')];
  for (const record of records) {
    const r = row(record);
    lines.push(EXPORT_COLUMNS.map((c) => csvCell(r[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
