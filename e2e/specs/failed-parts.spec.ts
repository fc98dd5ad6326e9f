import { randomUUID } from 'node:crypto';
import { runExtensionCommand, type TabReport } from '../harness/extension-page';
import type { LabBrowser } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { LAB_SETTINGS, applySettings, waitForRules } from '../harness/session';
import { openExtensionPage } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS, PORT_HOST_PORT } from '../lab/hosts';

/**
 * Parts of a page that fail after their upgrade (an image host without HTTPS, a script
 * host with an untrusted certificate, a stylesheet on a port that speaks no TLS) are not
 * silent: counted for the tab (not as upgrades; the badge says "!"), listed in the popup
 * by host and reason, and each allowed in one click for this site only — it then loads
 * over http here, and is still upgraded on any other site.
 */
const { plain, demo, refused, untrusted, port } = LAB_HOSTS;

test.afterEach(async ({ guarded }) => {
  await applySettings(guarded, LAB_SETTINGS);
});

function partsUrl(site: string, marker: string): string {
  const q = new URLSearchParams({
    img: `http://${refused}/pixel.png?m=${marker}`,
    script: `http://${untrusted}/script.js?m=${marker}`,
    style: `http://${port}:${PORT_HOST_PORT}/style.css?m=${marker}`,
  });
  return `http://${site}/page/parts?${q}`;
}

function report(browser: LabBrowser, urlPrefix: string): Promise<TabReport | null> {
  return browser.inExtension(runExtensionCommand, { op: 'tab-report', urlPrefix }) as Promise<TabReport | null>;
}

test('failed parts are counted and listed by host, and one is allowed for this site only', async ({ guarded, lab }) => {
  const marker = `parts-${randomUUID()}`;
  const page = await guarded.newPage();
  await page.goto(partsUrl(plain, marker));
  const seen = await pollUntil(
    () => report(guarded, `http://${plain}/page/parts`),
    (r) => (r?.failed ?? 0) >= 3,
    'three failed parts counted for the tab',
  );
  // The badge does not call them upgrades: "!" and the count (a browser may try a part
  // twice: a preload, then the load), in the warning colour.
  expect(seen?.badge).toBe(`!${seen?.failed}`);
  expect(seen?.color).toEqual([0x9a, 0x67, 0x00, 255]);
  expect(Object.fromEntries((seen?.failedHosts ?? []).map((h) => [h.host, h.reason]))).toEqual({
    [refused]: 'no-https',
    [untrusted]: 'certificate',
    [port]: 'no-https',
  });

  // The popup lists them; the image host is allowed on this site.
  const tabId = (await guarded.inExtension(runExtensionCommand, {
    op: 'tab-id',
    urlPrefix: `http://${plain}/page/parts`,
  })) as number;
  const popup = await openExtensionPage(guarded, `src/popup/index.html?tabId=${tabId}`, '#failed-hosts');
  const listed = await popup.evaluate(
    () => [...document.querySelectorAll<HTMLElement>('#failed-hosts li')].map((li) => li.dataset.host).sort(),
    null,
  );
  expect(listed).toEqual([port, refused, untrusted].sort());
  await popup.click(`[data-allow-host="${refused}"]`);
  // Saved first (the status speaks for the stored settings), then in force.
  await pollUntil(
    async () =>
      (await guarded.inExtension(runExtensionCommand, { op: 'settings-view' })) as {
        user: { exceptions: { pattern: string; onlyOn?: string }[] };
      },
    (view) => view.user.exceptions.some((e) => e.pattern === refused && e.onlyOn === plain),
    'the one-site exception saved',
  );
  await waitForRules(guarded);
  await popup.close();

  // On this site the image now loads over http; the other parts still fail.
  const again = `parts-${randomUUID()}`;
  await page.goto(partsUrl(plain, again));
  await lab.log.waitFor(
    () => lab.log.find('cleartext', again).some((r) => r.host === refused),
    'the image over http on this site',
  );
  const parts = lab.log.find('cleartext', again).filter((r) => r.host !== plain);
  expect(parts.map((r) => r.host)).toEqual([refused]);

  // On another site the same host is still upgraded (and fails).
  const elsewhere = `parts-${randomUUID()}`;
  const other = await guarded.newPage();
  await other.goto(partsUrl(demo, elsewhere));
  await pollUntil(
    () => report(guarded, `http://${demo}/page/parts`),
    (r) => (r?.failedHosts ?? []).some((h) => h.host === refused),
    'the image upgraded (and failing) on another site',
  );
  expect(lab.log.find('cleartext', elsewhere).filter((r) => r.host !== demo)).toEqual([]);

  // The options page shows it as an exception for that site only.
  const options = await openExtensionPage(guarded, 'src/options/index.html', `[data-pattern="${refused}"]`);
  expect(
    await options.evaluate((p) => document.querySelector(`[data-pattern="${p}"]`)?.textContent ?? '', refused),
  ).toContain(plain);
  await Promise.all([options.close(), other.close(), page.close()]);
});
