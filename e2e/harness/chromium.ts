import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { trustCaInNssDb } from '../lab/certificates';
import { LAB_HOSTS, PORT_HOST_PORT } from '../lab/hosts';
import type { Lab } from '../lab/servers';
import {
  ACTION_TIMEOUT_MS,
  CHROMIUM_QUIET_ARGS,
  type LabBrowser,
  type LabPage,
  type OwnHttpsMode,
} from './lab-browser';
import { frameAt } from './frames';
import { findExecutable, pollUntil, waitForArrival, withTimeout } from './poll';

/** The id the manifest's key gives unpacked builds. */
const FIXED_EXTENSION_ID = readFileSync('keys/chrome-dev-extension-id.txt', 'utf8').trim();

export interface ChromiumOptions {
  lab: Lab;
  runDir: string;
  /** Unpacked extension to load; none for the negative control. */
  extensionDir?: string;
  headless?: boolean;
  /** The browser's UI language ("de"); English when absent. */
  locale?: string;
  /**
   * Return as soon as the browser is up, without waiting for the extension's service
   * worker (the install-time tests navigate before any of its JavaScript may have run).
   */
  skipWorkerWait?: boolean;
  /** Chrome's own "Always use secure connections" on (both modes map to it). */
  ownHttpsMode?: OwnHttpsMode;
}

/** Test host names keep their Host header but reach the lab's unprivileged ports. */
function hostResolverRules(lab: Lab): string {
  // A closed port: a real "connection refused" (Firefox gets a refused TLS handshake instead).
  const refused = `MAP ${LAB_HOSTS.refused}:443 127.0.0.1:1`;
  return [
    refused,
    `MAP ${LAB_HOSTS.port}:${PORT_HOST_PORT} 127.0.0.1:${lab.altHttpPort}`,
    ...['test', 'home.arpa', 'onion', 'cglab'].flatMap((suffix) => [
      `MAP *.${suffix}:80 127.0.0.1:${lab.httpPort}`,
      `MAP *.${suffix}:443 127.0.0.1:${lab.httpsPort}`,
    ]),
  ].join(',');
}

function wrapPage(page: Page): LabPage {
  return {
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    url: () => page.url(),
    evaluate: (fn, arg) =>
      withTimeout(page.evaluate(fn as (a: unknown) => never, arg as unknown), ACTION_TIMEOUT_MS, 'page.evaluate'),
    evaluateSource: (source) => withTimeout(page.evaluate(source), ACTION_TIMEOUT_MS, 'page.evaluate(source)'),
    clickAndWaitForUrl: async (selector, arrived) => {
      await Promise.all([page.waitForURL((u) => arrived(u.href), { waitUntil: 'load' }), page.click(selector)]);
    },
    waitForFunction: async (fn, arg) => {
      await page.waitForFunction(fn as (a: unknown) => unknown, arg as unknown);
    },
    navigate: async (url, arrived) => {
      void page.goto(url).catch(() => undefined);
      await waitForArrival(
        () => page.url(),
        () => page.evaluate(() => document.readyState),
        arrived,
        `navigation to ${url}`,
      );
    },
    // Playwright's CSS engine looks inside open shadow roots.
    click: (selector) => page.click(selector),
    press: (key) => page.keyboard.press(key),
    waitForSelector: async (selector) => {
      await page.waitForSelector(selector);
    },
    answerHttpAuth: async (credentials) => {
      await page.context().setHTTPCredentials(credentials);
    },
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    screenshot: async (path, colorScheme, clip) => {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path, ...(clip ? { clip } : {}) });
    },
    evaluateInFrame: async (urlPrefix, fn, arg) => {
      const frame = await frameAt(() => page.frames(), page.mainFrame(), urlPrefix);
      return (await frame.evaluate(fn as (a: unknown) => never, arg as unknown)) as never;
    },
    // Chromium sometimes never confirms closing a page that submitted a password form
    // (seen only without the extension); a test is done with the page either way.
    close: () =>
      withTimeout(page.close(), ACTION_TIMEOUT_MS, 'page.close').catch((error: unknown) => {
        console.warn(`[harness] ${String(error)}; carrying on`);
      }),
  };
}

async function stopServiceWorker(context: BrowserContext, extensionPage: Page, extensionId: string): Promise<void> {
  const cdp = await context.newCDPSession(extensionPage);
  const versions = new Map<string, string>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
    for (const v of updated) {
      if (v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) versions.set(v.versionId, v.runningStatus);
    }
  });
  await cdp.send('ServiceWorker.enable');
  const running = await pollUntil(
    () => [...versions].find(([, status]) => status === 'running')?.[0],
    (id) => id !== undefined,
    'the extension service worker to be reported running',
  );
  await cdp.send('ServiceWorker.stopWorker', { versionId: running as string });
  await pollUntil(
    () => versions.get(running as string),
    (s) => s === 'stopped',
    'the service worker to stop',
  );
  await cdp.detach();
}

