/**
 * The explanatory page. Two situations, told apart by the fragment:
 * - "#failure": an upgraded navigation failed (no HTTPS, certificate, timeout, loop,
 *   proxy). The user can go back, continue over HTTP once (this tab, for a while), or
 *   always allow HTTP for the host; the URL's credentials are removed first. A failure on
 *   a host known to support HTTPS needs an extra confirmation. "Try HTTPS again" is
 *   always there; after a timeout the page keeps trying by itself and the tab goes on
 *   to the https site when it answers.
 * - otherwise: a navigation was blocked because its address carried a credential.
 * It shows only what the background kept (redacted), never the secret; all text comes
 * from _locales. Actions need a real click on the extension's own top-level page.
 */
import type { CredentialKind } from '../core/credentials/findings';
import { sendMessage } from '../messaging/client';
import type { BlockedNavigationView, FailedNavigationView } from '../messaging/protocol';
import { keyPart, t, uiLanguage } from '../ui/i18n';

const $ = (id: string) => document.getElementById(id);

function set(id: string, text: string): void {
  const element = $(id);
  if (element) element.textContent = text;
}

function show(id: string, visible = true): void {
  const element = $(id);
  if (element) element.hidden = !visible;
}

function listCredentials(credentials: { kind: CredentialKind; name: string }[]): void {
  set('credentials-label', t('labelCredentials'));
  show('credentials-label', credentials.length > 0);
  const list = $('credentials');
  for (const credential of credentials) {
    const item = document.createElement('li');
    item.dataset.kind = credential.kind;
    item.textContent = t(`kind_${keyPart(credential.kind)}`, [credential.name]);
    list?.append(item);
  }
}

function showDetails(host: string, url: string): void {
  set('host-label', t('labelHost'));
  set('host', host);
  set('url-label', t('labelUrl'));
  set('url', url);
  show('details');
}

function showBlocked(view: BlockedNavigationView): void {
  const texts = view.reason === 'http-auth' ? 'httpAuth' : 'blocked';
  set('title', t(`${texts}Title`));
  set('summary', t(`${texts}Summary`, [view.host]));
  showDetails(view.host, view.url);
  listCredentials(view.credentials);
  set('advice', t(`${texts}Advice`));
}

function wireContinue(failure: FailedNavigationView): void {
  const confirm = $('confirm-suspicious') as HTMLInputElement | null;
  const buttons = ['continue-once', 'always-allow', 'always-allow-logged-in'].map((id) => $(id) as HTMLButtonElement);
  const sync = () => buttons.forEach((b) => (b.disabled = failure.suspicious && !confirm?.checked));
  confirm?.addEventListener('change', sync);
  sync();
  for (const [button, scope, keepLoggedIn] of [
    [buttons[0], 'once', false],
    [buttons[1], 'always', false],
    [buttons[2], 'always', true],
  ] as const) {
    button?.addEventListener('click', async (event) => {
      if (!event.isTrusted) return; // only a person decides to go on over http
      const result = await sendMessage('continue-over-http', {
        scope,
        confirmSuspicious: Boolean(confirm?.checked),
        nonce: failureNonce(),
        keepLoggedIn,
      });
      if (result.ok) location.replace(result.url);
      else {
        set(
          'action-error',
          t(
            result.error === 'confirmation-needed'
              ? 'failureConfirmFirst'
              : result.error === 'locked'
                ? 'failureLocked'
                : 'failureGone',
          ),
        );
        show('action-error');
      }
    });
  }
}

/** Between the page's own retries after a timeout, and how long it keeps trying. */
const RETRY_PAUSE_MS = 2_000;
const AUTO_RETRY_FOR_MS = 120_000;

/**
 * "Try again" asks the background to try the address over HTTPS once more; when it
 * answers, the background takes the tab there. After a timeout the page keeps trying by
 * itself for a while (a slow site goes on without a click).
 */
function wireRetry(failure: FailedNavigationView): void {
  set('try-again', t('actionTryAgain'));
  show('try-again');
  let busy = false;
  const status = (state: 'trying' | 'failed' | 'answered' | 'gone' | 'gave-up' | 'waiting', text: string) => {
    set('retry-status', text);
    const element = $('retry-status');
    if (element) element.dataset.state = state;
    show('retry-status');
  };
  /** One attempt; true when there is nothing more to try (it answered, or the failure is gone). */
  const attempt = async (): Promise<boolean> => {
    if (busy) return false;
    busy = true;
    status('trying', t('failureRetrying'));
    const result = await sendMessage('retry-https', { nonce: failureNonce() });
    busy = false;
    if (result.ok) status('answered', t('failureRetryOk'));
    else if (result.error === 'no-failure') status('gone', t('failureGone'));
    else status('failed', t('failureRetryFailed'));
    return result.ok || result.error === 'no-failure';
  };
  $('try-again')?.addEventListener('click', (event) => {
    if (event.isTrusted) void attempt();
  });
  if (failure.reason !== 'timeout') return;
  status('waiting', t('failureStillTrying'));
  const started = Date.now();
  const keepTrying = async (): Promise<void> => {
    if (await attempt()) return;
    if (Date.now() - started < AUTO_RETRY_FOR_MS) setTimeout(() => void keepTrying(), RETRY_PAUSE_MS);
    else status('gave-up', t('failureRetryGaveUp'));
  };
  void keepTrying();
}

