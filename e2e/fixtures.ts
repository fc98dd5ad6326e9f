import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { launchChromium } from './harness/chromium';
import { runExtensionCommand, type ExtensionStatus } from './harness/extension-page';
import { launchFirefox } from './harness/firefox';
import type { BrowserKind, LabBrowser } from './harness/lab-browser';
import { pollUntil } from './harness/poll';
import { LAB_HOSTS } from './lab/hosts';
import { startLab, type Lab } from './lab/servers';

/** The guarded browsers' settings: the plain host and the demo are exceptions. */
export const LAB_SETTINGS = { version: 1, exceptions: [LAB_HOSTS.plain, LAB_HOSTS.demo], upgradeLocalNetwork: false };

export function extensionDir(kind: BrowserKind): string {
  const dir = path.resolve('dist', kind === 'chromium' ? 'chrome' : 'firefox');
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`no build in ${dir}: run \`npm run build\` first`);
  }
  return dir;
}

export function launch(kind: BrowserKind, lab: Lab, runDir: string, withExtension: boolean): Promise<LabBrowser> {
  const options = { lab, runDir, extensionDir: withExtension ? extensionDir(kind) : undefined };
  return kind === 'chromium' ? launchChromium(options) : launchFirefox(options);
}

/** Writes the settings through the extension and waits until it says its rules match them. */
export async function applySettings(browser: LabBrowser, settings: Record<string, unknown>): Promise<ExtensionStatus> {
  await browser.inExtension(runExtensionCommand, { op: 'write-settings', settings });
  return waitForRules(browser);
}

export function waitForRules(browser: LabBrowser): Promise<ExtensionStatus> {
  return pollUntil(
    async () => (await browser.inExtension(runExtensionCommand, { op: 'status' })) as ExtensionStatus,
    (status) => status.rulesInPlace && status.warnings.length === 0,
    'the extension to report its rules in place',
  );
}

interface WorkerFixtures {
  browserKind: BrowserKind;
  runDir: string;
  lab: Lab;
  /** The browser with Cleartext Guard installed and LAB_SETTINGS applied. */
  guarded: LabBrowser;
  /** The same browser without the extension: the negative control. */
  unguarded: LabBrowser;
}

export const test = base.extend<object, WorkerFixtures>({
  browserKind: ['chromium', { option: true, scope: 'worker' }],
  runDir: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cleartext-guard-lab-'));
      await use(dir);
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  lab: [
    async ({ browserKind, runDir }, use) => {
      const ports = browserKind === 'firefox' ? { httpPort: 80, httpsPort: 443 } : {};
      const lab = await startLab({ dir: path.join(runDir, 'certs'), ...ports });
      await use(lab);
      await lab.close();
    },
    { scope: 'worker' },
  ],
  guarded: [
    async ({ browserKind, lab, runDir }, use) => {
      const browser = await launch(browserKind, lab, runDir, true);
      await applySettings(browser, LAB_SETTINGS);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  unguarded: [
    async ({ browserKind, lab, runDir }, use) => {
      const browser = await launch(browserKind, lab, runDir, false);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

export { expect } from '@playwright/test';
