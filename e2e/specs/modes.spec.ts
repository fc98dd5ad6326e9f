import { randomUUID } from 'node:crypto';
import { defaultCredentialPolicy } from '../../src/core/settings';
import { pollUntil } from '../harness/poll';
import { applySettings, LAB_SETTINGS, waitForHistory } from '../harness/session';
import { expect, test } from '../fixtures';
import type { LabPage } from '../harness/lab-browser';
import { LAB_HOSTS } from '../lab/hosts';
import type { Lab } from '../lab/servers';

/** Strict and watch modes change what happens to the same requests. Settings are restored after each test. */
const { site, plain, local } = LAB_HOSTS;

test.afterEach(async ({ guarded }) => {
  await applySettings(guarded, LAB_SETTINGS);
});

test('strict mode: credentials to the local network are blocked and stripped', async ({ guarded, lab }) => {
  await applySettings(guarded, { ...LAB_SETTINGS, mode: 'strict' });
  const secret = `cg-${randomUUID()}`;
  const marker = `strict-${randomUUID()}`;
  const page = await guarded.newPage();
  await page.goto(`http://${local}/page/blank`);
  expect(page.url()).toBe(`http://${local}/page/blank`); // the local network still stays on http
  await page.evaluate(
    async ([m, s]) => {
      await fetch(`/echo?m=${m}`, { headers: { Authorization: `Bearer ${s}` } });
      await fetch(`/echo?token=${s}`).catch(() => undefined);
    },
    [marker, secret] as const,
  );
  await lab.log.waitForRequest('cleartext', marker);
  expect(lab.log.cleartextContains(secret)).toBe(false);
  await waitForHistory(
    guarded,
    (h) =>
      h.some((e) => e.host === local && e.action === 'blocked') &&
      h.some((e) => e.host === local && e.action === 'stripped'),
    'the local-network block and strip recorded',
  );
  await page.close();
});

test('balanced mode (default): credentials to the local network are sent and recorded as exposed', async ({
  guarded,
  lab,
}) => {
  const secret = `cg-${randomUUID()}`;
  const page = await guarded.newPage();
  await page.goto(`http://${local}/page/blank`);
  await page.evaluate((s) => fetch(`/echo?token=${s}`).then(() => undefined), secret);
  await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'the warned credential on the local network');
  const history = await waitForHistory(
    guarded,
    (h) => h.some((e) => e.host === local && e.action === 'warned'),
    'a warned record for the local network',
  );
  expect(history.find((e) => e.host === local && e.action === 'warned')?.exposed).toBe(true);
  await page.close();
});

test('watch mode: nothing is upgraded or blocked, every credential is recorded as exposed', async ({
  guarded,
  lab,
}) => {
  await applySettings(guarded, { ...LAB_SETTINGS, mode: 'watch' });
  const secret = `cg-${randomUUID()}`;
  const page = await guarded.newPage();
  await page.goto(`http://${site}/landing`);
  expect(page.url()).toBe(`http://${site}/landing`);
  await page.goto(`http://${plain}/page/blank`);
  await page.evaluate((s) => fetch(`/echo?token=${s}`).then(() => undefined), secret);
  await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'the observed credential');
  const history = await waitForHistory(
    guarded,
    (h) => h.some((e) => e.host === plain && e.action === 'observed'),
    'an observed record',
  );
  const observed = history.find((e) => e.host === plain && e.action === 'observed');
  expect(observed?.exposed).toBe(true);
  expect(observed?.url).not.toContain(secret);
  await page.close();
});

/**
 * Posts a secret body to the page's own host until it arrives: the page world learns the
 * policy for its host a moment after the page starts, and refuses until then.
 */
function postUntilSent(page: LabPage, lab: Lab, secret: string): Promise<boolean> {
  return pollUntil(
    async () => {
      await page.evaluate(
        (s) =>
          fetch('/echo', { method: 'POST', body: `password=${s}` }).then(
            () => undefined,
            () => undefined,
          ),
        secret,
      );
      return lab.log.cleartextContains(secret);
    },
    (sent) => sent,
    'the body to reach the host',
  );
}

test("the page guard follows the policy for its page's own host: body-field warn sends (recorded), an exception that allows credentials sends", async ({
  guarded,
  lab,
}) => {
  const policy = { ...defaultCredentialPolicy(), 'body-field': 'warn' };
  await applySettings(guarded, { ...LAB_SETTINGS, credentialPolicy: policy });
  const page = await guarded.newPage();
  await page.goto(`http://${plain}/page/blank?warn`);
  await postUntilSent(page, lab, `cg-${randomUUID()}`);
  await waitForHistory(
    guarded,
    (h) => h.some((e) => e.host === plain && e.kind === 'body-field' && e.action === 'warned' && e.exposed),
    'the body recorded as warned (exposed)',
  );
  await page.close();

  const trusting = LAB_SETTINGS.exceptions.map((e) => ({ ...e, allowCredentials: e.pattern === plain }));
  await applySettings(guarded, { ...LAB_SETTINGS, exceptions: trusting });
  const trusted = await guarded.newPage();
  await trusted.goto(`http://${plain}/page/blank?trusted`);
  await postUntilSent(trusted, lab, `cg-${randomUUID()}`);
  await trusted.close();
});
