import { useState } from 'preact/hooks';
import { exportSettings, importSettings, type SettingsProblem } from '../core/settings';
import { t } from '../ui/i18n';
import type { SectionProps } from './section';
import { Problems } from './ValueSections';

/** Export all settings as JSON; import a file, validated completely before anything changes. */
export function TransferSection({ view, save, onImported }: SectionProps & { onImported: () => void }) {
  const [problems, setProblems] = useState<SettingsProblem[]>([]);
  const [link, setLink] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const exportNow = () => {
    if (link) URL.revokeObjectURL(link);
    const href = URL.createObjectURL(new Blob([exportSettings(view.user)], { type: 'application/json' }));
    setLink(href);
    const a = document.createElement('a');
    a.href = href;
    a.download = 'cleartext-guard-settings.json';
    a.click();
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setDone(null);
    const result = importSettings(await file.text());
    if (!result.ok) return setProblems(result.problems);
    const refused = await save(() => result.settings);
    setProblems(refused);
    if (refused.length === 0) {
      setDone(t('importDone'));
      onImported();
    }
  };

  return (
    <fieldset id="transfer">
      <legend>{t('transferTitle')}</legend>
      <div class="row">
        <button type="button" id="export-settings" onClick={exportNow}>
          {t('exportSettings')}
        </button>
        <label>
          {t('importSettings')}
          <input
            type="file"
            id="import-settings"
            accept="application/json,.json"
            aria-describedby="import-errors"
            onChange={(e) => void importFile(e.currentTarget.files?.[0])}
          />
        </label>
      </div>
      {link && (
        <a id="export-settings-link" class="sr-only" href={link} download="cleartext-guard-settings.json">
          cleartext-guard-settings.json
        </a>
      )}
      {problems.length > 0 && <p class="error">{t('importRejected')}</p>}
      <Problems id="import-errors" problems={problems} />
      {done && (
        <p class="ok" role="status" id="import-done">
          {done}
        </p>
      )}
    </fieldset>
  );
}
