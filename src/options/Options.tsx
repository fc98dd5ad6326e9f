import { useEffect, useState } from 'preact/hooks';
import { CREDENTIAL_KINDS } from '../core/credentials/findings';
import {
  KIND_POLICY_CHOICES,
  LOCAL_CREDENTIAL_POLICIES,
  MODES,
  type ManagedKey,
  type Settings,
} from '../core/settings';
import { sendMessage } from '../messaging/client';
import type { SettingsView } from '../messaging/protocol';
import { formatNumber, keyPart, t } from '../ui/i18n';
import { ExceptionsSection } from './ExceptionsSection';
import { problemText, type SectionProps } from './section';
import { NumbersSection, SecretNamesSection } from './ValueSections';
import { TransferSection } from './TransferSection';

/** The options page: every setting, each change validated and applied at once. */
export function Options() {
  const [view, setView] = useState<SettingsView | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // An import replaces everything: the sections that keep a draft start again from it.
  const [imports, setImports] = useState(0);
  const reload = () => sendMessage('get-settings', {}).then(setView);
  useEffect(() => void reload(), []);
  if (!view) return <main aria-busy="true" />;

  const save: SectionProps['save'] = async (change) => {
    const result = await sendMessage('save-settings', { settings: change(view.user) });
    await reload();
    if (!result.ok) return result.problems;
    setSaved(t('saved'));
    document.body.dataset.saves = String(Number(document.body.dataset.saves ?? 0) + 1);
    return [];
  };
  const isLocked = (key: ManagedKey) => view.locked.includes(key);
  const props: SectionProps = { view, save, isLocked };
  const { effective } = view;
  const lockedHint = (key: ManagedKey) => (isLocked(key) ? <span class="locked">{t('managedLocked')}</span> : null);

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <p id="sync-status" role="status" class={view.sync.error || view.sync.localOnly > 0 ? 'warn' : 'muted'}>
        {view.sync.error
          ? t('syncFailed', [view.sync.error])
          : view.sync.localOnly > 0
            ? t('syncPartial', [formatNumber(view.sync.synced), formatNumber(view.sync.localOnly)])
            : t('syncOk')}
      </p>
      {view.locked.length > 0 && (
        <p id="managed-note" class="warn">
          {t('managedNote')}
        </p>
      )}
      {view.problems.length > 0 && (
        <ul id="settings-problems" class="warn">
          {view.problems.map((p, i) => (
            <li key={i}>{problemText(p)}</li>
          ))}
        </ul>
      )}
      <p role="status" aria-live="polite" class="ok" id="save-status">
        {saved}
      </p>

      <fieldset id="mode" disabled={isLocked('mode')}>
        <legend>
          {t('modeTitle')}
          {lockedHint('mode')}
        </legend>
        {MODES.map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="mode"
              value={mode}
              checked={effective.mode === mode}
              onChange={() => void save((u) => ({ ...u, mode }))}
            />
            {t(`mode_${mode}`)} <span class="muted">{t(`modeHelp_${mode}`)}</span>
          </label>
        ))}
      </fieldset>

      <ExceptionsSection key={`exceptions-${imports}`} {...props} />

      <fieldset id="local-network">
        <legend>{t('localTitle')}</legend>
        <label>
          <input
            type="checkbox"
            id="upgrade-local"
            disabled={isLocked('upgradeLocalNetwork')}
            checked={effective.upgradeLocalNetwork}
            onChange={(e) => void save((u) => ({ ...u, upgradeLocalNetwork: e.currentTarget.checked }))}
          />
          {t('localUpgrade')}
          {lockedHint('upgradeLocalNetwork')}
        </label>
        <label>
          {t('localCredentials')}
          <select
            id="local-credentials"
            disabled={isLocked('localNetworkCredentials')}
            value={effective.localNetworkCredentials}
            onChange={(e) =>
              void save((u) => ({
                ...u,
                localNetworkCredentials: e.currentTarget.value as Settings['localNetworkCredentials'],
              }))
            }
          >
            {LOCAL_CREDENTIAL_POLICIES.map((p) => (
              <option key={p} value={p}>
                {t(`policy_${p}`)}
              </option>
            ))}
          </select>
          {lockedHint('localNetworkCredentials')}
        </label>
        <label>
          <input
            type="checkbox"
            id="upgrade-special"
            disabled={isLocked('upgradeSpecialUseNames')}
            checked={effective.upgradeSpecialUseNames}
            onChange={(e) => void save((u) => ({ ...u, upgradeSpecialUseNames: e.currentTarget.checked }))}
          />
          {t('specialUpgrade')}
          {lockedHint('upgradeSpecialUseNames')}
        </label>
      </fieldset>

      <fieldset id="credential-policy" disabled={isLocked('credentialPolicy')}>
        <legend>
          {t('credentialPolicyTitle')}
          {lockedHint('credentialPolicy')}
        </legend>
        <p class="muted">{t('credentialPolicyHelp')}</p>
        <div class="grid">
          {CREDENTIAL_KINDS.map((kind) => (
            <>
              <label for={`policy-${kind}`}>{t(`kindLabel_${keyPart(kind)}`)}</label>
              <select
                id={`policy-${kind}`}
                value={effective.credentialPolicy[kind]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  void save((u) => ({ ...u, credentialPolicy: { ...u.credentialPolicy, [kind]: value } }));
                }}
              >
                {KIND_POLICY_CHOICES[kind].map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`policy_${choice}`)}
                  </option>
                ))}
              </select>
            </>
          ))}
        </div>
      </fieldset>

      <SecretNamesSection key={`names-${imports}`} {...props} />
      <NumbersSection key={`numbers-${imports}`} {...props} />
      <TransferSection {...props} onImported={() => setImports((n) => n + 1)} />
    </main>
  );
}
