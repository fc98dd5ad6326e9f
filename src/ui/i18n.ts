import { browser } from '../platform/extension-api';

/** A message from _locales in the browser's language. */
export function t(key: string, substitutions?: (string | number)[]): string {
  return browser.i18n.getMessage(key, substitutions?.map(String)) || key;
}

const language = () => browser.i18n.getUILanguage();
let numbers: Intl.NumberFormat | null = null;
let dates: Intl.DateTimeFormat | null = null;

export function formatNumber(value: number): string {
  numbers ??= new Intl.NumberFormat(language());
  return numbers.format(value);
}

export function formatTime(epochMs: number): string {
  dates ??= new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'medium' });
  return dates.format(epochMs);
}

/** The page's language and direction follow the browser's UI language. */
export function localizeDocument(): void {
  document.documentElement.lang = language();
  document.title = t(document.title);
}

/** Message keys use "_" where values use "-" ("sent-by-user" -> "action_sent_by_user"). */
export function keyPart(value: string): string {
  return value.replace(/-/g, '_');
}
