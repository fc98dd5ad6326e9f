import { defineConfig } from '@playwright/test';
import type { BrowserKind } from './e2e/harness/lab-browser';

/**
 * Real-browser suites. One project per browser; `npm test` runs them one after the other
 * (the Firefox lab needs ports 80 and 443, and the machine has two cores).
 */
export default defineConfig<{ browserKind: BrowserKind }>({
  testDir: 'e2e/specs',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  reporter: [['list']],
  projects: [
    { name: 'chromium', use: { browserKind: 'chromium' } },
    { name: 'firefox', use: { browserKind: 'firefox' } },
  ],
});
