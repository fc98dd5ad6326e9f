import type { ReportedCredential } from '../../messaging/protocol';
import { sendContentMessage } from '../../messaging/client';
import { askBeforeSending } from './hold-dialog';
import { sensitiveFields, type SensitiveFields } from './sensitive-fields';

/**
 * Holds or blocks a form submission that would carry a password or a secret field to a
 * cleartext host the policy guards (the background decides, with this tab's own
 * exceptions: "continue over HTTP once" counts like any exception). A held password is
 * sent only after a real click on "Send anyway", and recorded as sent at the user's
 * request; a blocked one is not sent. Anything else goes as the page asked.
 */
const nativeSubmit = HTMLFormElement.prototype.submit;

/** The submitter's form* attributes override the form's own for this submission. */
const OVERRIDES = [
  ['formaction', 'action'],
  ['formmethod', 'method'],
  ['formenctype', 'enctype'],
  ['formtarget', 'target'],
] as const;

function actionOf(form: HTMLFormElement, submitter: HTMLElement | null): string {
  const override = submitter?.getAttribute('formaction');
  return new URL(override ?? form.getAttribute('action') ?? '', document.baseURI).href;
}

/**
 * Sends the form without firing submit again (the page's handlers already ran), with
 * this world's own HTMLFormElement.prototype.submit, whatever the page did to its copy.
 * The submitter's name and value ride along in a hidden field, its form* attributes on the
 * form for the moment of sending.
 */
function submitNatively(form: HTMLFormElement, submitter: HTMLElement | null): void {
  const button = submitter as HTMLButtonElement | HTMLInputElement | null;
  const added: Element[] = [];
  if (button?.name) {
    const carrier = document.createElement('input');
    carrier.type = 'hidden';
    carrier.name = button.name;
    carrier.value = button.value;
    form.append(carrier);
    added.push(carrier);
  }
  const restore: [string, string | null][] = [];
  for (const [from, to] of OVERRIDES) {
    const value = submitter?.getAttribute(from);
    if (value == null) continue;
    restore.push([to, form.getAttribute(to)]);
    form.setAttribute(to, value);
  }
  nativeSubmit.call(form);
  for (const [name, value] of restore) {
    if (value === null) form.removeAttribute(name);
    else form.setAttribute(name, value);
  }
  for (const element of added) element.remove();
}

function credentialsOf(fields: SensitiveFields): ReportedCredential[] {
  return [
    ...fields.passwords.map((f, i) => ({
      kind: 'password-field' as const,
      name: f.name || `password-${i + 1}`,
      value: f.value,
    })),
    ...fields.secrets.map((f) => ({ kind: 'body-field' as const, name: f.name, value: f.value })),
  ];
}

/**
 * `from`: a submit event the browser fired (the user, requestSubmit), or a script's
 * form.submit() relayed by the page-world guard through a DOM event a page could fire
 * itself: what that one records is a claim (rate-limited, marked as the page's).
 */
async function guard(
  form: HTMLFormElement,
  submitter: HTMLElement | null,
  fields: SensitiveFields,
  url: string,
  from: 'user' | 'script',
) {
  const kinds = [
    ...(fields.passwords.length > 0 ? ['password-field' as const] : []),
    ...(fields.secrets.length > 0 ? ['body-field' as const] : []),
  ];
  const { actions } = await sendContentMessage('classify-submit', { url, kinds });
  const blocked = kinds.some((kind) => actions[kind] === 'blocked');
  const held = kinds.some((kind) => actions[kind] === 'held');
  if (!blocked && !held) return submitNatively(form, submitter); // upgraded, secure, allowed, or warned
  const credentials = credentialsOf(fields);
  if (blocked) {
    const reporter = from === 'user' ? 'form-check' : 'page-world';
    await sendContentMessage('page-blocked', { url, action: 'blocked', credentials, from: reporter });
  } else {
    await sendContentMessage('password-form', { event: 'held', actionUrl: url, credentials, from });
  }
  const confirmed = await askBeforeSending(new URL(url).host, blocked);
  if (!confirmed) return;
  // Confirmed by a trusted click in the extension's own dialog: observed, whoever started it.
  await sendContentMessage('password-form', {
    event: 'confirmed',
    actionUrl: url,
    credentials: credentialsOf(fields),
    from: 'user',
  });
  submitNatively(form, submitter);
}

/** A filled form about to be sent to a cleartext address with something to guard, or null. */
function pendingSubmit(form: HTMLFormElement, submitter: HTMLElement | null) {
  const url = actionOf(form, submitter);
  if (!url.startsWith('http:')) return null;
  const fields = sensitiveFields(form);
  return fields.passwords.length + fields.secrets.length > 0 ? { fields, url } : null;
}

/**
 * A submit by the user (or requestSubmit), checked after the page's own handlers: a page
 * that prevents the submit sends the form itself (fetch, XHR: the body guards cover those)
 * and is left alone. The check runs last, on the way back up to the window. Events a page
 * script makes up (untrusted) submit nothing and are ignored.
 */
export function guardSubmits(): void {
  window.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!event.isTrusted || !(form instanceof HTMLFormElement)) return;
      const submitter = (event as SubmitEvent).submitter;
      if (!pendingSubmit(form, submitter)) return;
      window.addEventListener(
        'submit',
        (late) => {
          if (late !== event || event.defaultPrevented) return;
          const pending = pendingSubmit(form, submitter);
          if (!pending) return;
          event.preventDefault();
          void guard(form, submitter, pending.fields, pending.url, 'user');
        },
        { once: true },
      );
    },
    true,
  );
}

/** The page-world guard's form.submit(): answered at once (handled or not), checked like a user's submit. */
export function guardScriptedSubmit(event: Event): void {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const pending = pendingSubmit(form, null);
  if (!pending) return; // not ours: the page world sends it
  event.preventDefault();
  void guard(form, null, pending.fields, pending.url, 'script');
}
