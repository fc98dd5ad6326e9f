import { randomUUID } from 'node:crypto';
import { runExtensionCommand } from '../harness/extension-page';
import type { LabBrowser } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { waitForHistory, type HistoryEntry } from '../harness/session';
import { answerHoldDialog } from '../harness/ui';
import { expect, test } from '../fixtures';
import { LAB_HOSTS } from '../lab/hosts';

/**
 * A hostile page: it looks for the extension, floods the history with made-up reports,
 * fakes submits and sends itself to the explanatory page. It learns nothing that the same
 * page in the same browser without the extension would not (each probe runs in both and
 * the answers must be equal), the history keeps every real record, and no choice is
 * offered without a real failure.
 */
const { plain, refused } = LAB_HOSTS;
const interstitialOf = (browser: LabBrowser) => `${browser.extensionOrigin}src/interstitial/index.html`;

/**
 * What a page can see of the functions a page-world guard would wrap and of its own
 * window: names, arity, source text, descriptors, prototypes, global names and symbols,
 * errors' stacks, and any extension address in its DOM.
 */
function probeForTheExtension(): Record<string, unknown> {
  const scope = window as unknown as Record<string, unknown>;
  const at = (path: string): unknown =>
    path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], scope);
  const functions = [
    'fetch',
    'open',
    'WebSocket',
    'WebSocket.prototype.send',
    'XMLHttpRequest.prototype.open',
    'XMLHttpRequest.prototype.send',
    'XMLHttpRequest.prototype.setRequestHeader',
    'Navigator.prototype.sendBeacon',
    'HTMLFormElement.prototype.submit',
    'Function.prototype.toString',
    'EventTarget.prototype.dispatchEvent',
  ];
  const shapeOf = (descriptor: PropertyDescriptor | undefined) =>
    descriptor && {
      writable: descriptor.writable,
      enumerable: descriptor.enumerable,
      configurable: descriptor.configurable,
      accessor: typeof descriptor.get === 'function',
    };
  const described = Object.fromEntries(
    functions.map((path) => {
      const fn = at(path) as ((...args: unknown[]) => unknown) | undefined;
      const owner = at(path.split('.').slice(0, -1).join('.') || 'window') as object;
      const key = path.split('.').pop() as string;
      return [
        path,
        fn && {
          name: fn.name,
          length: fn.length,
          text: Function.prototype.toString.call(fn),
          viaMethod: String(fn),
          hasPrototype: Object.prototype.hasOwnProperty.call(fn, 'prototype'),
          ownKeys: Reflect.ownKeys(fn).map(String).sort(),
          descriptor: shapeOf(Object.getOwnPropertyDescriptor(owner ?? window, key)),
        },
      ];
    }),
  );
  const stacks: string[] = [];
  const capture = (run: () => unknown) => {
    try {
      const result = run();
      if (result instanceof Promise) result.catch(() => undefined);
    } catch (error) {
      stacks.push(String((error as Error).stack ?? error));
    }
  };
  capture(() => new WebSocket('not a url'));
  capture(() => XMLHttpRequest.prototype.send.call({}));
  capture(() => HTMLFormElement.prototype.submit.call({}));
  capture(() => Navigator.prototype.sendBeacon.call({}, '/x'));
  const html = document.documentElement.outerHTML;
  return {
    globals: Object.getOwnPropertyNames(window).sort(),
    symbols: Object.getOwnPropertySymbols(window).map(String),
    documentSymbols: Object.getOwnPropertySymbols(document).map(String),
    described,
    extensionUrlInStacks: stacks.some((s) => /-extension:\/\//.test(s)),
    extensionUrlInDom: /-extension:\/\//.test(html),
  };
}

async function probedOn(browser: LabBrowser): Promise<Record<string, unknown>> {
  const page = await browser.newPage();
  await page.goto(`http://${plain}/page/login`);
  const seen = await page.evaluate(probeForTheExtension, null);
  await page.close();
  return seen;
}

test('the page finds no trace of the extension: the same globals, functions and errors as without it', async ({
  guarded,
  unguarded,
}) => {
  const [withIt, without] = [await probedOn(guarded), await probedOn(unguarded)];
  expect(withIt.extensionUrlInStacks).toBe(false);
  expect(withIt.extensionUrlInDom).toBe(false);
  expect(withIt).toEqual(without);
});

