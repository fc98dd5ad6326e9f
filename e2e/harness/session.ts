import { existsSync } from 'node:fs';
import path from 'node:path';
import { LAB_HOSTS } from '../lab/hosts';
import type { Lab } from '../lab/servers';
import { launchChromium } from './chromium';
import { runExtensionCommand, type ExtensionStatus } from './extension-page';
import { launchFirefox } from './firefox';
import type { BrowserKind, LabBrowser, OwnHttpsMode } from './lab-browser';
import { pollUntil } from './poll';

/** The guarded browsers' settings: the plain host and the demo are exceptions (credentials guarded). */
export const LAB_SETTINGS = {
  version: 3,
  mode: 'balanced',
  exceptions: [LAB_HOSTS.plain, LAB_HOSTS.demo].map((pattern) => ({
    pattern,
    allowCredentials: false,
    scope: 'always',
    expiresAt: null,
  })),
  // The lab's names are under .test (special-use): upgraded here like public names.
  upgradeSpecialUseNames: true,
};

export function extensionDir(kind: BrowserKind): string {
  const dir = path.resolve('dist', kind === 'chromium' ? 'chrome' : 'firefox');
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(`no build in ${dir}: run \`npm run build\` first`);
  }
  return dir;
}

export function launch(
  kind: BrowserKind,
  lab: Lab,
  runDir: string,
  withExtension: boolean,
  headless = true,
  locale?: string,
  extra: { skipWorkerWait?: boolean; ownHttpsMode?: OwnHttpsMode; extensionDir?: string } = {},
): Promise<LabBrowser> {
  const { extensionDir: otherExtension, ...rest } = extra;
  const options = {
    lab,
    runDir,
    extensionDir: withExtension ? (otherExtension ?? extensionDir(kind)) : undefined,
    headless,
    locale,
    ...rest,
  };
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

/** A history record as the tests read it back (never holds a secret). */
export interface HistoryEntry {
  id: number;
  kind: string;
  name: string;
  action: string;
  exposed: boolean;
  url: string;
  host: string;
  /** "page": a claim the page's own script could have made up; "observed" otherwise. */
  origin?: string;
}

export async function readHistory(browser: LabBrowser, limit = 5000): Promise<HistoryEntry[]> {
  return (await browser.inExtension(runExtensionCommand, { op: 'history', limit })) as HistoryEntry[];
}

/** Waits until the extension's history satisfies `done`, and returns it. */
export function waitForHistory(
  browser: LabBrowser,
  done: (entries: HistoryEntry[]) => boolean,
  description: string,
): Promise<HistoryEntry[]> {
  return pollUntil(() => readHistory(browser), done, description);
}
