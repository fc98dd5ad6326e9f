import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { launch } from '../harness/session';
import { expect, test } from '../fixtures';
import type { LabBrowser } from '../harness/lab-browser';
import type { Lab } from '../lab/servers';
import { LAB_HOSTS } from '../lab/hosts';

/**
 * Protection from the first request: a fresh profile, the extension installed, and a
 * typed http:// address with a session token in it at once, without waiting for the
 * extension to say anything. The static baseline (manifest declarative_net_request) must
 * already upgrade it, whatever the background is doing. Ten fresh installs, then the
 * same right after a browser restart; the control shows the address does go out in
 * cleartext without the extension.
 */
// The default settings leave .test names on http: a name under no special-use suffix.
const site = LAB_HOSTS.publicName;
const INSTALLS = 10;

/** Navigates at once; resolves with where the request arrived and how long after `from` it did. */
async function navigateNow(browser: LabBrowser, lab: Lab, secret: string, from: number) {
  const page = await browser.newPage();
  const loading = page.goto(`http://${site}/landing?session=${secret}&token=${secret}`).catch(() => undefined);
  await lab.log.waitFor(
    () => lab.log.find('tls', secret).length + lab.log.find('cleartext', secret).length > 0,
    `the navigation with ${secret}`,
  );
  await loading;
  const [arrived] = [...lab.log.find('tls', secret), ...lab.log.find('cleartext', secret)];
  return { listener: arrived?.listener, ms: (arrived?.at ?? from) - from };
}

test('a fresh install upgrades the very first navigation (10 installs), and again right after a restart', async ({
  browserKind,
  lab,
  runDir,
}) => {
  test.setTimeout(180_000);
  const timings: number[] = [];
  for (let i = 0; i < INSTALLS; i++) {
    const secret = `cg-install-${i}-${randomUUID()}`;
    const dir = path.join(runDir, `i${i}`);
    const browser = await launch(browserKind, lab, dir, true, true, undefined, { skipWorkerWait: true });
    const installed = Date.now();
    const first = await navigateNow(browser, lab, secret, installed);
    expect(first.listener).toBe('tls');
    expect(lab.log.cleartextContains(secret)).toBe(false);
    timings.push(first.ms);
    if (i === INSTALLS - 1) {
      await browser.restart();
      const again = `cg-restart-${randomUUID()}`;
      const afterRestart = await navigateNow(browser, lab, again, Date.now());
      expect(afterRestart.listener).toBe('tls');
      expect(lab.log.cleartextContains(again)).toBe(false);
    }
    await browser.close();
  }
  const sorted = [...timings].sort((a, b) => a - b);
  test.info().annotations.push({
    type: 'install-to-first-upgraded-request-ms',
    description: `median ${sorted[Math.floor(sorted.length / 2)]}, min ${sorted[0]}, max ${sorted[sorted.length - 1]}`,
  });
});

test('control, no extension: the same first navigation goes out in cleartext', async ({ browserKind, lab, runDir }) => {
  const secret = `cg-install-control-${randomUUID()}`;
  const browser = await launch(browserKind, lab, path.join(runDir, 'ic'), false);
  const first = await navigateNow(browser, lab, secret, Date.now());
  expect(first.listener).toBe('cleartext');
  expect(lab.log.cleartextContains(secret)).toBe(true);
  await browser.close();
});
