/**
 * What a test needs from a browser, the same for Chromium (Playwright) and Firefox
 * (puppeteer-core over WebDriver BiDi), so each scenario is written once.
 */
export type BrowserKind = 'chromium' | 'firefox';

/** Longest any single browser action may take before it fails with its own message. */
export const ACTION_TIMEOUT_MS = 15_000;

export interface LabPage {
  /** Navigates like a typed URL and waits for the load event. */
  goto(url: string): Promise<void>;
  url(): string;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Runs a script's source in the page as the test driver does (no page CSP applies). */
  evaluateSource(source: string): Promise<unknown>;
  /** Clicks and waits until the page's URL satisfies `arrived` and it has loaded. */
  clickAndWaitForUrl(selector: string, arrived: (url: string) => boolean): Promise<void>;
  /** Waits for a condition evaluated in the page. */
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A): Promise<void>;
  /**
   * Starts a navigation that may end somewhere no navigation event reports (an extension
   * page) and waits until the URL satisfies `arrived` and the page has loaded.
   */
  navigate(url: string, arrived: (url: string) => boolean): Promise<void>;
  /** A real (trusted) click on an element, looking inside open shadow roots too. */
  click(selector: string): Promise<void>;
  /** Presses a key as the keyboard does ("Tab", "Enter"), on whatever has the focus. */
  press(key: string): Promise<void>;
  /** Waits for an element, looking inside open shadow roots too. */
  waitForSelector(selector: string): Promise<void>;
  /** Resizes the page's viewport (CSS pixels), as a window of that size would show it. */
  setViewport(width: number, height: number): Promise<void>;
  /** Saves a PNG of the page as it looks with the given colour scheme. */
  screenshot(
    path: string,
    colorScheme: 'light' | 'dark',
    clip?: { x: number; y: number; width: number; height: number },
  ): Promise<void>;
  /**
   * Answers the browser's own HTTP login prompt with these credentials from now on (as a
   * person typing them would); null stops answering.
   */
  answerHttpAuth(credentials: { username: string; password: string } | null): Promise<void>;
  /** Waits for a child frame whose URL starts with `urlPrefix`, then runs `fn` in it. */
  evaluateInFrame<R, A>(urlPrefix: string, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(): Promise<void>;
}

export interface LabBrowser {
  readonly kind: BrowserKind;
  /** False for the negative control: the same browser without the extension. */
  readonly guarded: boolean;
  /** chrome-extension://ID/ or moz-extension://UUID/; null without the extension. */
  readonly extensionOrigin: string | null;
  newPage(): Promise<LabPage>;
  /** Runs `fn` in one of the extension's own pages (guarded browsers only). */
  inExtension<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /**
   * Opens a page in a private window (Chromium: an incognito context, the extension allowed
   * there; Firefox: a private window, private browsing allowed for the add-on).
   */
  newPrivatePage(): Promise<LabPage>;
  /**
   * Closes every private window: the private session ends. `abruptly` (Chromium): the
   * private profile is torn down at once, before its extension instance can hear of it.
   */
  closePrivateWindows(options?: { abruptly?: boolean }): Promise<void>;
  /** Stops the extension's service worker (Chromium only). */
  stopWorker?(): Promise<void>;
  /** Quits and starts the browser again on the same profile (open pages are gone). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The browser's own HTTPS mode, on for a test of how the two work together (off in every
 * other test): Chrome's "Always use secure connections", Firefox's HTTPS-Only or
 * HTTPS-First.
 */
export type OwnHttpsMode = 'https-only' | 'https-first';

/** Flags and prefs both browsers get: no own upgrading, nothing phoning home. */
export const CHROMIUM_QUIET_ARGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-sync',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--metrics-recording-only',
  // Chromium's own HTTPS upgrading would hide a broken extension and spoil the controls.
  '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,HttpsFirstModeV2ForTypicallySecureUsers,LocalNetworkAccessChecks',
];
