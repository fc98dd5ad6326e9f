import { useState } from 'preact/hooks';
import { NUMBER_RANGES, readSettings, type NumberSetting, type SettingsProblem } from '../core/settings';
import { formatNumber, t } from '../ui/i18n';
import { problemText, type SectionProps } from './section';

function Problems({ id, problems }: { id: string; problems: SettingsProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div id={id} class="error" role="alert">
      {problems.slice(0, 20).map((p, i) => (
        <p key={i}>{problemText(p)}</p>
      ))}
      {problems.length > 20 && <p>{t('moreProblems', [formatNumber(problems.length - 20)])}</p>}
    </div>
  );
}
export { Problems };

export function SecretNamesSection({ view, save, isLocked }: SectionProps) {
  const [text, setText] = useState(view.effective.secretParamNames.join('\n'));
  const [problems, setProblems] = useState<SettingsProblem[]>([]);
  const submit = async () => {
    const names = text
      .split(/[\n,]/)
      .map((n) => n.trim())
      .filter((n) => n !== '');
    const checked = readSettings({ secretParamNames: names }).problems;
    if (checked.length > 0) return setProblems(checked);
    setProblems(await save((u) => ({ ...u, secretParamNames: names })));
  };
  return (
    <fieldset id="secret-names" disabled={isLocked('secretParamNames')}>
      <legend>{t('secretNamesTitle')}</legend>
      <label for="secret-names-input" class="muted">
        {t('secretNamesHelp')}
      </label>
      <textarea
        id="secret-names-input"
        rows={4}
        value={text}
        aria-invalid={problems.length > 0}
        aria-describedby="secret-names-errors"
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <Problems id="secret-names-errors" problems={problems} />
      <button type="button" id="secret-names-save" onClick={() => void submit()}>
        {t('save')}
      </button>
    </fieldset>
  );
}

const NUMBER_FIELDS: NumberSetting[] = [
  'failureTimeoutSeconds',
  'continueOnceSeconds',
  'historyCap',
  'historyMaxAgeDays',
];

export function NumbersSection({ view, save }: SectionProps) {
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(NUMBER_FIELDS.map((k) => [k, String(view.effective[k])])),
  );
  const [problems, setProblems] = useState<Record<string, SettingsProblem[]>>({});
  const submit = async (key: NumberSetting) => {
    const raw = values[key] ?? '';
    const value = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
    const checked = readSettings({ [key]: value }).problems;
    setProblems((p) => ({ ...p, [key]: checked }));
    if (checked.length > 0) return;
    const refused = await save((u) => ({ ...u, [key]: value }));
    setProblems((p) => ({ ...p, [key]: refused }));
  };
  return (
    <fieldset id="numbers">
      <legend>{t('numbersTitle')}</legend>
      <div class="grid">
        {NUMBER_FIELDS.map((key) => (
          <>
            <label for={`number-${key}`}>
              {t(`number_${key}`)}{' '}
              <span class="muted">
                ({formatNumber(NUMBER_RANGES[key].min)}–{formatNumber(NUMBER_RANGES[key].max)})
              </span>
            </label>
            <div>
              <input
                id={`number-${key}`}
                inputMode="numeric"
                value={values[key]}
                aria-invalid={(problems[key]?.length ?? 0) > 0}
                aria-describedby={`number-${key}-errors`}
                onInput={(e) => setValues((v) => ({ ...v, [key]: e.currentTarget.value }))}
                onChange={() => void submit(key)}
              />
              <Problems id={`number-${key}-errors`} problems={problems[key] ?? []} />
            </div>
          </>
        ))}
      </div>
    </fieldset>
  );
}
