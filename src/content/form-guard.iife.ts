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
import { PAGE_REPORT_EVENT, parsePageReport } from './page-report';

const t = (key: string, substitutions?: string[]) => browser.i18n.getMessage(key, substitutions) || key;
const released = new WeakSet<HTMLFormElement>();
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

function resubmit(form: HTMLFormElement, submitter: HTMLElement | null): void {
  released.add(form);
  if (submitter && (submitter as HTMLButtonElement).form === form) form.requestSubmit(submitter);
  else form.requestSubmit();
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
    resubmit(form, submitter); // upgraded, secure, allowed, or sent with a warning
    return;
  }
  const credentials = credentialsOf(fields);
  if (passwordAction === 'held') await sendContentMessage('password-form', { event: 'held', actionUrl, credentials });
  else await sendContentMessage('page-blocked', { url: actionUrl, credentials });
  const host = new URL(actionUrl).host;
  const confirmed = await showDialog(host, passwordAction === 'blocked');
  if (!confirmed) return;
  await sendContentMessage('password-form', { event: 'confirmed', actionUrl, credentials: credentialsOf(fields) });
  resubmit(form, submitter);
}

window.addEventListener(
  'submit',
  (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (released.delete(form)) return;
    const fields = filledPasswords(form);
    const submitter = (event as SubmitEvent).submitter;
    const actionUrl = actionOf(form, submitter);
    if (fields.length === 0 || !actionUrl.startsWith('http:')) return;
    event.preventDefault();
    void guardSubmit(form, submitter, fields, actionUrl);
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
