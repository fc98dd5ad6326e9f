/**
 * The explanatory page that replaces a navigation Cleartext Guard stopped. It shows only
 * what the background kept (redacted): never the secret. Text from _locales.
 */
import { sendMessage } from '../messaging/client';
import type { BlockedNavigationView } from '../messaging/protocol';
import { browser } from '../platform/extension-api';

const t = (key: string, substitutions?: string[]) => browser.i18n.getMessage(key, substitutions) || key;

function set(id: string, text: string): void {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
}

function showBlocked(view: BlockedNavigationView): void {
  set('title', t('blockedTitle'));
  set('summary', t('blockedSummary', [view.host]));
  set('host-label', t('labelHost'));
  set('host', view.host);
  set('url-label', t('labelUrl'));
  set('url', view.url);
  set('credentials-label', t('labelCredentials'));
  const list = document.getElementById('credentials');
  for (const credential of view.credentials) {
    const item = document.createElement('li');
    item.dataset.kind = credential.kind;
    item.textContent = t(`kind_${credential.kind.replace('-', '_')}`, [credential.name]);
    list?.append(item);
  }
  document.getElementById('details')?.removeAttribute('hidden');
  set('advice', t('blockedAdvice'));
}

async function main(): Promise<void> {
  document.documentElement.lang = browser.i18n.getUILanguage();
  set('go-back', t('actionGoBack'));
  const back = document.getElementById('go-back');
  back?.addEventListener('click', () => history.back());
  back?.focus();
  // Framed by a web page: show nothing it could read or click for the user.
  if (window.top !== window) {
    set('title', t('extName'));
    return;
  }
  const view = await sendMessage('get-blocked-navigation', {});
  const main = document.getElementById('main');
  if (main) main.dataset.state = view ? 'blocked-credential' : 'unknown';
  if (view) showBlocked(view);
  else set('title', t('blockedUnknown'));
}

void main();
