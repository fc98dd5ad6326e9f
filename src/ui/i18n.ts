import { i18nApi } from '../platform/extension-api';

/** A message from _locales in the browser's language. */
export function t(key: string, substitutions?: (string | number)[]): string {
  return i18nApi.message(key, substitutions?.map(String)) || key;
}

/** The browser's UI language (the one its _locales messages are in). */
export const uiLanguage = (): string => i18nApi.uiLanguage();
let numbers: Intl.NumberFormat | null = null;
let dates: Intl.DateTimeFormat | null = null;

export function formatNumber(value: number): string {
  numbers ??= new Intl.NumberFormat(uiLanguage());
  return numbers.format(value);
}

export function formatTime(epochMs: number): string {
  dates ??= new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'medium' });
  return dates.format(epochMs);
}

/** The page's language and direction follow the browser's UI language. */
export function localizeDocument(): void {
  document.documentElement.lang = uiLanguage();
  document.title = t(document.title);
}

/** Message keys use "_" where values use "-" ("sent-by-user" -> "action_sent_by_user"). */
export function keyPart(value: string): string {
  return value.replaceAll('-', '_');
}
