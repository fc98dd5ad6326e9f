import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { CREDENTIAL_KINDS } from '../core/credentials/findings';
import type { HistoryRecord } from '../core/history-record';
import { GUARD_ACTIONS } from '../core/policy';
import { CSV_EXPORT, JSON_EXPORT } from '../history/history-export';
import { NO_FILTER, type HistoryFilter, type HistoryView } from '../history/history-query';
import { formatNumber, formatTime, keyPart, t } from '../ui/i18n';
import { VirtualList } from '../ui/VirtualList';
import type { HistorySource } from './history-source';

/** Rows read at a time: the first screen (about 5 rows, 10 rendered) and some scrolling. */
const PAGE = 30;
const ROW_HEIGHT = 66;
/** Records read at a time for an export. */
const EXPORT_BATCH = 1000;

function Row({ record }: { record: HistoryRecord }) {
  return (
    <div class={`history-row${record.exposed ? ' exposed' : ''}`} data-action={record.action} data-kind={record.kind}>
      <div>
        <strong>{t(`action_${keyPart(record.action)}`)}</strong> · {t(`kindLabel_${keyPart(record.kind)}`)}{' '}
        <code>{record.name}</code> ·{' '}
        <time dateTime={new Date(record.time).toISOString()}>{formatTime(record.time)}</time>
      </div>
      <div>
        {record.exposed && <strong class="bad">{t('historyRotate')} · </strong>}
        {record.origin === 'page' && <span class="claim">{t('historyReportedByPage')} · </span>}
        {t('historySiteHost', [record.site || '—', record.host])}
      </div>
      <div class="url" title={record.url}>
        {record.url}
      </div>
    </div>
  );
}

/** One of the history's filters: "any" first, then the given [value, label] choices. */
function FilterSelect(props: {
  name: 'site' | 'kind' | 'action';
  value: string;
  onChange: (value: string) => void;
  options: [string, string][];
}) {
  const id = `filter-${props.name}`;
  const title = { site: 'Site', kind: 'Kind', action: 'Action' }[props.name];
  return (
    <>
      <label class="sr-only" for={id}>
        {t(`filter${title}`)}
      </label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t(`filterAny${title}`)}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </>
  );
}

/** Rows are read from the view a page at a time, and only pages near the rows in view are kept. */
interface Pages {
  view: HistoryView;
  loaded: Map<number, HistoryRecord[]>;
  reading: Set<number>;
}

/** Pages kept on either side of those in view. */
const KEEP_PAGES = 2;

/**
 * The blocked-leak history: newest first. Each filter gives a view (its count, and rows
 * read by the page as the list shows them): the newest rows by key while unfiltered, the
 * site, kind and action indexes and the search column otherwise (`history/history-view.ts`);
 * no more than a few pages of records are held. `source`: the persistent history
 * (IndexedDB, read straight from the popup), or a private session's.
 */
