/**
 * Isolated-world content script, every frame of http(s) pages, from document_start.
 * - Password forms that would go to a cleartext host the policy guards are held: an
 *   in-page dialog asks before anything is sent; a confirmed submit is reported as sent
 *   at the user's request. Password fields on such pages carry a short warning.
 * - Relays refusals reported by the page-world guard (Chrome) to the background.
 * Only a trusted (real user) click can release a held password.
 */
import { sendContentMessage } from '../messaging/client';
import type { ReportedCredential } from '../messaging/protocol';
import { browser } from '../platform/extension-api';
import { PAGE_REPORT_EVENT, SUBMIT_REQUEST_EVENT, parsePageReport } from './page-report';

const t = (key: string, substitutions?: string[]) => browser.i18n.getMessage(key, substitutions) || key;
const MAX_REPORTS_PER_PAGE = 100;
let reports = 0;

function filledPasswords(form: HTMLFormElement): HTMLInputElement[] {
  return [...form.elements].filter(
    (e): e is HTMLInputElement => e instanceof HTMLInputElement && e.type === 'password' && e.value !== '',
  );
}

function actionOf(form: HTMLFormElement, submitter: HTMLElement | null): string {
  const override = submitter?.getAttribute('formaction');
  return new URL(override ?? form.getAttribute('action') ?? '', document.baseURI).href;
}

/**
 * Sends the form natively, without firing submit again (the page's handlers already ran).
 * This world's HTMLFormElement.prototype.submit is the browser's own, whatever the page
 * did to its copy. The submitter's name and value ride along in a hidden field.
 */
function submitNatively(form: HTMLFormElement, submitter: HTMLElement | null): void {
  const button = submitter as HTMLButtonElement | HTMLInputElement | null;
  if (button?.name) {
    const carrier = document.createElement('input');
    carrier.type = 'hidden';
    carrier.name = button.name;
    carrier.value = button.value;
    form.append(carrier);
  }
  HTMLFormElement.prototype.submit.call(form);
}

function credentialsOf(fields: HTMLInputElement[]): ReportedCredential[] {
  return fields.map((f, i) => ({
    kind: 'password-field',
    name: f.name || f.id || `password-${i + 1}`,
    value: f.value,
  }));
}

