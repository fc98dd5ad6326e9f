import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { runExtensionCommand } from '../harness/extension-page';
import { findExecutable } from '../harness/poll';
import { probe } from '../harness/probe';
import { launch, waitForRules } from '../harness/session';
import { openExtensionPage } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';
import type { SaveResult, SettingsView } from '../../src/messaging/protocol';

/**
 * Enterprise policy for real: Chromium reads /etc/chromium/policies/managed/*.json at
 * start, Firefox distribution/policies.json next to its binary. The test writes a
 * policy for the extension's id (Chromium: the fixed id from the manifest "key", see
 * keys/; Firefox: the gecko id), starts a browser, checks the options page shows the
 * values locked and that real requests follow them, then removes the file. Needs root
 * (CI runs as root). Browsers already running never see the file: they read it at start.
 */
const EXTENSION_ID = readFileSync('keys/chrome-dev-extension-id.txt', 'utf8').trim();
const GECKO_ID = 'cleartext-guard@cleartext-guard.dev';
const { site, plain } = LAB_HOSTS;

const POLICY_FILES = {
  chromium: '/etc/chromium/policies/managed/cleartext-guard-e2e.json',
  // Firefox reads policies.json from the "distribution" folder next to its binary.
  firefox: path.join(
    path.dirname(realpathSync(findExecutable(['firefox-esr', 'firefox']))),
    'distribution',
    'policies.json',
  ),
} as const;

function policyDocument(kind: 'chromium' | 'firefox', values: Record<string, unknown>): unknown {
  return kind === 'chromium'
    ? { '3rdparty': { extensions: { [EXTENSION_ID]: values } } }
    : { policies: { '3rdparty': { Extensions: { [GECKO_ID]: values } } } };
}

function canWrite(file: string): boolean {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    accessSync(path.dirname(file), constants.W_OK);
    return !existsSync(file); // never overwrite a real administrator's file
  } catch {
    return false;
  }
}

test('an administrator policy locks the settings and real requests follow it', async ({ browserKind, lab, runDir }) => {
  const file = POLICY_FILES[browserKind];
  test.skip(!canWrite(file), `writing ${file} needs root (and no policy file there already)`);
  const values = {
    mode: 'strict',
    exceptions: [{ pattern: site, allowCredentials: false }],
    credentialPolicy: { header: 'strip', cookie: 'strip' },
    // The lab's .test names are special-use: upgraded by policy here like public ones.
    upgradeSpecialUseNames: true,
  };
  writeFileSync(file, JSON.stringify(policyDocument(browserKind, values)));
  const browser = await launch(browserKind, lab, path.join(runDir, 'policy'), true);
  try {
    if (browserKind === 'chromium') expect(browser.extensionOrigin).toBe(`chrome-extension://${EXTENSION_ID}/`);
    await waitForRules(browser);
    const view = (await browser.inExtension(runExtensionCommand, { op: 'settings-view' })) as SettingsView;
    expect(view.locked.sort()).toEqual(['credentialPolicy', 'exceptions', 'mode', 'upgradeSpecialUseNames']);
    expect(view.effective.mode).toBe('strict');
    expect(view.effective.exceptions.map((e) => e.pattern)).toEqual([site]);
    expect(view.user.exceptions).toEqual([]);

    // Enforced on real requests: the administrator's exception stays on http, the rest is upgraded.
    expect(await probe(browser, lab, site)).toBe('cleartext');
    expect(await probe(browser, lab, plain)).toBe('tls');

    // Shown as locked, and not changeable: the controls are disabled, and a save through
    // the protocol keeps the administrator's values.
    // The popup shows the mode and the site's exception as locked, its exception buttons disabled.
    const sitePage = await browser.newPage();
    await sitePage.goto(`http://${site}/landing`);
    const tabId = (await browser.inExtension(runExtensionCommand, {
      op: 'tab-id',
      urlPrefix: `http://${site}/`,
    })) as number;
    const popup = await openExtensionPage(browser, `src/popup/index.html?tabId=${tabId}`, '#site-how');
    expect(
      await popup.evaluate(
        () => ({
          modeLocked: document.querySelector('#protection .locked') !== null,
          exceptionLocked: document.querySelector('#site-exception .locked') !== null,
          removeDisabled: (document.getElementById('remove-exception') as HTMLButtonElement).disabled,
        }),
        null,
      ),
    ).toEqual({ modeLocked: true, exceptionLocked: true, removeDisabled: true });
    await Promise.all([popup.close(), sitePage.close()]);

    const options = await openExtensionPage(browser, 'src/options/index.html', '#managed-note');
    const disabled = await options.evaluate(
      () => ({
        mode: (document.getElementById('mode') as HTMLFieldSetElement).disabled,
        exceptions: (document.getElementById('exception-input') as HTMLTextAreaElement).disabled,
        local: (document.getElementById('local-credentials') as HTMLSelectElement).disabled,
      }),
      null,
    );
    expect(disabled).toEqual({ mode: true, exceptions: true, local: false });
    const attempt = (await options.evaluate(
      (settings) => {
        type Runtime = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
        const scope = globalThis as unknown as { browser?: Runtime; chrome: Runtime };
        const api = scope.browser ?? scope.chrome;
        return api.runtime.sendMessage({ type: 'save-settings', data: { settings } });
      },
      { ...view.user, mode: 'watch', exceptions: [{ pattern: plain }] },
    )) as SaveResult;
    expect(attempt.ok).toBe(true);
    const after = (await browser.inExtension(runExtensionCommand, { op: 'settings-view' })) as SettingsView;
    expect(after.effective.mode).toBe('strict');
    expect(after.effective.exceptions.map((e) => e.pattern)).toEqual([site]);
    await waitForRules(browser);
    expect(await probe(browser, lab, plain)).toBe('tls');
  } finally {
    await browser.close();
    rmSync(file, { force: true });
  }
});
