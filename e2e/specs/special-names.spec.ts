import { randomUUID } from 'node:crypto';
import { runExtensionCommand } from '../harness/extension-page';
import type { LabBrowser } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { probe } from '../harness/probe';
import { LAB_SETTINGS, applySettings, waitForHistory } from '../harness/session';
import { openExtensionPage } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';
import type { Lab } from '../lab/servers';

/**
 * Names that are not on the public web (.onion, .i2p, .test, .example, .invalid, .alt)
 * stay on http by default — on Tor the circuit already encrypts, and no public CA signs
 * for them — while what authenticates a request to them is guarded like on any cleartext
 * host. A setting upgrades them like public names.
 */
const { onion, site, publicName } = LAB_HOSTS;

test.afterEach(async ({ guarded }) => {
  await applySettings(guarded, LAB_SETTINGS);
});

/** From a page on the onion name: a harmless request, a token in the URL, an Authorization header. */
async function sendFromOnionPage(browser: LabBrowser, lab: Lab, secret: string): Promise<string> {
  const marker = `onion-${randomUUID()}`;
  const page = await browser.newPage();
  await page.goto(`http://${onion}/page/blank`);
  await page.evaluate(
    async ([m, s]) => {
      await fetch(`/echo?m=${m}`);
      await fetch(`/echo?m=${m}-token&token=${s}`).catch(() => undefined);
      await fetch(`/echo?m=${m}-header`, { headers: { Authorization: `Bearer ${s}x` } }).catch(() => undefined);
    },
    [marker, secret] as const,
  );
  await lab.log.waitForRequest('cleartext', marker);
  await page.close();
  return marker;
}

test('with the default setting they stay on http and their credentials are guarded; the setting upgrades them', async ({
  guarded,
  lab,
}) => {
  await applySettings(guarded, { ...LAB_SETTINGS, upgradeSpecialUseNames: false });
  expect(await probe(guarded, lab, onion)).toBe('cleartext');
  expect(await probe(guarded, lab, site)).toBe('cleartext');
  expect(await probe(guarded, lab, publicName)).toBe('tls');

  const secret = `cg-${randomUUID()}`;
  const marker = await sendFromOnionPage(guarded, lab, secret);
  // The header request goes (stripped); the one with the token never leaves.
  await lab.log.waitForRequest('cleartext', `${marker}-header`);
  expect(lab.log.cleartextContains(secret)).toBe(false);
  const history = await waitForHistory(
    guarded,
    (h) => h.some((e) => e.url.includes(marker) && e.kind === 'query') && h.some((e) => e.kind === 'header'),
    'the token blocked and the header stripped, recorded',
  );
  expect(history.find((e) => e.url.includes(`${marker}-token`))?.action).toBe('blocked');

  // The popup says why the page is on http.
  const page = await guarded.newPage();
  await page.goto(`http://${onion}/landing?popup`);
  const tabId = (await pollUntil(
    () => guarded.inExtension(runExtensionCommand, { op: 'tab-id', urlPrefix: `http://${onion}/landing?popup` }),
    (id) => id !== null,
    'the onion tab',
  )) as number;
  const popup = await openExtensionPage(guarded, `src/popup/index.html?tabId=${tabId}`, '#site-how');
  expect(await popup.evaluate(() => document.getElementById('site-how')?.dataset.how, null)).toBe('special');
  await Promise.all([popup.close(), page.close()]);

  await applySettings(guarded, { ...LAB_SETTINGS, upgradeSpecialUseNames: true });
  expect(await probe(guarded, lab, onion)).toBe('tls');
});

test('control, no extension: the onion name gets the token in cleartext', async ({ unguarded, lab }) => {
  const secret = `cg-${randomUUID()}`;
  await sendFromOnionPage(unguarded, lab, secret);
  await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'the token in cleartext');
});
