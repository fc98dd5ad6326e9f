/**
 * `npm start`: the demo. Starts the lab sites, opens a browser with the freshly built
 * extension on http://demo.test/ (a page that asks for cleartext resources of
 * site.test), and prints what happened to each request. A window when a display is
 * available, headless otherwise. `npm start -- --firefox` picks Firefox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runExtensionCommand, type TabReport } from '../e2e/harness/extension-page';
import type { BrowserKind } from '../e2e/harness/lab-browser';
import { pollUntil } from '../e2e/harness/poll';
import { LAB_SETTINGS, applySettings, launch } from '../e2e/harness/session';
import { LAB_HOSTS } from '../e2e/lab/hosts';
import { startLab } from '../e2e/lab/servers';

const KINDS = ['image', 'script', 'fetch', 'beacon', 'websocket'];
const kind: BrowserKind = process.argv.includes('--firefox') ? 'firefox' : 'chromium';
const headless = !process.env.DISPLAY || process.argv.includes('--headless');
const demoUrl = `http://${LAB_HOSTS.demo}/`;

const INTRO = `<h1>Cleartext Guard demo</h1>
<p>This page is served over plain http from <code>${LAB_HOSTS.demo}</code>, which the demo
set as an exception. It asks <code>${LAB_HOSTS.site}</code> for an image, a script, a fetch,
a beacon and a WebSocket, all with <code>http://</code> or <code>ws://</code> URLs.
With Cleartext Guard each is upgraded before it leaves the browser: the last column says
which of the site's listeners answered.</p>`;

const runDir = mkdtempSync(path.join(os.tmpdir(), 'cleartext-guard-demo-'));
const ports = kind === 'firefox' ? { httpPort: 80, httpsPort: 443 } : {};
const lab = await startLab({ dir: path.join(runDir, 'certs'), demoIntro: INTRO, ...ports });
const browser = await launch(kind, lab, runDir, true, headless);

async function shutdown(code: number): Promise<never> {
  await browser.close().catch(() => undefined);
  await lab.close();
  rmSync(runDir, { recursive: true, force: true });
  process.exit(code);
}

try {
  await applySettings(browser, LAB_SETTINGS);
  console.log(`Cleartext Guard is loaded in ${kind} (${headless ? 'headless' : 'window'}); rules in place.`);
  const page = await browser.newPage();
  await page.goto(demoUrl);
  await page.waitForFunction(
    (n) => Object.keys((window as unknown as { __results: object }).__results).length === n,
    KINDS.length,
  );
  const results = await page.evaluate(
    () => (window as unknown as { __results: Record<string, string> }).__results,
    null,
  );
  const report = await pollUntil(
    async () =>
      (await browser.inExtension(runExtensionCommand, { op: 'tab-report', urlPrefix: demoUrl })) as TabReport | null,
    (r) => r !== null && r.upgraded > 0,
    'the demo tab to count its upgrades',
  );
  console.log(`\n${demoUrl} asked ${LAB_HOSTS.site} for:`);
  for (const k of KINDS) {
    const over = lab.log.requests.find((r) => r.host === LAB_HOSTS.site && r.target.includes(`demo-${k}`))?.listener;
    const verdict =
      over === 'tls' ? 'upgraded, arrived over HTTPS' : over === 'cleartext' ? 'WENT OUT IN CLEARTEXT' : 'not seen';
    console.log(`  ${k.padEnd(10)} page saw: ${String(results[k]).padEnd(7)} server: ${verdict}`);
  }
  const leaked = lab.log.requests.filter((r) => r.host === LAB_HOSTS.site && r.listener === 'cleartext').length;
  console.log(`\nUpgrades counted on the toolbar badge for this tab: ${report?.badge ?? '?'}`);
  console.log(`Requests to ${LAB_HOSTS.site} that reached its cleartext listener: ${leaked}`);
  if (headless) await shutdown(leaked === 0 ? 0 : 1);
  console.log('\nThe browser stays open: try http:// links yourself. Ctrl+C to stop.');
  process.on('SIGINT', () => void shutdown(0));
} catch (error) {
  console.error(error);
  await shutdown(1);
}
