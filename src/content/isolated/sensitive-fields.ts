import { isSecretFieldName } from '../../core/credentials/detect-body';
import { valueShapeOf } from '../../core/credentials/value-shapes';

/**
 * Which fields of a form would carry a credential if it were sent: password fields,
 * including those a "show password" toggle switched to text and fields that say they hold
 * a password (name, id, autocomplete); and other secret fields (an API key, a token, a
 * key-shaped value). Only what a submission really sends counts: named, enabled,
 * filled, checked where that applies.
 */
const wasPassword = new WeakSet<Element>();
const PASSWORD_NAME = /^(?:pass|pwd|passwd|passcode|pin)$|password|passphrase/;

const observer = new MutationObserver(noteTypeChanges);
observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['type'], attributeOldValue: true });

function noteTypeChanges(records: MutationRecord[]): void {
  for (const record of records) {
    if (record.oldValue?.toLowerCase() === 'password') wasPassword.add(record.target as Element);
  }
}

/** A field typed into as a password keeps counting as one (also when its type changed before we looked). */
document.addEventListener(
  'input',
  (event) => {
    const field = event.target;
    if (field instanceof HTMLInputElement && field.type === 'password') wasPassword.add(field);
  },
  true,
);

export function isPasswordLike(field: HTMLInputElement): boolean {
  if (field.type === 'password' || wasPassword.has(field)) return true;
  if (field.type !== 'text' && field.type !== '') return false;
  const autocomplete = field.autocomplete.toLowerCase();
  if (autocomplete.includes('current-password') || autocomplete.includes('new-password')) return true;
  return [field.name, field.id].some((n) => PASSWORD_NAME.test(n.toLowerCase().replace(/[-_\s]/g, '')));
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function sent(field: Element): field is Field {
  if (!(
    field instanceof HTMLInputElement ||
    field instanceof HTMLTextAreaElement ||
    field instanceof HTMLSelectElement
  ))
    return false;
  if (field.disabled || field.name === '' || field.value === '') return false;
  if (field instanceof HTMLInputElement) {
    if (['submit', 'button', 'reset', 'image', 'file'].includes(field.type)) return false;
    if ((field.type === 'checkbox' || field.type === 'radio') && !field.checked) return false;
  }
  return true;
}

export interface SensitiveFields {
  passwords: Field[];
  secrets: Field[];
}

export function sensitiveFields(form: HTMLFormElement): SensitiveFields {
  noteTypeChanges(observer.takeRecords());
  const passwords: Field[] = [];
  const secrets: Field[] = [];
  for (const element of form.elements) {
    if (!sent(element)) continue;
    if (element instanceof HTMLInputElement && isPasswordLike(element)) passwords.push(element);
    else if (isSecretFieldName(element.name) || valueShapeOf(element.value) !== null) secrets.push(element);
  }
  return { passwords, secrets };
}
