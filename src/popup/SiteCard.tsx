import { useState } from 'preact/hooks';
import type { TabStats } from '../core/tab-stats';
import { sendMessage } from '../messaging/client';
import { browser } from '../platform/extension-api';
import { formatNumber, formatTime, t } from '../ui/i18n';
import type { PopupState } from './Popup';

function Hsts({ stats }: { stats: TabStats | null }) {
  const policy = stats?.hsts;
  if (policy === undefined) return <p id="hsts">{t('hstsUnknown')}</p>;
  if (policy === null) return <p id="hsts">{t('hstsNone')}</p>;
  const parts = [
    policy.maxAge === null ? null : t('hstsMaxAge', [formatNumber(policy.maxAge)]),
    policy.includeSubDomains ? 'includeSubDomains' : null,
    policy.preload ? 'preload' : null,
  ].filter((p): p is string => p !== null);
  return <p id="hsts">{t('hstsSeen', [parts.join(', ')])}</p>;
}

export function SiteCard({ state, onChange }: { state: PopupState; onChange: () => Promise<void> }) {
  const [message, setMessage] = useState<string | null>(null);
  const { site, tabId } = state;
  if (!site || tabId === null) return <section class="panel">{t('siteNone')}</section>;
  const stats = site.stats;
  const exception = site.exception;
  const act = async (run: () => Promise<{ ok: boolean; error?: string }>) => {
    const result = await run();
    setMessage(result.ok ? null : t(`siteActionError_${result.error ?? 'no-site'}`));
    await onChange();
  };
  const counts: [string, number][] = [
    ['countUpgraded', stats?.upgraded ?? 0],
    ['countBlocked', stats?.blocked ?? 0],
    ['countStripped', stats?.stripped ?? 0],
    ['countHeld', stats?.held ?? 0],
    ['countCleartext', stats?.cleartext ?? 0],
    ['countExposed', stats?.exposed ?? 0],
  ];
  const locked = site.exceptionsLocked;
  return (
    <section class="panel" aria-labelledby="site-heading">
      <h2 id="site-heading">{site.host}</h2>
      <p id="site-how" data-how={site.how} class={site.how === 'upgraded' || site.how === 'https' ? 'ok' : 'warn'}>
        {t(`siteHow_${site.how}`)}
      </p>
      {exception && (
        <p id="site-exception">
          {t('siteException', [exception.pattern])}{' '}
          {exception.scope === 'until' && exception.expiresAt !== null
            ? t('scopeUntilTime', [formatTime(exception.expiresAt)])
            : t(`scope_${exception.scope}`)}
          {locked && <span class="locked">{t('managedLocked')}</span>}
        </p>
      )}
      <dl class="counts" id="site-counts">
        {counts.map(([key, value]) => (
          <div key={key} data-count={key}>
            <dt>{t(key)}</dt>
            <dd>{formatNumber(value)}</dd>
          </div>
        ))}
      </dl>
      <Hsts stats={stats} />
      {stats?.tls && <p id="tls">{t('tlsInfo', [stats.tls.protocol ?? '?', stats.tls.issuer ?? '?'])}</p>}
      {!state.hostPermission && (
        <div role="alert" class="warn" id="permission-warning">
          <p>{t('permissionMissing')}</p>
          <button
            type="button"
            onClick={() => void browser.permissions.request({ origins: ['<all_urls>'] }).then(() => onChange())}
          >
            {t('permissionGrant')}
          </button>
        </div>
      )}
      {site.how !== 'other' && (
        <div class="row" id="site-actions">
          {exception ? (
            <button
              type="button"
              id="remove-exception"
              disabled={locked}
              onClick={() => act(() => sendMessage('site-exception', { tabId, action: 'remove', scope: 'always' }))}
            >
              {t('actionRemoveException')}
            </button>
          ) : (
            <button
              type="button"
              id="allow-http"
              disabled={locked}
              onClick={() => act(() => sendMessage('site-exception', { tabId, action: 'add', scope: 'always' }))}
            >
              {t('actionAllowHttp')}
            </button>
          )}
          <button
            type="button"
            id="pause-tab"
            aria-pressed={site.paused}
            onClick={() => act(() => sendMessage('pause-tab', { tabId, paused: !site.paused }))}
          >
            {site.paused ? t('actionResumeTab') : t('actionPauseTab')}
          </button>
        </div>
      )}
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