/** The in-page dialog, in its own shadow root so page styles cannot hide or restyle it. */
function showDialog(host: string, strict: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const container = document.createElement('cleartext-guard-dialog');
    const root = container.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>
      :host { all: initial; position: fixed; inset: 0; z-index: 2147483647; display: grid; place-items: center;
        background: rgba(0,0,0,.45); font: 15px/1.5 system-ui, sans-serif; }
      div { background: Canvas; color: CanvasText; max-width: 30rem; padding: 1.2rem 1.5rem; border-radius: 8px;
        border-top: 6px solid #cf222e; color-scheme: light dark; }
      h2 { margin: 0 0 .5rem; font-size: 1.15rem; } button { font: inherit; margin: .8rem .6rem 0 0; padding: .4rem 1rem; }
    </style><div role="alertdialog" aria-modal="true" aria-labelledby="t" aria-describedby="d">
      <h2 id="t"></h2><p id="d"></p><button data-action="dont-send"></button><button data-action="send-anyway"></button></div>`;
    const q = (s: string) => root.querySelector(s) as HTMLElement;
    q('#t').textContent = t('formHoldTitle');
    q('#d').textContent = t(strict ? 'formBlockedText' : 'formHoldText', [host]);
    q('[data-action="dont-send"]').textContent = t('formDontSend');
    const send = q('[data-action="send-anyway"]');
    send.textContent = t('formSendAnyway');
    if (strict) send.remove();
    const close = (answer: boolean) => (event: Event) => {
      if (!event.isTrusted) return; // a page script cannot release a password
      container.remove();
      resolve(answer);
    };
    q('[data-action="dont-send"]').addEventListener('click', close(false));
    send.addEventListener('click', close(true));
    document.documentElement.append(container);
    q('[data-action="dont-send"]').focus();
  });
}

async function guardSubmit(
  form: HTMLFormElement,
  submitter: HTMLElement | null,
  fields: HTMLInputElement[],
  actionUrl: string,
) {
  const { passwordAction } = await sendContentMessage('classify-url', { url: actionUrl });
  if (passwordAction !== 'held' && passwordAction !== 'blocked') {
    submitNatively(form, submitter); // upgraded, secure, allowed, or sent with a warning
    return;
  }
  const credentials = credentialsOf(fields);
  if (passwordAction === 'held') await sendContentMessage('password-form', { event: 'held', actionUrl, credentials });
  else await sendContentMessage('page-blocked', { url: actionUrl, credentials });
  const host = new URL(actionUrl).host;
  const confirmed = await showDialog(host, passwordAction === 'blocked');
  if (!confirmed) return;
  await sendContentMessage('password-form', { event: 'confirmed', actionUrl, credentials: credentialsOf(fields) });
  submitNatively(form, submitter);
}

/** A filled password form about to be sent to a cleartext address, or null. */
function cleartextPasswordSubmit(form: HTMLFormElement, submitter: HTMLElement | null) {
  const fields = filledPasswords(form);
  const actionUrl = actionOf(form, submitter);
  return fields.length > 0 && actionUrl.startsWith('http:') ? { fields, actionUrl } : null;
}

// Decide after the page's own handlers: a page that prevents the submit sends the form
// itself (fetch, XHR: the body guards cover those) and must not be overridden. The check
// runs last, on the way back up to the window.
window.addEventListener(
  'submit',
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const submitter = (event as SubmitEvent).submitter;
    if (!cleartextPasswordSubmit(form, submitter)) return;
    window.addEventListener(
      'submit',
      (late) => {
        if (late !== event || event.defaultPrevented) return;
        const pending = cleartextPasswordSubmit(form, submitter);
        if (!pending) return;
        event.preventDefault();
        void guardSubmit(form, submitter, pending.fields, pending.actionUrl);
      },
      { once: true },
    );
  },
  true,
);

// The page-world guard (Chrome) turns a script's form.submit() of such a form into this.
document.addEventListener(
  SUBMIT_REQUEST_EVENT,
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const pending = cleartextPasswordSubmit(form, null);
    if (pending) void guardSubmit(form, null, pending.fields, pending.actionUrl);
  },
  true,
);

function markPasswordFields(): void {
  for (const field of document.querySelectorAll<HTMLInputElement>(
    'input[type="password"]:not([data-cleartext-guard])',
  )) {
    field.dataset.cleartextGuard = 'warned';
    const note = document.createElement('cleartext-guard-note');
    const root = note.attachShadow({ mode: 'open' });
    root.innerHTML =
      '<style>:host{all:initial;display:block;font:12px/1.4 system-ui,sans-serif;color:#cf222e}</style><span role="note"></span>';
    (root.querySelector('span') as HTMLElement).textContent = `⚠ ${t('formWarning')}`;
    field.insertAdjacentElement('afterend', note);
  }
}

async function warnOnCleartextPage(): Promise<void> {
  if (location.protocol !== 'http:') return;
  const { passwordAction } = await sendContentMessage('classify-url', { url: location.href });
  if (passwordAction !== 'held' && passwordAction !== 'blocked') return;
  markPasswordFields();
  new MutationObserver(markPasswordFields).observe(document.documentElement, { childList: true, subtree: true });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void warnOnCleartextPage());
else void warnOnCleartextPage();

document.addEventListener(PAGE_REPORT_EVENT, (event) => {
  const report = parsePageReport((event as CustomEvent<unknown>).detail);
  if (!report || ++reports > MAX_REPORTS_PER_PAGE) return;
  void sendContentMessage('page-blocked', report);
});
