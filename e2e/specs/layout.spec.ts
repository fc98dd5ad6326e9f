import { randomUUID } from 'node:crypto';
import { runExtensionCommand } from '../harness/extension-page';
import type { LabBrowser, LabPage } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { LAB_SETTINGS, applySettings, waitForHistory } from '../harness/session';
import { fill, openExtensionPage } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';

/**
 * Every page of the extension fits a 360-pixel-wide window without scrolling sideways,
 * with real content in it: the popup after real traffic (a long URL in its history), the
 * options page with long exceptions, a long edited pattern, a refused long line and the
 * widest form row, and the explanatory page for a failed navigation to a long URL.
 */
const { plain, refused } = LAB_HOSTS;
const WIDTH = 360;
const HEIGHT = 640;
/** Unbroken: no hyphen, slash or other place a line could break. */
const UNBROKEN = 'unbrokenvalue'.repeat(16);
/** A long host name (labels of 60 and 50 characters). */
const LONG_HOST = `${'longhostname'.repeat(5)}.${'department'.repeat(5)}.example-university.org`;

test.afterEach(async ({ guarded }) => {
  await applySettings(guarded, LAB_SETTINGS);
});

async function tabIdOf(browser: LabBrowser, urlPrefix: string): Promise<number> {
  return pollUntil(
    async () => (await browser.inExtension(runExtensionCommand, { op: 'tab-id', urlPrefix })) as number | null,
    (id) => id !== null,
    `a tab at ${urlPrefix}`,
  ) as Promise<number>;
}

/** Makes the page's window 360 by 640 and waits until the page has been laid out at that width. */
async function narrow(page: LabPage): Promise<void> {
  await page.setViewport(WIDTH, HEIGHT);
  await page.waitForFunction((width) => window.innerWidth === width, WIDTH);
}

/** Asserts that nothing in the page makes it wider than the window (no horizontal scrolling). */
async function expectFits(page: LabPage, what: string): Promise<void> {
  const measured = await page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    // For the failure message: the elements that reach past the window's right edge.
    const wider = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > viewport + 0.5)
      .slice(0, 8)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${[...element.classList].map((c) => `.${c}`).join('')} (right edge ${Math.round(element.getBoundingClientRect().right)})`,
      );
    return {
      innerWidth: window.innerWidth,
      viewport,
      html: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      wider,
    };
  }, null);
  const message = `${what} at ${WIDTH}px: ${JSON.stringify(measured)}`;
  expect(measured.innerWidth, message).toBe(WIDTH);
  expect(measured.html, message).toBeLessThanOrEqual(WIDTH);
  expect(measured.body, message).toBeLessThanOrEqual(WIDTH);
  // Beside a vertical scrollbar too, where the page is narrower than the window.
  expect(measured.html, message).toBeLessThanOrEqual(measured.viewport);
  expect(measured.body, message).toBeLessThanOrEqual(measured.viewport);
}

test('the popup fits a 360-pixel window, a long URL in its history cut within its row', async ({ guarded }) => {
  // Real traffic on the excepted http host: a credential with a long URL, stopped and recorded.
  const marker = `layout-${randomUUID()}`;
  const secret = `cg-${randomUUID()}`;
  const page = await guarded.newPage();
  await page.goto(`http://${plain}/page/blank?m=${marker}`);
  await page.evaluate(
    async ([m, note, s]) => {
      await fetch(`/echo?m=${m}&note=${note}&token=${s}`).catch(() => undefined);
    },
    [marker, UNBROKEN, secret] as const,
  );
  await waitForHistory(
    guarded,
    (history) => history.some((entry) => entry.url.includes(marker) && entry.url.includes(UNBROKEN)),
    'the stopped credential, with its long URL, in the history',
  );

  const tabId = await tabIdOf(guarded, `http://${plain}/page/blank?m=${marker}`);
  const popup = await openExtensionPage(guarded, `src/popup/index.html?tabId=${tabId}`, '#site-how');
  await popup.waitForFunction(() => document.body.dataset.historyReady !== undefined, null);
  await narrow(popup);
  // The newest row is this test's: wait for it in the list.
  await popup.waitForFunction(
    (m) =>
      [...document.querySelectorAll('#history-list .history-row .url')].some((url) => url.textContent?.includes(m)),
    marker,
  );
  expect(await popup.evaluate(() => document.getElementById('site-how')?.dataset.how, null)).toBe('exception');
  await expectFits(popup, 'the popup');

  // The long URL stays inside its row, and the row inside the window.
  const row = await popup.evaluate((m) => {
    const url = [...document.querySelectorAll<HTMLElement>('#history-list .history-row .url')].find((u) =>
      u.textContent?.includes(m),
    );
    const item = url?.closest('li');
    if (!url || !item) throw new Error('no history row for this test');
    return {
      length: url.textContent?.length ?? 0,
      urlLeft: url.getBoundingClientRect().left,
      urlRight: url.getBoundingClientRect().right,
      rowLeft: item.getBoundingClientRect().left,
      rowRight: item.getBoundingClientRect().right,
      viewport: document.documentElement.clientWidth,
    };
  }, marker);
  expect(row.length).toBeGreaterThan(UNBROKEN.length);
  expect(row.urlLeft).toBeGreaterThanOrEqual(row.rowLeft);
  expect(row.urlRight).toBeLessThanOrEqual(row.rowRight);
  expect(row.rowRight).toBeLessThanOrEqual(row.viewport);
  await Promise.all([popup.close(), page.close()]);
});

