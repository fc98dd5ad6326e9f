import { randomUUID } from 'node:crypto';
import type { LabBrowser, LabPage } from '../harness/lab-browser';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';

/**
 * An https page that writes its parts as http:// addresses (mixed content): with the
 * extension the browser itself rewrites them to https before any request
 * (upgrade-insecure-requests appended to https documents), so scripts and styles load
 * instead of being blocked; the page's own Content-Security-Policy still holds; and a
 * page that stays on http by an exception gets nothing of it.
 */
const { site, cross, plain } = LAB_HOSTS;
const N = 20;

async function loadMixed(browser: LabBrowser, url: string): Promise<LabPage> {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

const outcome = (page: LabPage) =>
  page.evaluate(
    () => ({
      img: Number(document.body.dataset.imgLoaded ?? 0),
      script: Number(document.body.dataset.scriptLoaded ?? 0),
      style: Number(document.body.dataset.styleLoaded ?? 0),
      extra: document.body.dataset.extraLoaded ?? null,
    }),
    null,
  );

test('guarded: every http:// part of an https page loads over https, scripts and styles included', async ({
  guarded,
  lab,
}) => {
  const marker = `mixed-${randomUUID()}`;
  const page = await loadMixed(guarded, `https://${site}/page/mixed?n=${N}&origin=${site}&m=${marker}`);
  await lab.log.waitFor(() => lab.log.find('tls', marker).length >= 3 * N + 1, 'every part over TLS');
  expect(await outcome(page)).toEqual({ img: N, script: N, style: N, extra: null });
  expect(lab.log.find('cleartext', marker)).toEqual([]);
  await page.close();
});

test("control, no extension: the browser blocks the page's http:// scripts and styles", async ({ unguarded, lab }) => {
  const marker = `mixed-${randomUUID()}`;
  const page = await loadMixed(unguarded, `https://${site}/page/mixed?n=${N}&origin=${site}&m=${marker}`);
  const seen = await outcome(page);
  expect(seen.script).toBe(0);
  expect(seen.style).toBe(0);
  expect(lab.log.find('tls', marker).filter((r) => r.target.startsWith('/script.js'))).toEqual([]);
  await page.close();
});

test("guarded: the page's own Content-Security-Policy still holds", async ({ guarded, lab }) => {
  const marker = `csp-${randomUUID()}`;
  const csp = "script-src 'self' 'unsafe-inline'";
  const extra = `https://${cross}/script.js?x=1`;
  const query = new URLSearchParams({ n: '1', origin: site, m: marker, csp, extra });
  const page = await loadMixed(guarded, `https://${site}/page/mixed?${query}`);
  // Its image and stylesheet load (upgraded) ...
  await lab.log.waitFor(
    () => lab.log.find('tls', `${marker}&i=0`).filter((r) => /^\/(pixel\.png|style\.css)/.test(r.target)).length >= 2,
    "the page's image and stylesheet over TLS",
  );
  await page.waitForFunction(() => document.body.dataset.extraFailed !== undefined, null);
  // ... and the other origin's script is refused by the page's own policy, never requested.
  expect(await outcome(page)).toMatchObject({ img: 1, style: 1, extra: null });
  expect(lab.log.requests.filter((r) => r.host === cross && r.target.startsWith('/script.js'))).toEqual([]);
  expect(lab.log.find('cleartext', marker)).toEqual([]);
  await page.close();
});

test('guarded: a page on http by an exception keeps its own http:// parts on http', async ({ guarded, lab }) => {
  const marker = `plain-${randomUUID()}`;
  const page = await loadMixed(guarded, `http://${plain}/page/mixed?n=1&origin=${plain}&m=${marker}`);
  await lab.log.waitFor(() => lab.log.find('cleartext', `${marker}&i=0`).length >= 3, 'its parts over http');
  expect(lab.log.find('tls', marker)).toEqual([]);
  await page.close();
});
