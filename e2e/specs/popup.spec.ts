import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { runExtensionCommand } from '../harness/extension-page';
import type { LabBrowser, LabPage } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { probe } from '../harness/probe';
import { LAB_SETTINGS, applySettings, launch, waitForHistory, waitForRules } from '../harness/session';
import { axeViolations, exportHistory, fill, openExtensionPage, textOf } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';

/**
 * The real popup (opened in a tab, pointed at a lab tab with ?tabId=) after real traffic:
 * what it shows, what its filters find, what its exports hold, and that its quick actions
 * change what the next request does.
 */
const { plain, hsts, site } = LAB_HOSTS;

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

async function openPopup(browser: LabBrowser, tabId: number): Promise<LabPage> {
  const popup = await openExtensionPage(browser, `src/popup/index.html?tabId=${tabId}`, '#site-how');
  await popup.waitForFunction(() => document.body.dataset.historyReady !== undefined, null);
  return popup;
}

const countOf = (popup: LabPage, key: string) =>
  popup.evaluate((k) => Number(document.querySelector(`[data-count="${k}"] dd`)?.textContent?.replace(/\D/g, '')), key);

/** Waits for the history list to settle after a filter change and returns its rows' data. */
async function rowsAfter(popup: LabPage, change: () => Promise<void>) {
  const before = await popup.evaluate(() => document.body.dataset.historyReady, null);
  await change();
  await popup.waitForFunction((b) => document.body.dataset.historyReady !== b, before);
  return popup.evaluate(
    () =>
      [...document.querySelectorAll<HTMLElement>('#history-list .history-row')].map((r) => ({
        kind: r.dataset.kind,
        action: r.dataset.action,
        exposed: r.classList.contains('exposed'),
        text: r.textContent ?? '',
      })),
    null,
  );
}

