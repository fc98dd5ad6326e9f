import { randomUUID } from 'node:crypto';
import { runExtensionCommand } from '../harness/extension-page';
import type { LabBrowser, LabPage } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { LAB_SETTINGS, applySettings, waitForHistory, waitForRules } from '../harness/session';
import { openExtensionPage } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';
import type { Lab } from '../lab/servers';

/**
 * "Allow HTTP and keep me logged in" (an old forum, a NAS on a public name, an intranet
 * app): a choice of its own on the explanatory page and in the popup, next to the default
 * that leaves cookies and logins out. The site's cookie then reaches it, in cleartext, and
 * the history marks it as exposed.
 */
const { untrusted, site } = LAB_HOSTS;
const interstitialOf = (browser: LabBrowser) => `${browser.extensionOrigin}src/interstitial/index.html`;

test.afterEach(async ({ guarded }) => {
  await applySettings(guarded, LAB_SETTINGS);
});

/** Sends a request with the site's cookie from `page`; resolves with the cookie's value. */
async function sendCookie(page: LabPage, lab: Lab): Promise<string> {
  const value = `cg-cookie-${randomUUID()}`;
  const marker = `logged-in-${randomUUID()}`;
  await page.evaluate(
    async ([v, m]) => {
      document.cookie = `sid=${v}; path=/`;
      await fetch(`/echo?m=${m}`);
      document.cookie = 'sid=; max-age=0; path=/';
    },
    [value, marker] as const,
  );
  await lab.log.waitForRequest('cleartext', marker);
  return value;
}

test('on the explanatory page: the cookie reaches the site, recorded as exposed', async ({ guarded, lab }) => {
  const page = await guarded.newPage();
  await page.navigate(`http://${untrusted}/landing?keep`, (u) => u.startsWith(interstitialOf(guarded)));
  await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'failure-certificate', null);
  expect(await page.evaluate(() => document.getElementById('logged-in-note')?.hidden, null), 'the note').toBe(false);
  await page.click('[data-action="always-allow-logged-in"]');
  await pollUntil(
    () => page.evaluate(() => `${location.href} ${document.readyState}`, null).catch(() => ''),
    (s) => s === `http://${untrusted}/landing?keep complete`,
    'the http page',
  );
  const cookie = await sendCookie(page, lab);
  expect(lab.log.cleartextContains(cookie), 'the cookie at the site').toBe(true);
  await waitForHistory(
    guarded,
    (h) => h.some((e) => e.host === untrusted && e.kind === 'cookie' && e.action === 'warned' && e.exposed),
    'the cookie recorded as exposed',
  );
  await page.close();
});

test('in the popup: "Allow HTTP and keep me logged in" next to "Allow HTTP", which leaves the cookie out', async ({
  guarded,
  lab,
}) => {
  const page = await guarded.newPage();
  await page.goto(`http://${site}/landing?popup-keep`);
  const tabId = (await pollUntil(
    () => guarded.inExtension(runExtensionCommand, { op: 'tab-id', urlPrefix: `https://${site}/landing?popup-keep` }),
    (id) => id !== null,
    'the tab',
  )) as number;
  const popup = await openExtensionPage(guarded, `src/popup/index.html?tabId=${tabId}`, '#allow-http-logged-in');
  await popup.click('#allow-http-logged-in');
  await popup.waitForSelector('[data-logged-in="true"]');
  await waitForRules(guarded);
  await page.goto(`http://${site}/page/blank`);
  expect(page.url()).toBe(`http://${site}/page/blank`);
  const cookie = await sendCookie(page, lab);
  expect(lab.log.cleartextContains(cookie)).toBe(true);

  // The plain "Allow HTTP" keeps the site on http but leaves its cookie out.
  await applySettings(guarded, LAB_SETTINGS);
  await page.goto(`http://${site}/landing?popup-plain`);
  const plainTab = (await pollUntil(
    () => guarded.inExtension(runExtensionCommand, { op: 'tab-id', urlPrefix: `https://${site}/landing?popup-plain` }),
    (id) => id !== null,
    'the tab again',
  )) as number;
  const again = await openExtensionPage(guarded, `src/popup/index.html?tabId=${plainTab}`, '#allow-http');
  await again.click('#allow-http');
  await again.waitForSelector('#remove-exception');
  await waitForRules(guarded);
  await page.goto(`http://${site}/page/blank`);
  const stripped = await sendCookie(page, lab);
  expect(lab.log.cleartextContains(stripped)).toBe(false);
  await Promise.all([popup.close(), again.close(), page.close()]);
});
