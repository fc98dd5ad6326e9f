import { accessSync, constants, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runExtensionCommand } from '../harness/extension-page';
import { probe } from '../harness/probe';
import { launch, waitForRules } from '../harness/session';
import { openExtensionPage } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';
import type { SaveResult, SettingsView } from '../../src/messaging/protocol';

/**
 * Enterprise policy for real: Chromium reads /etc/chromium/policies/managed/*.json at
 * start. The test writes a policy for the extension's fixed id (manifest "key", see
 * keys/), starts a browser, checks the options page shows the values locked and that real
 * requests follow them, then removes the file. Needs root (CI runs as root).
 */
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = path.join(POLICY_DIR, 'cleartext-guard-e2e.json');
const EXTENSION_ID = readFileSync('keys/chrome-dev-extension-id.txt', 'utf8').trim();
const { site, plain } = LAB_HOSTS;

function canWritePolicy(): boolean {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

test('an administrator policy locks the settings and real requests follow it (Chromium)', async ({
  browserKind,
  lab,
  runDir,
}) => {
  test.skip(
    browserKind !== 'chromium',
    'Chromium reads policy files; Firefox policies.json is documented in the README',
  );
  test.skip(!canWritePolicy(), `writing ${POLICY_DIR} needs root`);
  const policy = {
    '3rdparty': {
      extensions: {
        [EXTENSION_ID]: {
          mode: 'strict',
          exceptions: [{ pattern: site, allowCredentials: false }],
          credentialPolicy: { header: 'strip', cookie: 'strip' },
        },
      },
    },
  };
  writeFileSync(POLICY_FILE, JSON.stringify(policy));
  const browser = await launch('chromium', lab, path.join(runDir, 'policy'), true);
  try {
    expect(browser.extensionOrigin).toBe(`chrome-extension://${EXTENSION_ID}/`);
    await waitForRules(browser);
    const view = (await browser.inExtension(runExtensionCommand, { op: 'settings-view' })) as SettingsView;
    expect(view.locked.sort()).toEqual(['credentialPolicy', 'exceptions', 'mode']);
    expect(view.effective.mode).toBe('strict');
    expect(view.effective.exceptions.map((e) => e.pattern)).toEqual([site]);
    expect(view.user.exceptions).toEqual([]);

    // Enforced on real requests: the administrator's exception stays on http, the rest is upgraded.
    expect(await probe(browser, lab, site)).toBe('cleartext');
    expect(await probe(browser, lab, plain)).toBe('tls');

    // Shown as locked, and not changeable: the controls are disabled, and a save through
    // the protocol keeps the administrator's values.
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
        const api = (globalThis as unknown as { chrome: Runtime }).chrome;
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
    rmSync(POLICY_FILE, { force: true });
  }
});