test('the explanatory page is not reachable at a fixed address, and a failed frame writes no extension address into the page', async ({
  guarded,
  browserKind,
  lab,
}) => {
  const page = await guarded.newPage();
  await page.goto(`http://${plain}/page/frame`);
  // The failed frame shows the explanation; the page's own DOM and the frame's src stay as the page wrote them.
  const src = `http://${refused}/landing?frame=${randomUUID()}`;
  await page.evaluate((s) => document.getElementById('frame')?.setAttribute('src', s), src);
  await pollUntil(
    async () =>
      (await guarded.inExtension(runExtensionCommand, { op: 'tab-documents' })) as { url: string; frameId: number }[],
    (documents) => browserKind === 'firefox' || documents.some((d) => d.url.includes('#failure=') && d.frameId > 0),
    'the explanatory page inside the frame',
  );
  if (browserKind === 'firefox') {
    await page.evaluateInFrame(interstitialOf(guarded), () => document.readyState, null);
  }
  const dom = await page.evaluate(
    () => ({
      src: document.getElementById('frame')?.getAttribute('src'),
      extensionUrl: /-extension:\/\//.test(document.documentElement.outerHTML),
    }),
    null,
  );
  expect(dom).toEqual({ src, extensionUrl: false });

  if (browserKind === 'chromium') {
    // use_dynamic_url: the fixed chrome-extension://<id>/ address of the page is refused to web pages.
    const loaded = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const probe = document.createElement('script');
          probe.src = url;
          probe.onload = () => resolve('loaded');
          probe.onerror = () => resolve('refused');
          document.head.append(probe);
        }),
      interstitialOf(guarded),
    );
    expect(loaded).toBe('refused');
  }
  expect(lab.log.find('cleartext', src.split('?')[1] ?? '')).toEqual([]);
  await page.close();
});

test("a page that sends itself to the explanatory page is offered no choice, not even a failure's that was used", async ({
  guarded,
  lab,
  browserKind,
}) => {
  const page = await guarded.newPage();
  const marker = `used-${randomUUID()}`;
  await page.navigate(`http://${refused}/landing?${marker}`, (u) => u.startsWith(interstitialOf(guarded)));
  await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'failure-no-https', null);
  const used = await page.evaluate(() => location.href, null);
  await page.click('[data-action="continue-once"]');
  await lab.log.waitForRequest('cleartext', marker);
  await pollUntil(
    () => page.evaluate(() => `${location.href} ${document.readyState}`, null).catch(() => ''),
    (state) => state === `http://${refused}/landing?${marker} complete`,
    'the http page after "continue"',
  );

  // The page (now on http, its own) sends its tab back to the explanatory page with the
  // failure it was shown. Chrome refuses a web page the page's fixed address outright
  // (use_dynamic_url); Firefox does not let a web page navigate its tab to an extension
  // page at all (the page stays where it is; framed, it gets no choices: failures.spec.ts).
  if (browserKind === 'chromium') {
    await page.evaluate((url) => void setTimeout(() => (location.href = url)), used);
    await pollUntil(
      () => page.evaluate(() => location.href, null).catch(() => ''),
      (href) => href.startsWith('chrome-error:'),
      "Chrome to refuse the page's navigation to the explanatory page",
    );
  }
  // Opened again as a person would (a bookmark, history), the used failure and a bare
  // address both show the page without any choice.
  for (const target of [used, interstitialOf(guarded)]) {
    const again = await guarded.newPage();
    await again.navigate(target, (u) => u.startsWith(interstitialOf(guarded)));
    await again.waitForFunction(() => document.getElementById('main')?.dataset.state === 'unknown', null);
    const choices = await again.evaluate(
      () => ['continue-once', 'always-allow'].filter((id) => document.getElementById(id)?.hidden === false),
      null,
    );
    expect(choices).toEqual([]);
    await again.close();
  }
  await page.close();
});

