import { i18nApi } from '../../platform/extension-api';

const t = (key: string, substitutions?: string[]) => i18nApi.message(key, substitutions) || key;

/**
 * The in-page dialog that holds a submit, in its own closed shadow root: page styles
 * cannot hide or restyle it and page scripts cannot read or press it. Only a real
 * (trusted) click or key answers it: a page script cannot release a password.
 * `blocked`: the policy does not allow sending it at all.
 */
export function askBeforeSending(host: string, blocked: boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const container = document.createElement('cleartext-guard-dialog');
    const root = container.attachShadow({ mode: 'closed' });
    root.innerHTML = `<style>
      :host { all: initial; position: fixed; inset: 0; z-index: 2147483647; display: grid; place-items: center;
        background: rgba(0,0,0,.45); font: 15px/1.5 system-ui, sans-serif; }
      div { background: Canvas; color: CanvasText; max-width: min(30rem, calc(100vw - 2rem)); padding: 1.2rem 1.5rem;
        border-radius: 8px; border-top: 6px solid #cf222e; color-scheme: light dark; box-sizing: border-box; }
      h2 { margin: 0 0 .5rem; font-size: 1.15rem; } button { font: inherit; margin: .8rem .6rem 0 0; padding: .4rem 1rem; }
    </style><div role="alertdialog" aria-modal="true" aria-labelledby="t" aria-describedby="d">
      <h2 id="t"></h2><p id="d"></p><button data-action="dont-send"></button><button data-action="send-anyway"></button></div>`;
    const q = (s: string) => root.querySelector(s) as HTMLElement;
    q('#t').textContent = t('formHoldTitle');
    q('#d').textContent = t(blocked ? 'formBlockedText' : 'formHoldText', [host]);
    q('[data-action="dont-send"]').textContent = t('formDontSend');
    const send = q('[data-action="send-anyway"]');
    send.textContent = t('formSendAnyway');
    if (blocked) send.remove();
    const close = (answer: boolean) => (event: Event) => {
      if (!event.isTrusted) return;
      container.remove();
      resolve(answer);
    };
    q('[data-action="dont-send"]').addEventListener('click', close(false));
    send.addEventListener('click', close(true));
    document.documentElement.append(container);
    q('[data-action="dont-send"]').focus();
  });
}

/**
 * A short warning after a password field of a page that would send it in cleartext, in a
 * closed shadow root. Shown once the user is in the field (a trusted focus), so a page
 * learns nothing of the extension from its DOM until its user acts.
 */
export function warnNextTo(field: HTMLInputElement): void {
  const note = document.createElement('cleartext-guard-note');
  const root = note.attachShadow({ mode: 'closed' });
  root.innerHTML =
    '<style>:host{all:initial;display:block;font:12px/1.4 system-ui,sans-serif;color:#cf222e}</style><span role="note"></span>';
  (root.querySelector('span') as HTMLElement).textContent = `⚠ ${t('formWarning')}`;
  field.insertAdjacentElement('afterend', note);
}