test('the popup shows the site, its counts and HSTS, and a history that filters, searches and exports without secrets (and screenshots)', async ({
  guarded,
  lab,
  browserKind,
}) => {
  // Real traffic: an upgraded https page that sends HSTS...
  const upgradedPage = await guarded.newPage();
  await upgradedPage.goto(`http://${hsts}/landing`);
  expect(upgradedPage.url()).toMatch(/^https:/);
  // ...and an excepted http page whose credentials are stopped.
  const secret = `cg-${randomUUID()}`;
  const marker = `popup-${randomUUID()}`;
  const plainPage = await guarded.newPage();
  await plainPage.goto(`http://${plain}/page/blank?m=${marker}`);
  await plainPage.evaluate(
    async ([m, s]) => {
      await fetch(`/echo?m=${m}&token=${s}`).catch(() => undefined);
      await fetch(`/echo?m=${m}-h`, { headers: { Authorization: `Bearer ${s}` } }).catch(() => undefined);
    },
    [marker, secret] as const,
  );
  // A credential that does go out (the local network's default policy is "warn"): exposed.
  const sentSecret = `cg-sent-${randomUUID()}`;
  await plainPage.evaluate(
    async ([m, s, host]) => fetch(`http://${host}/echo?m=${m}-local&token=${s}`).catch(() => undefined),
    [marker, sentSecret, LAB_HOSTS.local] as const,
  );
  await waitForHistory(
    guarded,
    (h) => h.filter((e) => e.url.includes(marker)).length >= 3,
    'the two stopped credentials and the exposed one in the history',
  );
  expect(lab.log.cleartextContains(secret)).toBe(false);
  expect(lab.log.cleartextContains(sentSecret)).toBe(true); // it was sent, as the policy says

  const upgradedPopup = await openPopup(guarded, await tabIdOf(guarded, `https://${hsts}/`));
  expect(await upgradedPopup.evaluate(() => document.getElementById('site-how')?.dataset.how, null)).toBe('upgraded');
  expect(await countOf(upgradedPopup, 'countUpgraded')).toBeGreaterThanOrEqual(1);
  await upgradedPopup.waitForFunction(
    () => document.getElementById('hsts')?.textContent?.includes('includeSubDomains'),
    null,
  );
  expect(await textOf(upgradedPopup, '#hsts')).toContain('31,536,000');
  if (browserKind === 'firefox') {
    // Firefox exposes the connection: TLS version and the lab CA as issuer.
    expect(await textOf(upgradedPopup, '#tls')).toMatch(/TLS.*Cleartext Guard Lab CA/);
  }
  await upgradedPopup.close();

  const popup = await openPopup(guarded, await tabIdOf(guarded, `http://${plain}/page/blank?m=${marker}`));
  expect(await popup.evaluate(() => document.getElementById('site-how')?.dataset.how, null)).toBe('exception');
  expect(await textOf(popup, '#site-exception')).toContain(plain);
  expect(await countOf(popup, 'countBlocked')).toBeGreaterThanOrEqual(1);
  expect(await countOf(popup, 'countStripped')).toBeGreaterThanOrEqual(1);
  expect(await countOf(popup, 'countCleartext')).toBeGreaterThanOrEqual(2);
  expect(await textOf(popup, '#hsts')).toContain('not seen');

  // Search finds exactly this test's three records; the exposed one stands out with advice.
  const found = await rowsAfter(popup, () => fill(popup, '#filter-text', marker));
  expect(found.map((r) => `${r.kind}:${r.action}`).sort()).toEqual([
    'header:stripped',
    'query:blocked',
    'query:warned',
  ]);
  expect(found.every((r) => !r.text.includes(secret) && !r.text.includes(sentSecret))).toBe(true);
  const exposed = found.find((r) => r.action === 'warned');
  expect(exposed?.exposed).toBe(true);
  expect(exposed?.text).toContain('change this credential');
  expect(found.filter((r) => r.exposed)).toHaveLength(1);
  // The site filter (by index) keeps them all: the page was plain.test's for each.
  const onSite = await rowsAfter(popup, () => fill(popup, '#filter-site', plain));
  expect(onSite).toHaveLength(3);
  const queries = await rowsAfter(popup, () => fill(popup, '#filter-kind', 'query'));
  expect(queries.map((r) => r.action).sort()).toEqual(['blocked', 'warned']);
  await rowsAfter(popup, () => fill(popup, '#filter-site', ''));
  const blockedQueries = await rowsAfter(popup, () => fill(popup, '#filter-action', 'blocked'));
  expect(blockedQueries).toEqual([expect.objectContaining({ kind: 'query', action: 'blocked' })]);
  await rowsAfter(popup, () => fill(popup, '#filter-action', ''));
  await rowsAfter(popup, () => fill(popup, '#filter-kind', ''));
  const stripped = await rowsAfter(popup, () => fill(popup, '#filter-action', 'stripped'));
  expect(stripped.map((r) => r.kind)).toEqual(['header']);
  await rowsAfter(popup, () => fill(popup, '#filter-action', ''));

  // Exports hold the rows the filters show, and never the secret.
  const json = JSON.parse(await exportHistory(popup, 'json')) as {
    kind: string;
    host: string;
    url: string;
    exposed: boolean;
  }[];
  expect(json.map((r) => `${r.host}:${r.kind}:${r.exposed}`).sort()).toEqual([
    `${LAB_HOSTS.local}:query:true`,
    `${plain}:header:false`,
    `${plain}:query:false`,
  ]);
  expect(json.every((r) => r.url.includes(marker))).toBe(true);
  const csv = await exportHistory(popup, 'csv');
  expect(csv.split('\r\n')[0]).toBe('time,site,host,kind,name,shape,action,exposed,url,fingerprint,mode,origin');
  expect(csv.split('\r\n').filter((l) => l.includes(marker))).toHaveLength(3);
  for (const text of [JSON.stringify(json), csv]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(sentSecret);
  }

  expect(await axeViolations(popup)).toEqual([]);
  if (browserKind === 'chromium') {
    const dir = process.env.UPDATE_SCREENSHOTS ? 'docs/images' : test.info().outputPath();
    await rowsAfter(popup, () => fill(popup, '#filter-text', ''));
    await popup.evaluate(() => window.scrollTo(0, 0), null);
    for (const scheme of ['light', 'dark'] as const) {
      await popup.screenshot(`${dir}/popup-${scheme}.png`, scheme, { x: 0, y: 0, width: 460, height: 760 });
    }
  }
  await Promise.all([popup.close(), upgradedPage.close(), plainPage.close()]);
});

