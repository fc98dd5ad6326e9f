import { useMemo, useState } from 'preact/hooks';
import {
  EXCEPTION_SCOPES,
  parseExceptionInput,
  type ExceptionInputError,
  type ExceptionRule,
  type ExceptionScope,
} from '../core/settings';
import { formatNumber, formatTime, keyPart, t } from '../ui/i18n';
import { VirtualList } from '../ui/VirtualList';
import { problemText, type SectionProps } from './section';

function errorMessage(e: ExceptionInputError): string {
  switch (e.code) {
    case 'duplicate':
      return t('patternError_duplicate', [e.pattern]);
    case 'public-suffix':
      return t('patternError_public_suffix', [e.pattern, e.suffix]);
    case 'too-many':
      return t('patternError_too_many', [formatNumber(e.limit)]);
    default:
      return t(`patternError_${keyPart(e.code)}`);
  }
}

function errorText(e: ExceptionInputError): string {
  const where = e.input === '' ? '' : t('inputLine', [formatNumber(e.line), e.input]);
  const what = errorMessage(e);
  return where ? `${where}: ${what}` : what;
}

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}

/** Add (one pattern or a paste of many), edit, expire and remove exceptions. */
export function ExceptionsSection({ view, save, isLocked }: SectionProps) {
  const locked = isLocked('exceptions');
  const [text, setText] = useState('');
  const [scope, setScope] = useState<ExceptionScope>('always');
  const [until, setUntil] = useState(toLocalInput(Date.now() + 3_600_000));
  const [allowCredentials, setAllowCredentials] = useState(false);
  const [editing, setEditing] = useState<ExceptionRule | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [added, setAdded] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const list = view.effective.exceptions;
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return needle === '' ? list : list.filter((e) => e.pattern.includes(needle));
  }, [list, search]);

  const submit = async () => {
    setAdded(null);
    const others = editing
      ? view.user.exceptions.filter((e) => e !== editing && e.pattern !== editing.pattern)
      : view.user.exceptions;
    const parsed = parseExceptionInput(text, others);
    if (!parsed.ok)
      return setErrors(
        parsed.errors
          .slice(0, 20)
          .map(errorText)
          .concat(parsed.errors.length > 20 ? [t('moreProblems', [formatNumber(parsed.errors.length - 20)])] : []),
      );
    let expiresAt: number | null = null;
    if (scope === 'until') {
      expiresAt = new Date(until).getTime();
      if (!Number.isFinite(expiresAt) || expiresAt <= Date.now()) return setErrors([t('untilInPast')]);
    }
    // Editing an exception for one site keeps it for that site.
    const onlyOn = editing?.onlyOn !== undefined ? { onlyOn: editing.onlyOn } : {};
    const rules = parsed.entries.map((entry) => ({
      pattern: entry.pattern,
      allowCredentials,
      scope,
      expiresAt,
      ...onlyOn,
    }));
    const problems = await save((u) => ({
      ...u,
      exceptions: [...u.exceptions.filter((e) => !editing || !sameException(e, editing)), ...rules],
    }));
    if (problems.length > 0) return setErrors(problems.map(problemText));
    setErrors([]);
    setText('');
    setEditing(null);
    const first = parsed.entries[0];
    setAdded(
      parsed.entries.length === 1 && first
        ? t('exceptionAdded', [first.display ? `${first.pattern} (${first.display})` : first.pattern])
        : t('exceptionsAdded', [formatNumber(parsed.entries.length)]),
    );
  };

  const edit = (rule: ExceptionRule) => {
    setEditing(rule);
    setText(rule.pattern);
    setScope(rule.scope);
    setAllowCredentials(rule.allowCredentials);
    if (rule.expiresAt !== null) setUntil(toLocalInput(rule.expiresAt));
    document.getElementById('exception-input')?.focus();
  };
  const remove = (rule: ExceptionRule) =>
    void save((u) => ({ ...u, exceptions: u.exceptions.filter((e) => !sameException(e, rule)) }));

  return (
    <fieldset id="exceptions">
      <legend>
        {t('exceptionsTitle')}
        {locked && <span class="locked">{t('managedLocked')}</span>}
      </legend>
      <p class="muted">{t('exceptionsHelp')}</p>
      <label for="exception-input">{editing ? t('exceptionEditing', [editing.pattern]) : t('exceptionInput')}</label>
      <textarea
        id="exception-input"
        rows={2}
        disabled={locked}
        value={text}
        aria-invalid={errors.length > 0}
        aria-describedby="exception-errors"
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="row">
        <label>
          {t('scopeLabel')}
          <select
            id="exception-scope"
            disabled={locked}
            value={scope}
            onChange={(e) => setScope(e.currentTarget.value as ExceptionScope)}
          >
            {EXCEPTION_SCOPES.map((s) => (
              <option key={s} value={s}>
                {t(`scope_${s}`)}
              </option>
            ))}
          </select>
        </label>
        {scope === 'until' && (
          <label>
            {t('untilLabel')}
            <input
              id="exception-until"
              step={1}
              type="datetime-local"
              disabled={locked}
              value={until}
              onInput={(e) => setUntil(e.currentTarget.value)}
            />
          </label>
        )}
        <label>
          <input
            id="exception-credentials"
            type="checkbox"
            disabled={locked}
            checked={allowCredentials}
            onChange={(e) => setAllowCredentials(e.currentTarget.checked)}
          />
          {t('allowCredentials')}
        </label>
        <button type="button" id="exception-add" disabled={locked} onClick={() => void submit()}>
          {editing ? t('save') : t('add')}
        </button>
        {editing && (
          <button type="button" onClick={() => (setEditing(null), setText(''))}>
            {t('cancel')}
          </button>
        )}
      </div>
      <div id="exception-errors" role="alert" class="error">
        {errors.map((e, i) => (
          <p key={i}>{e}</p>
        ))}
      </div>
      {added && (
        <p class="ok" role="status" id="exception-added">
          {added}
        </p>
      )}
      <div class="row">
        <label>
          {t('exceptionSearch')}
          <input id="exception-search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <span id="exception-count" class="muted" data-shown={shown.length} data-total={list.length}>
          {t('exceptionCount', [formatNumber(shown.length), formatNumber(list.length)])}
        </span>
      </div>
      <VirtualList
        id="exception-list"
        items={shown}
        rowHeight={40}
        height={Math.min(320, Math.max(80, shown.length * 40))}
        label={t('exceptionListLabel')}
        renderRow={(rule) => (
          <div class="exception-row" data-pattern={rule.pattern}>
            <code>{rule.pattern}</code>
            <span class="muted">
              {rule.scope === 'until' && rule.expiresAt !== null
                ? t('scopeUntilTime', [formatTime(rule.expiresAt)])
                : t(`scope_${rule.scope}`)}
              {rule.allowCredentials ? ` · ${t('credentialsAllowed')}` : ''}
              {rule.onlyOn !== undefined ? ` · ${t('onlyOnSite', [rule.onlyOn])}` : ''}
            </span>
            <button
              type="button"
              disabled={locked}
              data-action="edit"
              aria-label={t('editPattern', [rule.pattern])}
              onClick={() => edit(rule)}
            >
              {t('edit')}
            </button>
            <button
              type="button"
              disabled={locked}
              data-action="remove"
              aria-label={t('removePattern', [rule.pattern])}
              onClick={() => remove(rule)}
            >
              {t('remove')}
            </button>
          </div>
        )}
      />
    </fieldset>
  );
}

/** The same exception: its pattern, for everywhere or for the same one site. */
function sameException(a: ExceptionRule, b: ExceptionRule): boolean {
  return a.pattern === b.pattern && a.onlyOn === b.onlyOn;
}
