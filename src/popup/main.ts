/**
 * A minimal popup: is the protection in place, and what the guard did on this tab
 * (upgraded, stopped, exposed). The full popup (site status, history) replaces it later.
 */
import { browser } from '../platform/extension-api';
import { sendMessage } from '../messaging/client';

function text(key: string, substitutions?: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

async function render(): Promise<void> {
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = text(element.dataset.i18n ?? '');
  }
  const protection = document.getElementById('protection');
  const upgrades = document.getElementById('tab-upgrades');
  if (!protection || !upgrades) return;

  const status = await sendMessage('get-status', {});
  const healthy = status.rulesInPlace && status.warnings.length === 0;
  protection.dataset.state = healthy ? 'ok' : 'problem';
  protection.textContent = healthy ? text('protectionOn') : text('protectionProblem');

  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return;
  const stats = await sendMessage('get-tab-stats', { tabId: tab.id });
  const n = (value: number | undefined) => new Intl.NumberFormat().format(value ?? 0);
  upgrades.textContent = text('tabUpgrades', [n(stats?.upgraded)]);
  const guarded = document.getElementById('tab-guarded');
  if (guarded) guarded.textContent = text('tabGuarded', [n(stats?.blocked), n(stats?.stripped), n(stats?.held)]);
  const exposed = document.getElementById('tab-exposed');
  if (exposed && stats && stats.exposed > 0) {
    exposed.textContent = text('tabExposed', [n(stats.exposed)]);
    exposed.hidden = false;
  }
}

void render();
