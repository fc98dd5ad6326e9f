import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type KeyInput, type Browser, type Page } from 'puppeteer-core';
import manifest from '../../manifest.json' with { type: 'json' };
import { trustCaInNssDb } from '../lab/certificates';
import { PORTAL_CANONICAL_CONTENT } from '../lab/captive-portal';
import { ALL_LAB_HOSTS, LAB_HOSTS } from '../lab/hosts';
import type { Lab } from '../lab/servers';
import { ACTION_TIMEOUT_MS, type LabBrowser, type LabPage, type OwnHttpsMode } from './lab-browser';
import { frameAt } from './frames';
import { findExecutable, pollUntil, waitForArrival, withTimeout } from './poll';

export interface FirefoxOptions {
  lab: Lab;
  runDir: string;
  extensionDir?: string;
  headless?: boolean;
  /** The browser's UI language ("de", from Debian's language pack); English when absent. */
  locale?: string;
  /** Firefox's own HTTPS-Only or HTTPS-First mode on. */
  ownHttpsMode?: OwnHttpsMode;
}

/** The slice of the WebExtension API the harness uses to open and close private windows. */
interface PrivateWindowApi {
  browser: {
    windows: {
      create(options: { incognito: boolean; url: string }): Promise<unknown>;
      getAll(): Promise<{ id: number; incognito: boolean }[]>;
      remove(id: number): Promise<void>;
    };
  };
}

/** Fixed so tests (and `npm start`) can open moz-extension://UUID/ pages. */
export const FIREFOX_EXTENSION_UUID = '3c1e7a52-5d0b-4f3a-9a57-0c1ea27e7a11';
const GECKO_ID = manifest.browser_specific_settings.gecko.id;

function prefs(locale?: string, ownHttpsMode?: OwnHttpsMode): Record<string, unknown> {
  return {
    ...(locale ? { 'intl.locale.requested': locale, 'extensions.autoDisableScopes': 0 } : {}),
    // Lab names resolve to 127.0.0.1 (default ports only: the lab listens on 80 and 443).
    'network.dns.localDomains': ALL_LAB_HOSTS.join(','),
    // Firefox refuses to resolve .onion names outside Tor; the lab's is on loopback.
    'network.dns.blockDotOnion': false,
    'network.trr.mode': 5,
    'network.proxy.type': 0,
    // Firefox's own upgrading would hide a broken extension and spoil the controls.
    'dom.security.https_only_mode': false,
    'dom.security.https_only_mode_pbm': false,
    'dom.security.https_first': false,
    'dom.security.https_first_pbm': false,
    'dom.security.https_first_schemeless': false,
    'network.http.phishy-userpass-length': 255,
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
    // A temporary add-on is removed when Firefox quits; keep its data for restart tests.
    'extensions.webextensions.keepStorageOnUninstall': true,
    'extensions.webextensions.keepUuidOnUninstall': true,
    // Firefox's own captive-portal detection, pointed at the lab (captive-portal.ts) and
    // checking every second, as a real network's would on its schedule.
    'network.captive-portal-service.enabled': true,
    'captivedetect.canonicalURL': `http://${LAB_HOSTS.portalDetect}/canonical.html`,
    'captivedetect.canonicalContent': PORTAL_CANONICAL_CONTENT,
    'network.captive-portal-service.minInterval': 1000,
    'network.captive-portal-service.maxInterval': 1000,
    'network.captive-portal-service.backoffFactor': '1.0',
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'app.update.enabled': false,
    ...(ownHttpsMode === 'https-only' ? { 'dom.security.https_only_mode': true } : {}),
    ...(ownHttpsMode === 'https-first' ? { 'dom.security.https_first': true } : {}),
  };
}

