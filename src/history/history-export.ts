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

/**
 * An export written a batch of records at a time: `start`, then `rows` of each batch
 * (`first`: no row written before it), then `end` (`empty`: no row at all). The pieces
 * joined are exactly `historyToJson` / `historyToCsv` of all the records.
 */
export interface ExportWriter {
  start: string;
  rows(records: readonly HistoryRecord[], first: boolean): string;
  end(empty: boolean): string;
}

/** `JSON.stringify(rows, null, 1)`, one element at a time (the elements sit one level deep). */
export const JSON_EXPORT: ExportWriter = {
  start: '[',
  rows: (records, first) =>
    records
      .map((r, i) => `${first && i === 0 ? '\n' : ',\n'} ${JSON.stringify(row(r), null, 1).replace(/\n/g, '\n ')}`)
      .join(''),
  end: (empty) => (empty ? ']\n' : '\n]\n'),
};

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

function csvLine(record: HistoryRecord): string {
  const r = row(record);
  return EXPORT_COLUMNS.map((c) => csvCell(r[c])).join(',');
}

export const CSV_EXPORT: ExportWriter = {
  start: `${EXPORT_COLUMNS.join(',')}\r\n`,
  rows: (records) => records.map((r) => `${csvLine(r)}\r\n`).join(''),
  end: () => '',
};

export function historyToCsv(records: readonly HistoryRecord[]): string {
  return [EXPORT_COLUMNS.join(','), ...records.map(csvLine)].map((line) => `${line}\r\n`).join('');
}