test('made-up submit events are ignored: no dialog, nothing held, the same as without the extension', async ({
  guarded,
  unguarded,
  lab,
}) => {
  const marker = `fake-submit-${randomUUID()}`;
  const fake = async (browser: LabBrowser, value: string) => {
    const page = await browser.newPage();
    await page.goto(`http://${plain}/page/login`);
    const seen = await page.evaluate(
      ([m, v]) => {
        const form = document.getElementById('login') as HTMLFormElement;
        form.action = `/login?${m}`;
        (document.getElementById('password') as HTMLInputElement).value = v;
        const notCancelled = form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
        return { notCancelled, dialog: document.querySelector('cleartext-guard-dialog') !== null };
      },
      [marker, value] as const,
    );
    await page.close();
    return seen;
  };
  const guardedValue = `cg-${randomUUID()}`;
  const [withIt, without] = [await fake(guarded, guardedValue), await fake(unguarded, `cg-${randomUUID()}`)];
  expect(withIt).toEqual({ notCancelled: true, dialog: false });
  expect(withIt).toEqual(without);
  // A real submit afterwards is held and recorded: the signal that the fake one was handled
  // (Firefox sends a form on a made-up submit event itself; its network guard stops that,
  // as a real block, never as a hold).
  const page = await guarded.newPage();
  await page.goto(`http://${plain}/page/login`);
  await page.evaluate((m) => {
    (document.getElementById('login') as HTMLFormElement).action = `/login?${m}-real`;
    (document.getElementById('password') as HTMLInputElement).value = 'held';
  }, marker);
  await page.click('#submit');
  await answerHoldDialog(page, 'dont-send');
  const history = await waitForHistory(
    guarded,
    (h) => h.some((e) => e.url.includes(`${marker}-real`)),
    'the real submit held and recorded',
  );
  const fromFake = history.filter((e) => e.url.includes(marker) && !e.url.includes(`${marker}-real`));
  expect(fromFake.filter((e) => e.action === 'held' || e.origin === 'page')).toEqual([]);
  expect(lab.log.cleartextContains(guardedValue)).toBe(false);
  await page.close();
});

test("600 frames flooding made-up reports never push out a real record; the page's claims stay few", async ({
  guarded,
  lab,
}) => {
  test.setTimeout(120_000);
  const page = await guarded.newPage();
  await page.goto(`http://${plain}/page/blank?flood`);
  // Real records first: two requests the guard stops on this page.
  const real = `real-${randomUUID()}`;
  await page.evaluate(async (m) => {
    await fetch(`/echo?m=${m}-a&token=x`).catch(() => undefined);
    await fetch(`/echo?m=${m}-b&api_key=y`).catch(() => undefined);
  }, real);
  const realRecords = (h: HistoryEntry[]) => h.filter((e) => e.url.includes(real));
  await waitForHistory(guarded, (h) => realRecords(h).length === 2, 'the two real records');

  // 600 same-origin frames, each firing the report event 20 times (for this host and others).
  const flood = `flood-${randomUUID()}`;
  let fired = 0;
  for (let batch = 0; batch < 6; batch++) {
    fired += await page.evaluate(floodFrom100Frames, [flood, batch] as const);
  }
  expect(fired).toBe(12_000);
  // A minute's worth of the page's claims (30 for the tab) is taken, for its own host only ...
  const claimsOf = (h: HistoryEntry[]) => h.filter((e) => e.url.includes(flood));
  await waitForHistory(guarded, (h) => claimsOf(h).length >= 30, "the tab's minute of claims");
  // ... and no more: a real request made after the flood is recorded, the claims stay 30.
  const after = `after-${randomUUID()}`;
  await page.evaluate((m) => fetch(`/echo?m=${m}&token=z`).catch(() => undefined), after);
  const history = await waitForHistory(
    guarded,
    (h) => h.some((e) => e.url.includes(after)),
    'the real record made after the flood',
  );
  expect(realRecords(history)).toHaveLength(2);
  const claims = claimsOf(history);
  expect(claims).toHaveLength(30);
  expect(claims.every((e) => e.host === plain && e.origin === 'page')).toBe(true);
  expect(realRecords(history).every((e) => e.origin === 'observed')).toBe(true);
  expect(lab.log.cleartextContains(`${flood}-value-`)).toBe(false);
  await page.close();
});

/** Adds 100 same-origin frames, each firing the report event 20 times (for this host and another). */
async function floodFrom100Frames([flood, batch]: readonly [string, number]): Promise<number> {
  const event = 'cleartext-guard:page-blocked';
  const frames = await Promise.all(
    Array.from({ length: 100 }, (_, i) => {
      const frame = document.createElement('iframe');
      frame.src = `/page/blank?${flood}-${batch}-${i}`;
      document.body.append(frame);
      return new Promise<HTMLIFrameElement>((resolve) => (frame.onload = () => resolve(frame)));
    }),
  );
  let count = 0;
  for (const frame of frames) {
    const doc = frame.contentDocument as Document;
    for (let j = 0; j < 20; j++) {
      const host = j % 2 === 0 ? location.host : 'elsewhere.test';
      const detail = JSON.stringify({
        url: `http://${host}/claim?${flood}=${j}`,
        action: 'blocked',
        credentials: [{ kind: 'query', name: 'token', value: `${flood}-value-${j}` }],
      });
      doc.dispatchEvent(new CustomEvent(event, { detail }));
      count++;
    }
  }
  return count;
}