function wrapPage(page: Page): LabPage {
  // page.url() does not follow a navigation into an extension page over BiDi: ask the document.
  let href = '';
  const arrivedAndLoaded = (arrived: (url: string) => boolean, what: string) =>
    waitForArrival(
      () => href,
      async () => {
        const state = await page.evaluate(() => ({ href: location.href, ready: document.readyState }));
        href = state.href;
        return state.ready;
      },
      arrived,
      what,
    );
  return {
    goto: async (url) => {
      const before = page.url();
      try {
        await page.goto(url, { waitUntil: 'load' });
      } catch (error) {
        // Firefox over BiDi now and then reports a navigation that a declarative rule
        // upgraded (an internal redirect) as interrupted by a new one; the load goes on.
        if (!String(error).includes('A new navigation interrupted an unfinished navigation')) throw error;
        const host = new URL(url).hostname;
        await arrivedAndLoaded(
          (href) =>
            href !== before &&
            (href.startsWith('moz-extension:') || (URL.canParse(href) && new URL(href).hostname === host)),
          `navigation to ${url} (reported interrupted)`,
        );
      }
    },
    url: () => page.url(),
    evaluateSource: (source) => withTimeout(page.evaluate(source), ACTION_TIMEOUT_MS, 'page.evaluate(source)'),
    evaluate: async (fn, arg) =>
      (await withTimeout(
        page.evaluate(fn as (a: unknown) => never, arg as unknown),
        ACTION_TIMEOUT_MS,
        'page.evaluate',
      )) as never,
    clickAndWaitForUrl: async (selector, arrived) => {
      await page.click(selector);
      await arrivedAndLoaded(arrived, `navigation after clicking ${selector}`);
    },
    waitForFunction: async (fn, arg) => {
      await page.waitForFunction(fn as (a: unknown) => unknown, {}, arg as unknown);
    },
    navigate: async (url, arrived) => {
      // BiDi reports no navigation into an extension page: start it, then poll.
      void page.goto(url).catch(() => undefined);
      await arrivedAndLoaded(arrived, `navigation to ${url}`);
    },
    // Like Playwright's, wait for the element first (an in-page dialog appears a moment later).
    press: (key) => page.keyboard.press(key as KeyInput),
    click: async (selector) => {
      await page.waitForSelector(`pierce/${selector}`);
      await page.click(`pierce/${selector}`);
    },
    waitForSelector: async (selector) => {
      await page.waitForSelector(`pierce/${selector}`);
    },
    answerHttpAuth: (credentials) => page.authenticate(credentials),
    setViewport: (width, height) => page.setViewport({ width, height }),
    screenshot: async (path, colorScheme, clip) => {
      // WebDriver BiDi cannot emulate media features; headless Firefox renders light.
      if (colorScheme === 'dark') throw new Error('Firefox over BiDi renders the light scheme only');
      await page.screenshot({ path: path as `${string}.png`, ...(clip ? { clip } : {}) });
    },
    evaluateInFrame: async (urlPrefix, fn, arg) => {
      const frame = await frameAt(() => page.frames(), page.mainFrame(), urlPrefix);
      return (await frame.evaluate(fn as (a: unknown) => never, arg as unknown)) as never;
    },
    close: () => page.close(),
  };
}

/** BiDi ignores extension-page navigation events: start the navigation, then poll. */
async function openExtensionPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  const url = `moz-extension://${FIREFOX_EXTENSION_UUID}/src/popup/index.html`;
  void page.goto(url).catch(() => undefined);
  await pollUntil(
    () => page.evaluate(() => (document.readyState === 'complete' ? location.href : '')),
    (href) => href === url,
    'the extension page to open',
  );
  return page;
}

export async function launchFirefox(options: FirefoxOptions): Promise<LabBrowser> {
  if (options.lab.httpPort !== 80 || options.lab.httpsPort !== 443) {
    throw new Error(
      'Firefox maps lab names to 127.0.0.1 on default ports only: start the lab on 80 and 443 (as root).',
    );
  }
  mkdirSync(options.runDir, { recursive: true });
  const profile = mkdtempSync(path.join(options.runDir, 'firefox-'));
  trustCaInNssDb(profile, options.lab.caPemPath);
  // Private browsing allowed for the add-on, as a user does in about:addons.
  writeFileSync(
    path.join(profile, 'extension-preferences.json'),
    JSON.stringify({ [GECKO_ID]: { permissions: ['internal:privateBrowsingAllowed'], origins: [] } }),
  );
  const executablePath = findExecutable(['firefox-esr', 'firefox']);
  let browser!: Browser;
  let extensionPage: Page | null = null;

  /** Starts Firefox on the run's profile and installs the add-on (again, after a restart). */
  async function start(): Promise<void> {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: options.headless ?? true,
      userDataDir: profile,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: prefs(options.locale, options.ownHttpsMode),
    });
    extensionPage = null;
    if (options.extensionDir) await browser.installExtension(path.resolve(options.extensionDir));
  }
  await start();

  return {
    kind: 'firefox',
    guarded: Boolean(options.extensionDir),
    extensionOrigin: options.extensionDir ? `moz-extension://${FIREFOX_EXTENSION_UUID}/` : null,
    newPage: async () => {
      const page = await browser.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      return wrapPage(page);
    },
    inExtension: async (fn, arg) => {
      if (!options.extensionDir) throw new Error('this browser runs without the extension');
      extensionPage ??= await openExtensionPage(browser);
      return (await extensionPage.evaluate(fn as (a: unknown) => never, arg as unknown)) as never;
    },
    newPrivatePage: async () => {
      // BiDi opens no private window itself: the add-on does, on a page the test can find
      // (an http exception of the lab's, so its address stays as written).
      const marker = `http://plain.test/landing?private-window=${Date.now()}`;
      extensionPage ??= await openExtensionPage(browser);
      await extensionPage.evaluate(
        (url) => (globalThis as unknown as PrivateWindowApi).browser.windows.create({ incognito: true, url }),
        marker,
      );
      const page = (await pollUntil(
        async () => (await browser.pages()).find((p) => p.url() === marker),
        (found) => found !== undefined,
        'the private window to open',
      )) as Page;
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      return wrapPage(page);
    },
    closePrivateWindows: async () => {
      extensionPage ??= await openExtensionPage(browser);
      await extensionPage.evaluate(async () => {
        const { windows } = (globalThis as unknown as PrivateWindowApi).browser;
        for (const w of await windows.getAll()) if (w.incognito) await windows.remove(w.id);
      }, null);
    },
    restart: async () => {
      await browser.close();
      await start();
    },
    close: () => browser.close(),
  };
}