test('the options page fits a 360-pixel window with long exceptions, a long edited pattern and a refused long line', async ({
  guarded,
}) => {
  const wildcard = `*.${'wildcardzone'.repeat(4)}.example.org`;
  await applySettings(guarded, {
    ...LAB_SETTINGS,
    exceptions: [
      ...LAB_SETTINGS.exceptions,
      { pattern: LONG_HOST, allowCredentials: false, scope: 'always', expiresAt: null },
      // The longest scope text: an end time, credentials allowed.
      { pattern: wildcard, allowCredentials: true, scope: 'until', expiresAt: Date.now() + 3_600_000 },
      { pattern: '[2001:db8::5]:8080', allowCredentials: false, scope: 'always', expiresAt: null },
    ],
  });
  const page = await openExtensionPage(guarded, 'src/options/index.html', `[data-pattern="${LONG_HOST}"]`);
  await page.waitForSelector(`[data-pattern="${wildcard}"]`);
  await narrow(page);
  await expectFits(page, 'the options page');

  // Editing the long host, until a time (the widest form row), with a refused line quoting what was typed.
  await page.click(`[data-pattern="${LONG_HOST}"] [data-action="edit"]`);
  await page.waitForFunction(
    (host) => (document.getElementById('exception-input') as HTMLTextAreaElement | null)?.value === host,
    LONG_HOST,
  );
  await fill(page, '#exception-scope', 'until');
  await page.waitForSelector('#exception-until');
  await fill(page, '#exception-input', `${'x'.repeat(300)}.test`);
  await page.click('#exception-add');
  await page.waitForFunction(() => (document.getElementById('exception-errors')?.textContent ?? '') !== '', null);
  await expectFits(page, 'the options page, editing, with an error');
  await page.close();
});

test('the explanatory page for a failed navigation to a long URL fits a 360-pixel window', async ({ guarded }) => {
  const marker = `layout-${randomUUID()}`;
  const secret = `cg-${randomUUID()}`;
  const page = await guarded.newPage();
  await narrow(page);
  const interstitial = `${guarded.extensionOrigin}src/interstitial/index.html`;
  await page.navigate(`http://${refused}/landing/${UNBROKEN}?m=${marker}&note=${UNBROKEN}&token=${secret}`, (u) =>
    u.startsWith(interstitial),
  );
  await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'failure-no-https', null);
  await narrow(page);
  const shown = await page.evaluate(() => document.getElementById('url')?.textContent ?? '', null);
  expect(shown).toContain(marker);
  expect(shown).toContain(UNBROKEN);
  expect(shown).not.toContain(secret);
  await expectFits(page, 'the explanatory page');
  await page.close();
});
