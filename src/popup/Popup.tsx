import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '../messaging/client';
import type { GuardStatus, SettingsView, SiteStatus } from '../messaging/protocol';
import { hostPermission, popupTabs, runtimeInfo } from '../platform/extension-api';
import { t } from '../ui/i18n';
import { HistoryPanel } from './HistoryPanel';
import { persistentHistory, privateHistory, type HistorySource } from './history-source';
import { SiteCard } from './SiteCard';

/** The tab the popup describes: the active one, or `?tabId=` when opened in a tab of its own. */
async function targetTabId(): Promise<number | null> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  return popupTabs.activeId();
}

export interface PopupState {
  tabId: number | null;
  /** The tab is in a private window. */
  privateTab: boolean;
  status: GuardStatus;
  site: SiteStatus | null;
  settings: SettingsView;
  hostPermission: boolean;
}

async function load(): Promise<PopupState> {
  const tabId = await targetTabId();
  const [status, site, settings, hostPermissionGranted, tabIsPrivate] = await Promise.all([
    sendMessage('get-status', {}),
    tabId === null ? Promise.resolve(null) : sendMessage('get-site-status', { tabId }),
    sendMessage('get-settings', {}),
    hostPermission.granted(),
    tabId === null ? Promise.resolve(false) : popupTabs.isPrivate(tabId),
  ]);
  const privateTab = runtimeInfo.inPrivateInstance || tabIsPrivate;
  return { tabId, privateTab, status, site, settings, hostPermission: hostPermissionGranted };
}

/**
 * A private window's history: Chrome's private instance has a database of its own that
 * lives in memory; where one instance serves both (Firefox), the background keeps it.
 */
const privateSession = async (): Promise<HistorySource> => privateHistory();
function historySourceFor(privateTab: boolean): () => Promise<HistorySource> {
  return privateTab && !runtimeInfo.inPrivateInstance ? privateSession : persistentHistory;
}

/** What is wrong, in the background's (and the browser's) own words, and what still holds. */
function ProtectionProblems({ status }: { status: GuardStatus }) {
  return (
    <div id="protection-problems" class="warn">
      {status.baselineEnabled && <p>{t('protectionBaselineHolds')}</p>}
      {status.warnings.length > 0 && (
        <>
          <p>{t('protectionDetails')}</p>
          <ul>
            {status.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export function Popup() {
  const [state, setState] = useState<PopupState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = () => load().then(setState, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  useEffect(() => void reload(), []);

  const healthy = state && state.status.rulesInPlace && state.status.warnings.length === 0;
  return (
    <main>
      <h1>{t('extName')}</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {state && (
        <p id="protection" role="status" class={healthy ? 'ok' : 'warn'} data-state={healthy ? 'ok' : 'problem'}>
          {healthy ? t('protectionOn') : t('protectionProblem')}
          {' · '}
          {t(`mode_${state.settings.effective.mode}`)}
          {state.settings.locked.includes('mode') && <span class="locked">{t('managedLocked')}</span>}
        </p>
      )}
      {state && !healthy && <ProtectionProblems status={state.status} />}
      {state?.privateTab && (
        <p id="private-window" class="note">
          {t('privateWindowNote')}
        </p>
      )}
      {state && <SiteCard state={state} onChange={reload} />}
      {state && <HistoryPanel source={historySourceFor(state.privateTab)} />}
    </main>
  );
}
