import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../core/history-record';
import {
  CSV_EXPORT,
  EXPORT_COLUMNS,
  JSON_EXPORT,
  csvCell,
  historyToCsv,
  historyToJson,
  type ExportWriter,
} from './history-export';
import { NO_FILTER, filterHistory } from './history-query';

const record = (over: Partial<HistoryRecord> = {}): HistoryRecord => ({
  id: 1,
  time: Date.UTC(2026, 10, 22, 12, 0, 0),
  site: 'plain.test',
  host: 'plain.test',
  kind: 'query',
  name: 'token',
  shape: null,
  action: 'blocked',
  exposed: false,
  url: 'http://plain.test/echo?token=[redacted]',
  fingerprint: '0123456789abcdef',
  mode: 'balanced',
  ...over,
});

describe('history export', () => {
  it('writes every column, in order, as JSON and as CSV', () => {
    const json = JSON.parse(historyToJson([record()])) as Record<string, unknown>[];
    expect(Object.keys(json[0] ?? {})).toEqual([...EXPORT_COLUMNS]);
    expect(json[0]?.time).toBe('2026-11-22T12:00:00.000Z');
    expect(historyToCsv([record()])).toBe(
      'time,site,host,kind,name,shape,action,exposed,url,fingerprint,mode,origin\r\n' +
        '2026-11-22T12:00:00.000Z,plain.test,plain.test,query,token,,blocked,false,http://plain.test/echo?token=[redacted],0123456789abcdef,balanced,observed\r\n',
    );
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('a cell %j is written %s (no formula runs in a spreadsheet)', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('exports written a batch at a time', () => {
  const write = (writer: ExportWriter, batches: HistoryRecord[][]) => {
    let out = writer.start;
    let empty = true;
    for (const batch of batches) {
      if (batch.length === 0) continue;
      out += writer.rows(batch, empty);
      empty = false;
    }
    return out + writer.end(empty);
  };
  const many = Array.from({ length: 7 }, (_, i) =>
    record({ id: i, name: `n"${i}`, url: `http://a.test/?q=${i},\n`, shape: i % 2 ? 'jwt' : null }),
  );
  it.each([
    ['no records', []],
    ['one batch of one', [many.slice(0, 1)]],
    ['uneven batches, an empty one among them', [many.slice(0, 3), [], many.slice(3, 4), many.slice(4)]],
  ])('%s: exactly what the whole export writes', (_name, batches) => {
    const all = batches.flat();
    expect(write(JSON_EXPORT, batches)).toBe(historyToJson(all));
    expect(write(CSV_EXPORT, batches)).toBe(historyToCsv(all));
  });
});

describe('filterHistory', () => {
  const records = [
    record({ id: 3, kind: 'header', name: 'Authorization', action: 'stripped' }),
    record({ id: 2, site: 'other.test', host: 'api.other.test', url: 'http://api.other.test/x?key=[redacted]' }),
    record({ id: 1, host: 'nas.home.arpa', action: 'warned', exposed: true }),
  ];
  it.each([
    [{ site: 'other.test' }, [2]],
    [{ kind: 'header' }, [3]],
    [{ action: 'warned' }, [1]],
    [{ text: 'AUTHORIZATION' }, [3]],
    [{ text: 'api.other' }, [2]],
    [{ text: 'nas.home' }, [1]],
    [{ kind: 'query', action: 'blocked' }, [2]],
    [{ text: '   ' }, [3, 2, 1]],
  ])('%j finds %j', (filter, ids) => {
    expect(filterHistory(records, { ...NO_FILTER, ...filter }).map((r) => r.id)).toEqual(ids);
  });
});