export async function launchChromium(options: ChromiumOptions): Promise<LabBrowser> {
  mkdirSync(options.runDir, { recursive: true });
  const home = mkdtempSync(path.join(options.runDir, 'chromium-'));
  const tmp = path.join(home, 'tmp');
  mkdirSync(tmp);
  trustCaInNssDb(path.join(home, '.pki', 'nssdb'), options.lab.caPemPath);
  // The password manager's save prompt after a login form (the controls submit passwords
  // for real) has been seen to stall the page afterwards; the tests need none of it.
  mkdirSync(path.join(home, 'profile', 'Default'), { recursive: true });
  // The extension is allowed in incognito, as a user does in chrome://extensions (the id is
  // the manifest key's, see keys/).
  writeFileSync(
    path.join(home, 'profile', 'Default', 'Preferences'),
    JSON.stringify({
      credentials_enable_service: false,
      profile: { password_manager_enabled: false },
      extensions: { settings: { [FIXED_EXTENSION_ID]: { incognito: true } } },
      ...(options.ownHttpsMode ? { https_only_mode_enabled: true } : {}),
    }),
  );
  // With Chrome's own mode on, its upgrading is not switched off.
  const quiet = options.ownHttpsMode
    ? CHROMIUM_QUIET_ARGS.map((a) =>
        a.startsWith('--disable-features=') ? '--disable-features=LocalNetworkAccessChecks' : a,
      )
    : CHROMIUM_QUIET_ARGS;
  const args = [...quiet, `--host-resolver-rules=${hostResolverRules(options.lab)}`];
  if (options.locale) args.push(`--lang=${options.locale}`);
  if (options.extensionDir) {
    args.push(`--disable-extensions-except=${options.extensionDir}`, `--load-extension=${options.extensionDir}`);
  }
  const executablePath = findExecutable(['chromium', 'chromium-browser']);
  let context!: BrowserContext;
  let extensionId: string | null = null;
  let extensionPage: Page | null = null;
  let privateContext: BrowserContext | null = null;

  /** Starts the browser on the run's profile: the first time, and again after a restart. */
  async function start(): Promise<void> {
    context = await chromium.launchPersistentContext(path.join(home, 'profile'), {
      executablePath,
      headless: options.headless ?? true,
      args,
      ...(options.locale ? { locale: options.locale } : {}),
      env: { ...process.env, HOME: home, TMPDIR: tmp, ...(options.locale ? { LANGUAGE: options.locale } : {}) },
    });
    // A stuck action fails with its own message rather than as the test's timeout.
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    extensionPage = null;
    if (options.extensionDir && !options.skipWorkerWait) {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      extensionId = new URL(worker.url()).host;
    }
  }
  await start();

  const openExtensionPage = async (): Promise<Page> => {
    if (!extensionId) throw new Error('this browser runs without the extension');
    if (!extensionPage || extensionPage.isClosed()) {
      extensionPage = await context.newPage();
      await extensionPage.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
    }
    return extensionPage;
  };

  return {
    kind: 'chromium',
    guarded: Boolean(options.extensionDir),
    extensionOrigin: extensionId ? `chrome-extension://${extensionId}/` : null,
    newPage: async () => wrapPage(await withTimeout(context.newPage(), ACTION_TIMEOUT_MS, 'context.newPage')),
    inExtension: async (fn, arg) => (await openExtensionPage()).evaluate(fn as (a: unknown) => never, arg as unknown),
    newPrivatePage: async () => {
      const browser = context.browser();
      if (!browser) throw new Error('no browser behind the persistent context');
      privateContext ??= await browser.newContext();
      return wrapPage(await privateContext.newPage());
    },
    closePrivateWindows: async (options) => {
      if (options?.abruptly) {
        // The private profile goes at once, its extension instance with it.
        await privateContext?.close();
        privateContext = null;
      } else {
        // Its windows close; the private profile lingers a moment, as in Chrome.
        for (const page of privateContext?.pages() ?? []) await page.close();
      }
    },
    stopWorker: async () => stopServiceWorker(context, await openExtensionPage(), extensionId ?? ''),
    restart: async () => {
      await context.close();
      await start();
    },
    close: () => context.close(),
  };
}
