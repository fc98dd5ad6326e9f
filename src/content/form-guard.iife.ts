/**
 * Isolated-world content script, every frame of http(s) pages, from document_start.
 * - Form submissions that would carry a password (also one a "show password" toggle
 *   made visible) or a secret field to a cleartext host the policy guards are held or
 *   blocked (isolated/submit-guard.ts); password fields on such pages carry a warning.
 * - Relays what the page-world guard stopped to the background, and tells the page world
 *   whether this document is guarded (watch mode, a paused tab: not).
 */
import { sendContentMessage } from '../messaging/client';
import { localStorageArea } from '../platform/extension-api';
import { LOCAL_KEYS } from '../storage/keys';
import { warnNextTo } from './isolated/hold-dialog';
import { isPasswordLike } from './isolated/sensitive-fields';
import { guardScriptedSubmit, guardSubmits } from './isolated/submit-guard';
import {
  PAGE_POLICY_EVENT,
  PAGE_REPORT_EVENT,
  SUBMIT_REQUEST_EVENT,
  parsePagePolicy,
  parsePageReport,
  type PagePolicy,
} from './page-report';

const MAX_REPORTS_PER_PAGE = 100;
let reports = 0;

guardSubmits();
document.addEventListener(SUBMIT_REQUEST_EVENT, guardScriptedSubmit, true);

document.addEventListener(PAGE_REPORT_EVENT, (event) => {
  const report = parsePageReport((event as CustomEvent<unknown>).detail);
  if (!report || ++reports > MAX_REPORTS_PER_PAGE) return;
  void sendContentMessage('page-blocked', { ...report, from: 'page-world' });
});

/**
 * The page world's policy: the background keeps the global part in storage.local (read
 * here without waking it); only while some tab is paused does this document ask whether
 * it is in one. A page on http (its host allowed cleartext) also learns what the policy
 * does with its own host's bodies and headers (warn, or an exception that allows
 * credentials: nothing), and its password fields get a warning where a submit is held.
 */
async function tellPagePolicy(): Promise<void> {
  const stored = await localStorageArea.get(LOCAL_KEYS.pagePolicy);
  const global = parsePagePolicy(JSON.stringify(stored ?? null)) ?? { passive: false, guardLocal: false };
  const anyPaused = (stored as { anyPaused?: unknown } | undefined)?.anyPaused === true;
  // The global part at once (a local read): the page's own scripts may already be sending,
  // and what this document's host gets (asked of the background) can follow.
  tell(global);
  let policy: PagePolicy = anyPaused && !global.passive ? await sendContentMessage('page-policy', {}) : global;
  if (location.protocol === 'http:' && !policy.passive) {
    const { actions } = await sendContentMessage('classify-submit', {
      url: location.href,
      kinds: ['password-field', 'body-field', 'header'],
    });
    policy = {
      ...policy,
      ownHost: { bodies: actions['body-field'] === 'blocked', headers: actions.header === 'stripped' },
    };
    const password = actions['password-field'];
    if (password === 'held' || password === 'blocked') warnAtPasswordFields();
  }
  if (policy !== global) tell(policy);
}

/** Tells the page world its policy, unless it is the one the page world starts with. */
function tell(policy: PagePolicy): void {
  const asStarted =
    !policy.passive &&
    !policy.guardLocal &&
    policy.upgradeSpecial !== true &&
    policy.ownHost?.bodies !== false &&
    policy.ownHost?.headers !== false;
  if (asStarted) return;
  document.dispatchEvent(new CustomEvent(PAGE_POLICY_EVENT, { detail: JSON.stringify(policy) }));
}
// The page-world guard runs on http pages only (and their about:blank and srcdoc frames,
// which inherit an http origin; vite.config.ts): nothing to tell elsewhere.
if (globalThis.origin.startsWith('http:')) void tellPagePolicy();

const warned = new WeakSet<HTMLInputElement>();

/** The warning appears next to a password field when the user goes into it (a trusted focus). */
function warnAtPasswordFields(): void {
  document.addEventListener(
    'focusin',
    (event) => {
      const field = event.target;
      if (!event.isTrusted || !(field instanceof HTMLInputElement) || warned.has(field)) return;
      if (!isPasswordLike(field)) return;
      warned.add(field);
      warnNextTo(field);
    },
    true,
  );
}
