import { randomUUID } from 'node:crypto';
import { runExtensionCommand, type ExtensionStatus } from '../harness/extension-page';
import type { LabBrowser, LabPage } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { probe } from '../harness/probe';
import { LAB_SETTINGS, applySettings, waitForHistory, waitForRules } from '../harness/session';
import { axeViolations, fill, openExtensionPage, textOf } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';
import type { SettingsView } from '../../src/messaging/protocol';

/**
 * The options page, for real: what a user types there changes what the next request does,
 * bad input changes nothing and says why, an import is all or nothing.
 */
const { site } = LAB_HOSTS;
const OPTIONS = 'src/options/index.html';

test.afterEach(async ({ guarded }) => {
  await applySettings(guarded, LAB_SETTINGS);
});

const view = async (browser: LabBrowser) =>
  (await browser.inExtension(runExtensionCommand, { op: 'settings-view' })) as SettingsView;
const status = async (browser: LabBrowser) =>
  (await browser.inExtension(runExtensionCommand, { op: 'status' })) as ExtensionStatus;

async function addException(page: LabPage, text: string): Promise<void> {
  const saves = await page.evaluate(() => document.body.dataset.saves ?? '0', null);
  await fill(page, '#exception-input', text);
  await page.click('#exception-add');
  await page.waitForFunction((n) => (document.body.dataset.saves ?? '0') !== n, saves);
}

async function expectRefused(page: LabPage, text: string, message: string): Promise<void> {
  await fill(page, '#exception-input', text);
  await page.click('#exception-add');
  await page.waitForFunction(
    (m) => document.getElementById('exception-errors')?.textContent?.includes(m) ?? false,
    message,
  );
}

test('bad input gets a specific message next to the field and changes nothing', async ({ guarded }) => {
  const page = await openExtensionPage(guarded, OPTIONS, '#exception-input');
  const before = (await view(guarded)).user;
  for (const [input, message] of [
    [`http://${site}/`, 'remove "http://"'],
    [`${site}/path`, 'not a path'],
    [`${site}:70000`, '65535'],
    ['*.10.0.0.1', 'no subdomains'],
    ['*.co.uk', 'turn the upgrade off for every site under the public suffix "co.uk"'],
    ['a.*.test', 'leading "*."'],
    [LAB_HOSTS.plain, 'already in the list'],
    [`ok-1.test\n${'x'.repeat(300)}.test\nok-2.test`, 'line 2'],
  ] as const) {
    await expectRefused(page, input, message);
  }
  // A paste of 10,000 lines with one bad line: refused as a whole, the line named.
  const lines = Array.from({ length: 10_000 }, (_, i) => (i === 4999 ? 'http://bad.test' : `h${i}.paste.test`));
  await expectRefused(page, lines.join('\n'), 'line 5,000');
  expect((await view(guarded)).user).toEqual(before);

  // An IDN: stored as punycode, both forms shown.
  await addException(page, 'Bücher.example');
  expect(await textOf(page, '#exception-added')).toContain('xn--bcher-kva.example (bücher.example)');
  expect((await view(guarded)).user.exceptions.map((e) => e.pattern)).toContain('xn--bcher-kva.example');

  // An IPv6 literal with a port is a valid pattern.
  await addException(page, '[2001:db8::5]:8080');
  expect((await view(guarded)).user.exceptions.map((e) => e.pattern)).toContain('[2001:db8::5]:8080');
  expect(await axeViolations(page)).toEqual([]);
  await page.close();
});

