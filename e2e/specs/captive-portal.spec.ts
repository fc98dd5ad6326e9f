import { randomUUID } from 'node:crypto';
import { runExtensionCommand, type ExtensionStatus } from '../harness/extension-page';
import type { LabBrowser, LabPage } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { waitForHistory } from '../harness/session';
import { answerHoldDialog } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';

/**
 * A captive portal (e2e/lab/captive-portal.ts): while it is locked, http to the gate
 * host answers 302 to the portal's login host, and both present an untrusted certificate
 * over https. From the address the user typed to the portal's login page is one click on
 * the explanatory page; the login form is guarded like any password form; once the
 * network is open, the tab is protected again without anything more from the user.
 */
const { portalGate, portalLogin } = LAB_HOSTS;
const interstitialOf = (browser: LabBrowser) => `${browser.extensionOrigin}src/interstitial/index.html`;

function stateOf(page: LabPage): Promise<string> {
  return page.evaluate(() => `${location.href} ${document.readyState}`, null).catch(() => '');
}

test('one click from our page to the portal login, the login guarded, full protection back once the network is open', async ({
  guarded,
  lab,
  browserKind,
}) => {
  lab.lockPortal();
  if (browserKind === 'firefox') {
    // Firefox finds the portal itself (its detection asks the lab every second).
    await lab.log.waitFor(
      () => lab.log.find('cleartext', 'canonical.html').length > 0,
      "Firefox's captive-portal check",
    );
  }
  const marker = `portal-${randomUUID()}`;
  const typed = `http://${portalGate}/landing?m=${marker}`;
  const page = await guarded.newPage();
  await page.navigate(typed, (u) => u.startsWith(interstitialOf(guarded)));
  await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'failure-certificate', null);
  // The background tells the portal from a broken site, and the page offers its login page.
  await page.waitForFunction(() => document.getElementById('portal')?.hidden === false, null);

  let clicks = 0;
  await page.click('#open-portal');
  clicks++;
  const loginUrl = `http://${portalLogin}/login?from=${encodeURIComponent(typed)}`;
  await pollUntil(
    () => stateOf(page),
    (s) => s === `${loginUrl} complete`,
    "the portal's login page over http",
  );
  console.log(`[portal] ${browserKind}: ${clicks} click from the typed address to the portal's login page`);

  // The portal's password form is held like any other; the user sends it.
  const password = `cg-room-${randomUUID()}`;
  await page.click('#password');
  await page.evaluate((p) => {
    (document.getElementById('password') as HTMLInputElement).value = p;
  }, password);
  await page.click('#submit');
  await answerHoldDialog(page, 'send-anyway');
  await lab.log.waitFor(() => lab.log.cleartextContains(password), 'the login the user chose to send');
  await waitForHistory(
    guarded,
    (h) => h.some((e) => e.host === portalLogin && e.action === 'sent-by-user' && e.exposed),
    'the login recorded as sent by the user',
  );

  // The portal opens the network and sends the tab back; the tab's portal mode ends.
  await pollUntil(
    async () => (await guarded.inExtension(runExtensionCommand, { op: 'status' })) as ExtensionStatus,
    (s) => s.activeTabExceptions === 0 && s.rulesInPlace,
    'the tab to leave portal mode once the network is open',
  );
  const after = `after-${randomUUID()}`;
  // The request's arrival over TLS is the signal (Firefox may still be busy with its own
  // portal notification, so the page's load is not waited for).
  void page.goto(`http://${portalGate}/landing?m=${after}`).catch(() => undefined);
  await lab.log.waitForRequest('tls', after);
  expect(lab.log.find('cleartext', after)).toEqual([]);
  await page.close();
  if (browserKind === 'firefox') {
    // Firefox's own detection sees the open network too (the next test relies on it).
    await pollUntil(
      () =>
        guarded.inExtension(async () => {
          type Api = { captivePortal: { getState(): Promise<string> } };
          return (globalThis as unknown as { browser: Api }).browser.captivePortal.getState();
        }, null),
      (state) => state !== 'locked_portal',
      "Firefox's detection to see the network open",
    );
  }
});

test('a site whose HTTPS is broken but whose http answers is not taken for a portal', async ({
  guarded,
  lab,
  browserKind,
}) => {
  lab.setTlsBehaviour(LAB_HOSTS.flaky, 'untrusted');
  try {
    const page = await guarded.newPage();
    await page.navigate(`http://${LAB_HOSTS.flaky}/landing?broken`, (u) => u.startsWith(interstitialOf(guarded)));
    await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'failure-certificate', null);
    await page.waitForFunction(() => document.getElementById('portal')?.dataset.checked !== undefined, null);
    expect(await page.evaluate(() => document.getElementById('portal')?.dataset.checked, null)).toBe('false');
    expect(await page.evaluate(() => document.getElementById('portal')?.hidden, null)).toBe(true);
    if (browserKind === 'chromium') {
      // Chrome has no portal API: the background asked the host's cleartext root itself,
      // and closed that opening again.
      expect(lab.log.find('cleartext', '/').some((r) => r.host === LAB_HOSTS.flaky && r.target === '/')).toBe(true);
      await pollUntil(
        async () => (await guarded.inExtension(runExtensionCommand, { op: 'status' })) as ExtensionStatus,
        (s) => s.activeTabExceptions === 0 && s.rulesInPlace,
        'the probe to be closed again',
      );
    }
    await page.close();
  } finally {
    lab.setTlsBehaviour(LAB_HOSTS.flaky, 'ok');
  }
});
