import { randomUUID } from 'node:crypto';
import { readHistory, waitForHistory, waitForRules } from '../harness/session';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';

/** What the guard stored outlives the browser: history, settings, rules. */
const origin = `http://${LAB_HOSTS.plain}`;

test('the history, the settings and the rules survive a browser restart', async ({ guarded, lab }) => {
  const marker = `restart-${randomUUID()}`;
  const page = await guarded.newPage();
  await page.goto(`${origin}/page/blank`);
  await page.evaluate((m) => fetch(`/echo?m=${m}&token=x`).catch(() => undefined), marker);
  const before = await waitForHistory(
    guarded,
    (h) => h.some((e) => e.url.includes(marker)),
    'the event recorded before the restart',
  );

  await guarded.restart();
  await waitForRules(guarded); // the stored settings (plain.test is an exception) are back in force
  const after = await readHistory(guarded, 5000);
  expect(after.map((e) => e.id)).toEqual(expect.arrayContaining(before.map((e) => e.id)));

  // And the guard still works: the exception holds and the credential is still stopped.
  const again = await guarded.newPage();
  await again.goto(`${origin}/page/blank`);
  expect(again.url()).toBe(`${origin}/page/blank`);
  const secret = `cg-${randomUUID()}`;
  await again.evaluate((s) => fetch(`/echo?token=${s}`).catch(() => undefined), secret);
  await waitForHistory(
    guarded,
    (h) => h.some((e) => e.url.includes('token=[redacted]') && !before.some((b) => b.id === e.id)),
    'the new block recorded after the restart',
  );
  expect(lab.log.cleartextContains(secret)).toBe(false);
  await again.close();
});