test("the popup's quick actions change what happens to the next request", async ({ guarded, lab, browserKind }) => {
  const page = await guarded.newPage();
  await page.goto(`http://${site}/landing`);
  expect(page.url()).toMatch(/^https:/);
  const tabId = await tabIdOf(guarded, `https://${site}/`);
  // A stopped service worker wakes up to answer the popup (Chromium; Firefox's event page has no such switch).
  await guarded.stopWorker?.();
  let popup = await openPopup(guarded, tabId);
  expect(await popup.evaluate(() => document.getElementById('protection')?.dataset.state, null)).toBe('ok');

  // Allow HTTP for this site, with the keyboard only: Tab to the button, Enter.
  for (let presses = 0; presses < 30; presses++) {
    if (await popup.evaluate(() => document.activeElement?.id === 'allow-http', null)) break;
    await popup.press('Tab');
  }
  expect(await popup.evaluate(() => document.activeElement?.id, null)).toBe('allow-http');
  // Chromium: Enter activates it. Firefox over BiDi now and then loses that key press
  // (the button keeps the focus and nothing happens), so there the test clicks.
  if (browserKind === 'chromium') await popup.press('Enter');
  else await popup.click('#allow-http');
  // The next request to it stays on http.
  await popup.waitForSelector('#remove-exception');
  await waitForRules(guarded);
  expect(await probe(guarded, lab, site)).toBe('cleartext');

  // Remove its exception: upgraded again.
  await popup.click('#remove-exception');
  await popup.waitForSelector('#allow-http');
  await waitForRules(guarded);
  expect(await probe(guarded, lab, site)).toBe('tls');

  // Pause this tab: its requests stay http, other tabs are still protected.
  await popup.click('#pause-tab');
  await popup.waitForFunction(
    () => document.getElementById('pause-tab')?.getAttribute('aria-pressed') === 'true',
    null,
  );
  await waitForRules(guarded);
  expect(await probe(guarded, lab, site, page)).toBe('cleartext');
  expect(await probe(guarded, lab, site)).toBe('tls');
  await popup.close();
  popup = await openPopup(guarded, tabId);
  expect(await popup.evaluate(() => document.getElementById('site-how')?.dataset.how, null)).toBe('paused');
  await popup.click('#pause-tab');
  await popup.waitForFunction(
    () => document.getElementById('pause-tab')?.getAttribute('aria-pressed') === 'false',
    null,
  );
  await waitForRules(guarded);
  expect(await probe(guarded, lab, site, page)).toBe('tls');

  // Clear the history, after a confirmation.
  await popup.click('#clear-history');
  await popup.click('#clear-confirm');
  await popup.waitForFunction(() => document.getElementById('history-count')?.textContent?.startsWith('0 '), null);
  expect(await guarded.inExtension(runExtensionCommand, { op: 'history', limit: 10 })).toEqual([]);
  await Promise.all([popup.close(), page.close()]);
});

test('the popup warns when the host permission is revoked (Firefox lets a user revoke it)', async ({
  browserKind,
  lab,
  runDir,
}) => {
  test.skip(browserKind !== 'firefox', 'Chrome keeps required host permissions; only the user can withhold them');
  const browser = await launch(browserKind, lab, path.join(runDir, 'revoked'), true);
  try {
    await waitForRules(browser);
    // The default settings: a name under no special-use suffix is upgraded.
    const page = await browser.newPage();
    await page.goto(`http://${LAB_HOSTS.publicName}/landing`);
    const tabId = await tabIdOf(browser, `https://${LAB_HOSTS.publicName}/`);
    const popup = await openPopup(browser, tabId);
    expect(await popup.evaluate(() => document.getElementById('permission-warning') === null, null)).toBe(true);
    await popup.evaluate(async () => {
      const api = (globalThis as unknown as { browser: { permissions: { remove(p: object): Promise<boolean> } } })
        .browser;
      await api.permissions.remove({ origins: ['<all_urls>'] });
    }, null);
    await popup.close();
    const warned = await openPopup(browser, tabId);
    await warned.waitForSelector('#permission-warning button');
    expect(await textOf(warned, '#permission-warning')).toContain('cannot read requests');
  } finally {
    await browser.close();
  }
});

test('an exception whose host works over HTTPS now is offered for removal; one whose HTTPS fails is not', async ({
  guarded,
  lab,
}) => {
  const { refused } = LAB_HOSTS;
  await applySettings(guarded, {
    ...LAB_SETTINGS,
    exceptions: [
      ...LAB_SETTINGS.exceptions,
      { pattern: refused, allowCredentials: false, scope: 'always', expiresAt: null },
    ],
  });
  // refused.test has no HTTPS: nothing is offered.
  const broken = await guarded.newPage();
  await broken.goto(`http://${refused}/landing?https-now`);
  const brokenPopup = await openPopup(guarded, await tabIdOf(guarded, `http://${refused}/landing?https-now`));
  await brokenPopup.waitForFunction(() => document.body.dataset.httpsNow !== undefined, null);
  expect(await brokenPopup.evaluate(() => document.getElementById('https-now'), null)).toBeNull();

  // plain.test answers over HTTPS: its exception is offered for removal, and removing it upgrades the next visit.
  const page = await guarded.newPage();
  await page.goto(`http://${plain}/landing?https-now`);
  const popup = await openPopup(guarded, await tabIdOf(guarded, `http://${plain}/landing?https-now`));
  await popup.waitForSelector('#remove-exception-https');
  await popup.click('#remove-exception-https');
  // The popup shows the site without its exception once the background has saved it: only
  // then can the status speak for the new settings.
  await popup.waitForFunction(() => document.getElementById('remove-exception-https') === null, null);
  await waitForRules(guarded);
  const marker = `now-https-${randomUUID()}`;
  await page.goto(`http://${plain}/landing?m=${marker}`);
  await lab.log.waitForRequest('tls', marker);
  await Promise.all([brokenPopup.close(), popup.close(), broken.close(), page.close()]);
});