export function HistoryPanel({ source }: { source: () => Promise<HistorySource> }) {
  const [db, setDb] = useState<HistorySource | null>(null);
  const [filter, setFilter] = useState<HistoryFilter>(NO_FILTER);
  const [pages, setPages] = useState<Pages | null>(null);
  const [sites, setSites] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [exported, setExported] = useState<{ href: string; name: string } | null>(null);
  const generation = useRef(0);
  const current = useRef<Pages | null>(null);
  const range = useRef<[number, number]>([0, 0]);
  const prepared = useRef(false);

  useEffect(() => void source().then(setDb), [source]);

  /** Reads the pages that hold the rows in view (once each), and forgets those far from it. */
  const showRange = useCallback((first: number, last: number) => {
    range.current = [first, last];
    const shown = current.current;
    if (!shown) return;
    const from = Math.floor(first / PAGE);
    const to = Math.floor(Math.max(first, last - 1) / PAGE);
    for (const page of shown.loaded.keys()) {
      if (page < from - KEEP_PAGES || page > to + KEEP_PAGES) shown.loaded.delete(page);
    }
    for (let page = from; page <= to && page * PAGE < shown.view.total; page++) {
      if (shown.loaded.has(page) || shown.reading.has(page)) continue;
      shown.reading.add(page);
      void shown.view.rows(page * PAGE, PAGE).then(
        (rows) => {
          shown.reading.delete(page);
          if (current.current !== shown) return;
          shown.loaded.set(page, rows);
          setPages({ ...shown });
        },
        () => shown.reading.delete(page),
      );
    }
  }, []);

  async function reload(database: HistorySource, wanted: HistoryFilter) {
    const mine = ++generation.current;
    const started = performance.now();
    const view = await database.view(wanted);
    const firstPage = Math.floor(range.current[0] / PAGE);
    const rows = await view.rows(firstPage * PAGE, PAGE);
    if (mine !== generation.current) return;
    const shown: Pages = { view, loaded: new Map([[firstPage, rows]]), reading: new Set() };
    current.current = shown;
    setPages(shown);
    showRange(...range.current);
    // For the benchmark: how long this load took (a search's debounce excluded), and when
    // the first one was ready since the popup began to load.
    document.body.dataset.historyLoadMs = (performance.now() - started).toFixed(1);
    document.body.dataset.historyReadyAt ??= performance.now().toFixed(1);
    document.body.dataset.historyReady = String(mine);
    if (!prepared.current) {
      // The first rows are on screen: now the site list, and the search column if the
      // background has not finished it (it normally has).
      prepared.current = true;
      setTimeout(() => {
        void database.sites().then(setSites, () => undefined);
        void database.prepare().catch(() => undefined);
      }, 0);
    }
  }

  useEffect(() => {
    if (!db) return;
    const timer = setTimeout(() => void reload(db, filter), filter.text === '' ? 0 : 150);
    return () => clearTimeout(timer);
  }, [db, filter]);

  const exportAs = async (format: 'json' | 'csv') => {
    if (!db) return;
    const writer = format === 'json' ? JSON_EXPORT : CSV_EXPORT;
    const parts: BlobPart[] = [writer.start];
    let empty = true;
    for await (const batch of (await db.view(filter)).batches(EXPORT_BATCH)) {
      if (batch.length === 0) continue;
      parts.push(new Blob([writer.rows(batch, empty)]));
      empty = false;
    }
    parts.push(writer.end(empty));
    const type = format === 'json' ? 'application/json' : 'text/csv';
    if (exported) URL.revokeObjectURL(exported.href);
    const href = URL.createObjectURL(new Blob(parts, { type }));
    const name = `cleartext-guard-history.${format}`;
    setExported({ href, name });
    const link = document.createElement('a');
    link.href = href;
    link.download = name;
    link.click();
  };

  const set = (patch: Partial<HistoryFilter>) => setFilter((f) => ({ ...f, ...patch }));
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('historyTitle')}</h2>
      <div class="filters">
        <FilterSelect
          name="site"
          value={filter.site}
          onChange={(site) => set({ site })}
          options={sites.map((s) => [s, s || '—'])}
        />
        <FilterSelect
          name="kind"
          value={filter.kind}
          onChange={(kind) => set({ kind })}
          options={CREDENTIAL_KINDS.map((k) => [k, t(`kindLabel_${keyPart(k)}`)])}
        />
        <FilterSelect
          name="action"
          value={filter.action}
          onChange={(action) => set({ action })}
          options={GUARD_ACTIONS.map((a) => [a, t(`action_${keyPart(a)}`)])}
        />
        <label class="sr-only" for="filter-text">
          {t('filterText')}
        </label>
        <input
          id="filter-text"
          type="search"
          placeholder={t('filterText')}
          value={filter.text}
          onInput={(e) => set({ text: e.currentTarget.value })}
        />
      </div>
      <p id="history-count" role="status" aria-live="polite">
        {t('historyCount', [formatNumber(pages?.view.total ?? 0)])}
      </p>
      <VirtualList
        id="history-list"
        count={pages?.view.total ?? 0}
        itemAt={(i) => pages?.loaded.get(Math.floor(i / PAGE))?.[i % PAGE]}
        onRange={showRange}
        rowHeight={ROW_HEIGHT}
        height={300}
        label={t('historyListLabel')}
        renderRow={(record) => <Row record={record} />}
      />
      <div class="row" style={{ marginTop: '6px' }}>
        <button type="button" id="export-json" onClick={() => void exportAs('json')}>
          {t('exportJson')}
        </button>
        <button type="button" id="export-csv" onClick={() => void exportAs('csv')}>
          {t('exportCsv')}
        </button>
        {confirming ? (
          <span role="group" aria-label={t('clearConfirm')} class="row">
            <span>{t('clearConfirm')}</span>
            <button
              type="button"
              id="clear-confirm"
              onClick={() =>
                void db?.clear().then(() => {
                  setConfirming(false);
                  if (db) void reload(db, filter);
                })
              }
            >
              {t('clearYes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('clearNo')}
            </button>
          </span>
        ) : (
          <button type="button" id="clear-history" onClick={() => setConfirming(true)}>
            {t('clearHistory')}
          </button>
        )}
      </div>
      {exported && (
        <a id="export-link" class="sr-only" href={exported.href} download={exported.name}>
          {exported.name}
        </a>
      )}
    </section>
  );
}