/**
 * A captive portal (the network wants a login first) fails the upgrade the same way a
 * broken site does: the background tells them apart, and for a portal the page offers
 * its login page in one click.
 */
async function offerPortal(failure: FailedNavigationView): Promise<void> {
  if (!['certificate', 'no-https', 'timeout'].includes(failure.reason)) return;
  const { suspected } = await sendMessage('portal-check', { nonce: failureNonce() });
  const box = $('portal');
  if (box) box.dataset.checked = String(suspected);
  if (!suspected) return;
  set('portal-hint', t('portalHint'));
  set('open-portal', t('actionOpenPortal'));
  show('portal');
  $('open-portal')?.addEventListener('click', async (event) => {
    if (!event.isTrusted) return;
    const result = await sendMessage('open-portal', { nonce: failureNonce() });
    if (result.ok) location.replace(result.url);
    else {
      set('action-error', t('failureGone'));
      show('action-error');
    }
  });
}

function showFailure(failure: FailedNavigationView): void {
  set('title', t(`failureTitle_${keyPart(failure.reason)}`));
  set('summary', t(`failureSummary_${keyPart(failure.reason)}`, [failure.host]));
  showDetails(failure.host, failure.url);
  listCredentials(failure.credentials);
  set('error-label', t('labelError'));
  show('error-label');
  set('error', failure.error);
  set(
    'advice',
    failure.credentials.length > 0 ? `${t('failureAdvice')} ${t('failureCredentialRemoved')}` : t('failureAdvice'),
  );
  if (failure.suspicious) {
    set('suspicious', t('failureSuspicious'));
    show('suspicious');
    set('confirm-label', t('failureConfirmLabel'));
    show('confirm-row');
  }
  set('continue-once', t('actionContinueOnce'));
  set('always-allow', t('actionAlwaysAllow'));
  set('always-allow-logged-in', t('actionAlwaysAllowLoggedIn'));
  set('logged-in-note', t('loggedInWarning'));
  show('continue-once');
  show('always-allow');
  show('always-allow-logged-in');
  show('logged-in-note');
  wireContinue(failure);
  wireRetry(failure);
  void offerPortal(failure);
}

/**
 * In a frame, the page around it could trick a click: explain, offer no way on over http
 * here, only opening the address in its own tab (where it fails again, top-level, and
 * the full choices appear).
 */
function showFramedFailure(failure: FailedNavigationView): void {
  set('title', t(`failureTitle_${keyPart(failure.reason)}`));
  set('summary', t(`failureSummary_${keyPart(failure.reason)}`, [failure.host]));
  show('go-back', false);
  const open = $('open-in-tab');
  set('open-in-tab', t('actionOpenInTab'));
  show('open-in-tab');
  open?.addEventListener('click', (event) => {
    if (event.isTrusted) window.open(failure.url, '_blank', 'noopener');
  });
}

/** The one-time nonce the background opened this page with ("#failure=<nonce>"). */
function failureNonce(): string {
  return /^#failure=([0-9a-f-]{36})$/.exec(location.hash)?.[1] ?? '';
}

async function main(): Promise<void> {
  document.documentElement.lang = uiLanguage();
  const isFailure = location.hash.startsWith('#failure');
  set('go-back', t('actionGoBack'));
  const back = $('go-back');
  // A failed navigation left its error page in the history: step over it.
  back?.addEventListener('click', () => (isFailure && history.length > 2 ? history.go(-2) : history.back()));
  back?.focus();
  const framed = window.top !== window;
  const main = $('main');
  if (isFailure) {
    const failure = await sendMessage('get-failed-navigation', { nonce: failureNonce() });
    if (main) main.dataset.state = failure ? `failure-${failure.reason}` : 'unknown';
    if (!failure) set('title', t('blockedUnknown'));
    else if (framed) showFramedFailure(failure);
    else showFailure(failure);
    return;
  }
  // Framed by a web page: nothing to show or click.
  if (framed) {
    set('title', t('extName'));
    return;
  }
  const view = await sendMessage('get-blocked-navigation', {});
  if (main)
    main.dataset.state = view ? (view.reason === 'http-auth' ? 'blocked-http-auth' : 'blocked-credential') : 'unknown';
  if (view) showBlocked(view);
  else set('title', t('blockedUnknown'));
}

void main();