test('exceptions added, edited, expired and removed in the options page change real requests', async ({
  guarded,
  lab,
}) => {
  const baseline = await waitForRules(guarded);
  expect(await probe(guarded, lab, site)).toBe('tls');
  const page = await openExtensionPage(guarded, OPTIONS, '#exception-input');

  await addException(page, site);
  await waitForRules(guarded);
  expect(await probe(guarded, lab, site)).toBe('cleartext');

  // Edit: the same host, now only until a few seconds from now.
  await page.click(`[data-pattern="${site}"] [data-action="edit"]`);
  await fill(page, '#exception-scope', 'until');
  const until = await page.evaluate(() => {
    const end = new Date(Date.now() + 4000);
    return new Date(end.getTime() - end.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
  }, null);
  await fill(page, '#exception-until', until);
  const saves = await page.evaluate(() => document.body.dataset.saves ?? '0', null);
  await page.click('#exception-add');
  await page.waitForFunction((n) => (document.body.dataset.saves ?? '0') !== n, saves);
  const edited = (await view(guarded)).user.exceptions.find((e) => e.pattern === site);
  expect(edited).toMatchObject({ scope: 'until' });
  await waitForRules(guarded);
  expect(await probe(guarded, lab, site)).toBe('cleartext');

  // Expiry: the rules go back to what they were without it, on their own.
  await pollUntil(
    () => status(guarded),
    (s) => s.rulesInPlace && s.wantedRuleCount === baseline.wantedRuleCount && Date.now() > (edited?.expiresAt ?? 0),
    'the timed exception to expire',
    15_000,
  );
  expect(await probe(guarded, lab, site)).toBe('tls');

  // Remove: gone from the settings and from the rules.
  await page.click(`[data-pattern="${site}"] [data-action="remove"]`);
  await pollUntil(
    () => view(guarded),
    (v) => !v.user.exceptions.some((e) => e.pattern === site),
    'the exception to be removed',
  );
  await page.close();
});

test('an exception for this session ends with the browser', async ({ guarded, lab }) => {
  const page = await openExtensionPage(guarded, OPTIONS, '#exception-input');
  await fill(page, '#exception-scope', 'session');
  await addException(page, site);
  await waitForRules(guarded);
  expect((await view(guarded)).user.exceptions.find((e) => e.pattern === site)?.scope).toBe('session');
  expect(await probe(guarded, lab, site)).toBe('cleartext');
  await page.close();

  await guarded.restart();
  await waitForRules(guarded);
  expect((await view(guarded)).user.exceptions.some((e) => e.pattern === site)).toBe(false);
  expect(await probe(guarded, lab, site)).toBe('tls');
});

test('an import is validated completely: a rejected file changes nothing, an export imports back', async ({
  guarded,
}) => {
  const page = await openExtensionPage(guarded, OPTIONS, '#import-settings');
  const before = (await view(guarded)).user;
  const setFile = (text: string) =>
    page.evaluate((content) => {
      const input = document.getElementById('import-settings') as HTMLInputElement;
      const files = new DataTransfer();
      files.items.add(new File([content], 'settings.json', { type: 'application/json' }));
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, text);

  const bad = JSON.stringify({ mode: 'strict', exceptions: ['good.test', 'http://bad.test/'], historyCap: 1 });
  await setFile(bad);
  await page.waitForFunction(() => (document.getElementById('import-errors')?.children.length ?? 0) >= 2, null);
  const errors = await textOf(page, '#import-errors');
  expect(errors).toContain('http://bad.test/');
  expect(errors).toContain('historyCap');
  expect((await view(guarded)).user).toEqual(before); // not even the valid "strict" was taken

  // Export, change something, import the export: everything is as before.
  await page.click('#export-settings');
  await page.waitForSelector('#export-settings-link');
  const exported = await page.evaluate(
    async () => (await fetch((document.getElementById('export-settings-link') as HTMLAnchorElement).href)).text(),
    null,
  );
  await page.click('#mode input[value="strict"]');
  await pollUntil(
    () => view(guarded),
    (v) => v.user.mode === 'strict',
    'strict mode saved',
  );
  await setFile(exported);
  await page.waitForSelector('#import-done');
  expect((await view(guarded)).user).toEqual(before);
  // The page shows the imported values, not the drafts it had before.
  expect(
    await page.evaluate(() => (document.getElementById('number-historyCap') as HTMLInputElement).value, null),
  ).toBe(String(before.historyCap));
  await page.close();
});

test('a paste of 10,000 exceptions applies, the rules stay within the limits, sync keeps what fits', async ({
  guarded,
  browserKind,
}) => {
  const page = await openExtensionPage(guarded, OPTIONS, '#exception-input');
  const lines = Array.from({ length: 10_000 }, (_, i) => `h${i}.paste.test`).join('\n');
  const started = Date.now();
  await addException(page, lines);
  const applied = await waitForRules(guarded);
  console.log(
    `[timing] ${browserKind}: 10,000 pasted exceptions saved and in the rules in ${Date.now() - started} ms (${applied.installedRuleCount} rules)`,
  );
  expect(await page.evaluate(() => document.getElementById('exception-count')?.dataset.total, null)).toBe(
    String(10_000 + LAB_SETTINGS.exceptions.length),
  );
  expect(applied.installedRuleCount).toBeLessThan(500);
  // 10,000 exceptions do not fit in storage.sync: the first ones sync, the page says the rest stay here.
  const { sync } = await view(guarded);
  expect(sync.error).toBeNull();
  expect(sync.synced).toBeGreaterThan(1000);
  expect(sync.synced + sync.localOnly).toBe(10_000 + LAB_SETTINGS.exceptions.length);
  await page.waitForFunction(
    () => document.getElementById('sync-status')?.textContent?.includes('this device only'),
    null,
  );
  await page.close();
});

test('the credential policy per kind changes what the next request carries', async ({ guarded, lab }) => {
  const options = await openExtensionPage(guarded, OPTIONS, '#policy-header');
  const page = await guarded.newPage();
  await page.goto(`http://${LAB_HOSTS.plain}/page/blank`);
  const sendAuthorization = async () => {
    const secret = `cg-${randomUUID()}`;
    const marker = `policy-${randomUUID()}`;
    await page.evaluate(
      ([m, s]) => fetch(`/echo?m=${m}`, { headers: { Authorization: `Bearer ${s}` } }).catch(() => undefined),
      [marker, secret] as const,
    );
    await lab.log.waitFor(() => lab.log.find('cleartext', marker).length > 0, 'the request to arrive');
    return { sent: lab.log.cleartextContains(secret), marker };
  };
  const setHeaderPolicy = async (value: string) => {
    await fill(options, '#policy-header', value);
    await pollUntil(
      () => view(guarded),
      (v) => v.user.credentialPolicy.header === value,
      `header policy ${value}`,
    );
    await waitForRules(guarded);
  };

  expect((await sendAuthorization()).sent).toBe(false); // default: stripped
  await setHeaderPolicy('warn');
  const warned = await sendAuthorization();
  expect(warned.sent).toBe(true); // sent, as the user chose, and recorded as exposed
  await waitForHistory(
    guarded,
    (h) => h.some((e) => e.url.includes(warned.marker) && e.kind === 'header' && e.action === 'warned' && e.exposed),
    'the warned header in the history',
  );
  await setHeaderPolicy('strip');
  expect((await sendAuthorization()).sent).toBe(false);
  await Promise.all([page.close(), options.close()]);
});
