import type { Settings } from '../core/settings';
import type { ContinueResult } from '../messaging/protocol';
import type { SettingsStore } from './settings-store';
import type { FailedNavigationsStore } from './failed-navigations';
import type { PrivateExceptions } from './private-session';
import type { TabExceptionsStore } from './tab-exceptions-store';

/**
 * The explanatory page's two ways on over http, for the host that failed in that tab
 * only (a web page cannot name another host: the background knows which one failed).
 * "once": an exception for this host in this tab that expires on its own.
 * "always": a permanent exception in the settings (editable in the options); from a
 * private window, one that ends with the private session (private-session.ts). With
 * `keepLoggedIn`, it lets the site's cookies and logins through too (recorded as exposed).
 * The page then goes to the failed URL with its credentials already removed.
 */
export async function continueOverHttp(
  request: {
    tabId: number;
    privateTab: boolean;
    scope: 'once' | 'always';
    confirmSuspicious: boolean;
    nonce: string;
    keepLoggedIn?: boolean;
  },
  deps: {
    failed: FailedNavigationsStore;
    tabExceptions: TabExceptionsStore;
    store: SettingsStore;
    settings: () => Promise<Settings>;
    applyRules: () => Promise<void>;
    /** Exceptions chosen in a private window: they end with the private session. */
    privateExceptions: PrivateExceptions;
  },
): Promise<ContinueResult> {
  const failure = await deps.failed.view(request.tabId, 0, request.nonce);
  if (!failure) return { ok: false, error: 'no-failure' };
  if (failure.suspicious && !request.confirmSuspicious) return { ok: false, error: 'confirmation-needed' };
  const { user, locked } = await deps.store.read();
  if (request.scope === 'always' && locked.includes('exceptions')) return { ok: false, error: 'locked' };
  // Consumed by the choice: the explanatory page cannot offer it again.
  const chosen = await deps.failed.take(request.tabId, request.nonce);
  if (!chosen) return { ok: false, error: 'no-failure' };
  if (request.scope === 'once') {
    const seconds = (await deps.settings()).continueOnceSeconds;
    await deps.tabExceptions.add({ tabId: request.tabId, host: failure.host, expiresAt: Date.now() + seconds * 1000 });
  } else {
    // From a private window it lasts the private session only: nothing of it is kept.
    const scope = request.privateTab ? 'session' : 'always';
    if (request.privateTab) await deps.privateExceptions.ready();
    const exceptions = user.exceptions.filter((e) => e.pattern !== failure.host);
    exceptions.push({ pattern: failure.host, allowCredentials: request.keepLoggedIn === true, scope, expiresAt: null });
    await deps.store.save({ ...user, exceptions });
    if (request.privateTab) await deps.privateExceptions.note(failure.host);
  }
  await deps.applyRules();
  return { ok: true, url: chosen.continueUrl };
}
