import { useEffect, useRef, useState } from 'preact/hooks';
import { CREDENTIAL_KINDS } from '../core/credentials/findings';
import type { HistoryRecord } from '../core/history-record';
import { GUARD_ACTIONS } from '../core/policy';
import { historyToCsv, historyToJson } from '../history/history-export';
import { NO_FILTER, filterHistory, isUnfiltered, type HistoryFilter } from '../history/history-query';
import { formatNumber, formatTime, keyPart, t } from '../ui/i18n';
import { VirtualList } from '../ui/VirtualList';
import type { HistorySource } from './history-source';

const PAGE = 200;
const ROW_HEIGHT = 66;

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

/**
 * The blocked-leak history: newest first, paged by key while unfiltered; filters and
 * search over one read of every record, in memory. `source`: the persistent history
 * (IndexedDB, read straight from the popup), or a private session's.
 */
export function HistoryPanel({ source }: { source: () => Promise<HistorySource> }) {
  const [db, setDb] = useState<HistorySource | null>(null);
  const [filter, setFilter] = useState<HistoryFilter>(NO_FILTER);
  const [records, setRecords] = useState<HistoryRecord[]>([]);
  const [total, setTotal] = useState(0);
  const [sites, setSites] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [exported, setExported] = useState<{ href: string; name: string } | null>(null);
  const loadingMore = useRef(false);
  const generation = useRef(0);
  // Every record, read once (by key, newest first) for searching and exporting in memory:
  // started shortly after the first page shows, so a search rarely waits for it.
  const everything = useRef<Promise<HistoryRecord[]> | null>(null);
  const loadAll = (database: HistorySource) => (everything.current ??= database.all());

  useEffect(() => void source().then(setDb), [source]);

  async function reload(database: HistorySource, wanted: HistoryFilter) {
    const mine = ++generation.current;
    if (isUnfiltered(wanted)) {
      const [count, page] = await Promise.all([database.count(), database.latestPage(PAGE)]);
      if (mine !== generation.current) return;
      setTotal(count);
      setRecords(page);
      setTimeout(() => void loadAll(database), 300);
    } else {
      const found = filterHistory(await loadAll(database), wanted);
      if (mine !== generation.current) return;
      setTotal(found.length);
      setRecords(found);
    }
    document.body.dataset.historyReady = String(mine);
  }

  useEffect(() => {
    if (!db) return;
    const timer = setTimeout(() => void reload(db, filter), filter.text === '' ? 0 : 150);
    return () => clearTimeout(timer);
  }, [db, filter]);
  useEffect(() => void (db && db.sites().then(setSites)), [db]);

  const loadMore = () => {
    if (!db || loadingMore.current || !isUnfiltered(filter) || records.length >= total) return;
    loadingMore.current = true;
    const last = records.at(-1)?.id;
    void db.latestPage(PAGE, last).then((page) => {
      setRecords((current) => [...current, ...page]);
      loadingMore.current = false;
    });
  };

  const exportAs = async (format: 'json' | 'csv') => {
    if (!db) return;
    const all = filterHistory(await loadAll(db), filter);
    const text = format === 'json' ? historyToJson(all) : historyToCsv(all);
    const type = format === 'json' ? 'application/json' : 'text/csv';
    if (exported) URL.revokeObjectURL(exported.href);
    const href = URL.createObjectURL(new Blob([text], { type }));
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
        {t('historyCount', [formatNumber(total)])}
      </p>
      <VirtualList
        id="history-list"
        items={records}
        rowHeight={ROW_HEIGHT}
        height={300}
        label={t('historyListLabel')}
        renderRow={(record) => <Row record={record} />}
        onNearEnd={loadMore}
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
                  everything.current = null;
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
