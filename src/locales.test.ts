import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every language is complete: the same keys and the same placeholders as English. */
type Messages = Record<string, { message: string; placeholders?: Record<string, unknown> }>;
const read = (lang: string) => JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8')) as Messages;
const english = read('en');
const placeholdersIn = (text: string) => [...text.matchAll(/\$([A-Z_]+)\$/g)].map((m) => m[1]).sort();

describe.each(readdirSync('public/_locales').filter((l) => l !== 'en'))('locale %s', (lang) => {
  const messages = read(lang);
  it('has every English key and no other', () => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
  });
  it('uses the same placeholders in each message', () => {
    for (const [key, { message }] of Object.entries(english)) {
      expect([key, placeholdersIn(messages[key]?.message ?? '')]).toEqual([key, placeholdersIn(message)]);
    }
  });
  it('defines every placeholder it uses', () => {
    for (const [key, entry] of Object.entries(messages)) {
      for (const name of placeholdersIn(entry.message)) {
        expect([key, Object.keys(entry.placeholders ?? {}).map((p) => p.toUpperCase())]).toEqual([
          key,
          expect.arrayContaining([name]),
        ]);
      }
    }
  });
});
