import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { LabBrowser, LabPage } from './lab-browser';

/** Opens one of the extension's pages in a new tab and waits until it has rendered `ready`. */
export async function openExtensionPage(browser: LabBrowser, path: string, ready: string): Promise<LabPage> {
  const page = await browser.newPage();
  const url = `${browser.extensionOrigin}${path}`;
  await page.navigate(url, (u) => u.startsWith(url.split('?')[0] ?? url));
  await page.waitForSelector(ready);
  return page;
}

/** Types into a field as far as the page can tell (value, then an input and a change event). */
export function fill(page: LabPage, selector: string, value: string): Promise<void> {
  return page.evaluate(
    ([sel, text]) => {
      const field = document.querySelector<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(sel);
      if (!field) throw new Error(`no ${sel}`);
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [selector, value] as const,
  );
}

export function textOf(page: LabPage, selector: string): Promise<string> {
  return page.evaluate((sel) => document.querySelector(sel)?.textContent ?? '', selector);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/** Runs axe-core in the page (WCAG 2.1 A and AA rules) and returns what it found. */
export async function axeViolations(page: LabPage): Promise<AxeViolation[]> {
  await page.evaluateSource(axeSource);
  return page.evaluate(async () => {
    interface Axe {
      run(
        context: Document,
        options: object,
      ): Promise<{
        violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
      }>;
    }
    const axe = (globalThis as unknown as { axe: Axe }).axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, null);
}

/**
 * Answers the in-page hold dialog as a person at the keyboard does: its buttons live in a
 * closed shadow root (no selector reaches them), "Don't send" has the focus, Tab moves to
 * "Send anyway", Enter presses. Keys are trusted input; a page script could not do this.
 */
export async function answerHoldDialog(page: LabPage, answer: 'dont-send' | 'send-anyway'): Promise<void> {
  await page.waitForSelector('cleartext-guard-dialog');
  if (answer === 'send-anyway') await page.press('Tab');
  await page.press('Enter');
  await page.waitForFunction(() => document.querySelector('cleartext-guard-dialog') === null, null);
}

/** Clicks the popup's JSON or CSV export and returns the file it made (what the filters show). */
export async function exportHistory(popup: LabPage, format: 'json' | 'csv'): Promise<string> {
  const previous = await popup.evaluate(() => document.getElementById('export-link')?.getAttribute('href') ?? '', null);
  await popup.click(`#export-${format}`);
  await popup.waitForFunction(
    (p) => (document.getElementById('export-link')?.getAttribute('href') ?? '') !== p,
    previous,
  );
  return popup.evaluate(
    async () => (await fetch((document.getElementById('export-link') as HTMLAnchorElement).href)).text(),
    null,
  );
}
