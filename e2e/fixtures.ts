import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import type { BrowserKind, LabBrowser } from './harness/lab-browser';
import { LAB_SETTINGS, applySettings, launch } from './harness/session';
import { PORT_HOST_PORT } from './lab/hosts';
import { startLab, type Lab } from './lab/servers';

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
      const ports = browserKind === 'firefox' ? { httpPort: 80, httpsPort: 443, altHttpPort: PORT_HOST_PORT } : {};
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
