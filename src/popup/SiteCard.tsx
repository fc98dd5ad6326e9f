import { useEffect, useState } from 'preact/hooks';
import type { TabStats } from '../core/tab-stats';
import { sendMessage } from '../messaging/client';
import { hostPermission } from '../platform/extension-api';
import { formatNumber, formatTime, keyPart, t } from '../ui/i18n';
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

/**
 * A page on http by an exception whose host answers over HTTPS now: the exception is
 * offered for removal (asked once the popup is open; the site may take a moment).
 */
function HttpsNow(props: { tabId: number; locked: boolean; remove: () => Promise<void> }) {
  const [works, setWorks] = useState(false);
  useEffect(() => {
    void sendMessage('https-now', { tabId: props.tabId }).then((r) => {
      document.body.dataset.httpsNow = String(r.works);
      setWorks(r.works);
    });
  }, [props.tabId]);
  if (!works) return null;
  return (
    <p id="https-now" class="ok">
      {t('httpsNowNote')}{' '}
      <button type="button" id="remove-exception-https" disabled={props.locked} onClick={() => void props.remove()}>
        {t('actionRemoveNowHttps')}
      </button>
    </p>
  );
}

/**
 * Parts of the page whose upgrade failed, by host and reason, each allowed on this site in
 * one click; on an https page the browser upgrades its parts itself (mixed content), so
 * there it says so instead of offering what would not help.
 */
function FailedHosts(props: {
  stats: TabStats | null;
  site: string;
  pageOnHttps: boolean;
  locked: boolean;
  allow: (host: string) => Promise<void>;
}) {
  const hosts = props.stats?.failedHosts ?? [];
  if (hosts.length === 0) return null;
  return (
    <div id="failed-hosts">
      <h3>{t('failedHostsTitle')}</h3>
      <ul>
        {hosts.map((failed) => (
          <li key={failed.host} data-host={failed.host} data-reason={failed.reason}>
            <span class="host">{failed.host}</span>{' '}
            <span class="muted">
              {t(`failedReason_${keyPart(failed.reason)}`)} × {formatNumber(failed.count)}
            </span>{' '}
            {!props.pageOnHttps && (
              <button
                type="button"
                data-allow-host={failed.host}
                disabled={props.locked}
                onClick={() => void props.allow(failed.host)}
              >
                {t('actionAllowOnSite', [props.site])}
              </button>
            )}
          </li>
        ))}
      </ul>
      {props.pageOnHttps && (
        <p class="muted" id="failed-on-https">
          {t('failedOnHttpsPage')}
        </p>
      )}
    </div>
  );
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
    ['countFailed', stats?.failed ?? 0],
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
          {exception.allowCredentials && (
            <span class="warn" data-logged-in="true">
              {' · '}
              {t('credentialsAllowed')}
            </span>
          )}
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
          <button type="button" onClick={() => void hostPermission.request().then(() => onChange())}>
            {t('permissionGrant')}
          </button>
        </div>
      )}
      {exception && site.how === 'exception' && (
        <HttpsNow
          tabId={tabId}
          locked={locked}
          remove={() => act(() => sendMessage('site-exception', { tabId, action: 'remove', scope: 'always' }))}
        />
      )}
      <FailedHosts
        stats={stats}
        site={site.host}
        pageOnHttps={site.how === 'upgraded' || site.how === 'https'}
        locked={locked}
        allow={(host) => act(() => sendMessage('allow-on-site', { tabId, host }))}
      />
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
            <>
              <button
                type="button"
                id="allow-http"
                disabled={locked}
                onClick={() => act(() => sendMessage('site-exception', { tabId, action: 'add', scope: 'always' }))}
              >
                {t('actionAllowHttp')}
              </button>
              <button
                type="button"
                id="allow-http-logged-in"
                disabled={locked}
                title={t('loggedInWarning')}
                onClick={() =>
                  act(() =>
                    sendMessage('site-exception', { tabId, action: 'add', scope: 'always', keepLoggedIn: true }),
                  )
                }
              >
                {t('actionAllowHttpLoggedIn')}
              </button>
            </>
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
