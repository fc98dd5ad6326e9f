import { randomUUID } from 'node:crypto';
import { runExtensionCommand, type TabReport } from '../harness/extension-page';
import type { LabBrowser, LabPage } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { readHistory, waitForHistory } from '../harness/session';
import { expect, test } from '../fixtures';
import { answerHoldDialog } from '../harness/ui';
import { LAB_HOSTS } from '../lab/hosts';
import type { Lab } from '../lab/servers';

/**
 * The leak guard on a cleartext-allowed host (plain.test is an exception). Each scenario
 * plants a unique secret in one kind of credential and runs with the extension (the
 * secret never reaches the cleartext listener, the harmless part of the page still works)
 * and without it (the secret does arrive: the negative control).
 */
const { plain } = LAB_HOSTS;
const origin = `http://${plain}`;
const plantedWhileGuarded: string[] = [];

function plantSecret(browser: LabBrowser): string {
  const secret = `cg-${randomUUID()}`;
  if (browser.guarded) plantedWhileGuarded.push(secret);
  return secret;
}

interface Scenario {
  name: string;
  kind: string;
  /** Runs the request from a page on the cleartext host; returns a marker the server always receives. */
  act(page: LabPage, secret: string, browser: LabBrowser): Promise<string | null>;
}

/** Runs `request` in the page; resolves to "sent" or "refused: <error>". */
async function runInPage(page: LabPage, source: string, secret: string): Promise<string> {
  return page.evaluate(
    async ([code, s]) => {
      try {
        await new Function('secret', `return (async () => { ${code} })()`)(s);
        return 'sent';
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    },
    [source, secret] as const,
  );
}

const scenarios: Scenario[] = [
  {
    name: 'an Authorization header',
    kind: 'header',
    async act(page, secret) {
      const marker = `auth-${randomUUID()}`;
      await runInPage(
        page,
        `await fetch('/echo?m=${marker}', { headers: { Authorization: 'Bearer ' + secret } });`,
        secret,
      );
      return marker;
    },
  },
  {
    name: 'an API-key header',
    kind: 'header',
    async act(page, secret) {
      const marker = `apikey-${randomUUID()}`;
      await runInPage(page, `await fetch('/echo?m=${marker}', { headers: { 'X-API-Key': secret } });`, secret);
      return marker;
    },
  },
  {
    name: 'a cookie',
    kind: 'cookie',
    async act(page, secret) {
      const marker = `cookie-${randomUUID()}`;
      await runInPage(
        page,
        `document.cookie = 'sid=' + secret + '; path=/'; await fetch('/echo?m=${marker}'); document.cookie = 'sid=; max-age=0; path=/';`,
        secret,
      );
      return marker;
    },
  },
  {
    name: 'a secret query parameter (fetch)',
    kind: 'query',
    async act(page, secret) {
      const marker = `query-${randomUUID()}`;
      // The harmless request to the same host works; the one carrying the key does not leave.
      await runInPage(
        page,
        `await fetch('/echo?m=${marker}&page=2'); await fetch('/echo?api_key=' + secret).catch(() => {});`,
        secret,
      );
      return marker;
    },
  },
  {
    name: 'a secret field in a JSON body',
    kind: 'body-field',
    async act(page, secret) {
      const marker = `json-${randomUUID()}`;
      await runInPage(
        page,
        `await fetch('/echo?m=${marker}', { method: 'POST', body: '{"note":"harmless"}' });
         await fetch('/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'ann', api_key: secret }) }).catch(() => {});`,
        secret,
      );
      return marker;
    },
  },
  {
    name: 'a password in an XHR form body',
    kind: 'body-field',
    async act(page, secret) {
      await runInPage(
        page,
        `await new Promise((resolve) => { const x = new XMLHttpRequest(); x.open('POST', '/echo');
           x.setRequestHeader('content-type', 'application/x-www-form-urlencoded');
           x.onloadend = resolve; try { x.send('user=ann&password=' + encodeURIComponent(secret)); } catch { resolve(); } });`,
        secret,
      );
      return null;
    },
  },
  {
    name: 'a beacon with a secret body',
    kind: 'body-field',
    async act(page, secret) {
      const marker = `beacon-${randomUUID()}`;
      await runInPage(
        page,
        `navigator.sendBeacon('/beacon?m=${marker}', 'hello'); navigator.sendBeacon('/beacon', 'token=' + secret);`,
        secret,
      );
      return marker;
    },
  },
  {
    name: 'a WebSocket token',
    kind: 'query',
    async act(page, secret) {
      const marker = `ws-${randomUUID()}`;
      await runInPage(
        page,
        `const open = (url) => new Promise((resolve) => { try { const ws = new WebSocket(url); ws.onmessage = () => { ws.close(); resolve(); }; ws.onerror = resolve; } catch { resolve(); } });
         await open('ws://${plain}/ws?m=${marker}'); await open('ws://${plain}/ws?token=' + secret);`,
        secret,
      );
      return marker;
    },
  },
];

async function expectOutcome(
  browser: LabBrowser,
  lab: Lab,
  secret: string,
  marker: string | null,
  leaked: () => boolean,
) {
  // The harmless request always arrives in cleartext: the page keeps working.
  if (marker) await lab.log.waitForRequest('cleartext', marker);
  if (browser.guarded) {
    expect(leaked()).toBe(false);
  } else {
    await lab.log.waitFor(leaked, `${secret} on the cleartext listener (control)`);
  }
}

for (const scenario of scenarios) {
  for (const guardedRun of [true, false]) {
    const title = guardedRun
      ? `guarded: ${scenario.name} never crosses in cleartext`
      : `control, no extension: ${scenario.name} does`;
    test(title, async ({ guarded, unguarded, lab }) => {
      const browser = guardedRun ? guarded : unguarded;
      const secret = plantSecret(browser);
      const page = await browser.newPage();
      await page.goto(`${origin}/page/blank`);
      const marker = await scenario.act(page, secret, browser);
      await expectOutcome(browser, lab, secret, marker, () => lab.log.cleartextContains(secret));
      if (browser.guarded) {
        const history = await waitForHistory(
          browser,
          (entries) => entries.some((e) => e.kind === scenario.kind && e.host === plain && !e.exposed),
          `a ${scenario.kind} record in the history`,
        );
        expect(JSON.stringify(history)).not.toContain(secret);
      }
      await page.close();
    });
  }
}

async function expectInterstitial(browser: LabBrowser, url: string, kind: string): Promise<void> {
  const page = await browser.newPage();
  const interstitial = `${browser.extensionOrigin}src/interstitial/index.html`;
  await page.navigate(url, (u) => u.startsWith(interstitial));
  await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'blocked-credential', null);
  const shown = await page.evaluate(
    () => ({
      kinds: [...document.querySelectorAll<HTMLElement>('#credentials li')].map((li) => li.dataset.kind),
      url: document.getElementById('url')?.textContent ?? '',
      text: document.body.innerText,
    }),
    null,
  );
  expect(shown.kinds).toContain(kind);
  expect(shown.url).toContain('[redacted]');
  await page.close();
  return void shown;
}

test('guarded: a navigation with a secret parameter shows the explanatory page, nothing sent', async ({
  guarded,
  lab,
}) => {
  const secret = plantSecret(guarded);
  await expectInterstitial(guarded, `${origin}/landing?access_token=${secret}`, 'query');
  expect(lab.log.cleartextContains(secret)).toBe(false);
});

test('guarded: a navigation with userinfo shows the explanatory page, nothing sent', async ({ guarded, lab }) => {
  const secret = plantSecret(guarded);
  await expectInterstitial(guarded, `http://lab-user:${secret}@${plain}/basic-auth`, 'userinfo');
  expect(lab.log.cleartextContains(secret)).toBe(false);
});

test('control, no extension: userinfo does cross in cleartext', async ({ unguarded, lab }) => {
  const secret = plantSecret(unguarded);
  const page = await unguarded.newPage();
  await page.goto(`http://lab-user:${secret}@${plain}/basic-auth`);
  await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'Basic credentials in cleartext');
  await page.close();
});

async function fillLogin(page: LabPage, secret: string): Promise<void> {
  await page.goto(`${origin}/page/login`);
  await page.click('#password');
  await page.evaluate((s) => {
    (document.getElementById('password') as HTMLInputElement).value = s;
  }, secret);
  await page.click('#submit');
}

test('guarded: a password form is held until the user confirms; confirmed, it is sent and recorded as exposed', async ({
  guarded,
  lab,
}) => {
  const held = plantSecret(guarded);
  const page = await guarded.newPage();
  await fillLogin(page, held);
  // The field the user went into carries the in-page warning.
  await page.waitForSelector('cleartext-guard-note');
  await answerHoldDialog(page, 'dont-send');
  expect(lab.log.cleartextContains(held)).toBe(false);
  expect(page.url()).toBe(`${origin}/page/login`);

  // Sent at the user's request: the only way a held password leaves, and it is recorded.
  const confirmedSecret = `cg-confirmed-${randomUUID()}`;
  await fillLogin(page, confirmedSecret);
  await answerHoldDialog(page, 'send-anyway');
  await lab.log.waitFor(() => lab.log.cleartextContains(confirmedSecret), 'the confirmed password');
  const history = await waitForHistory(
    guarded,
    (entries) => entries.some((e) => e.action === 'sent-by-user' && e.exposed),
    'the confirmed submit recorded as sent by the user',
  );
  expect(history.some((e) => e.action === 'held' && e.kind === 'password-field')).toBe(true);
  expect(JSON.stringify(history)).not.toContain(confirmedSecret);
  await page.close();
});

test('control, no extension: a password form goes out in cleartext', async ({ unguarded, lab }) => {
  const secret = plantSecret(unguarded);
  const page = await unguarded.newPage();
  await fillLogin(page, secret);
  await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'the password in cleartext');
  await page.close();
});

for (const mode of ['submit', 'fetch'] as const) {
  const how = mode === 'submit' ? 'form.submit() from its submit handler' : 'fetch from its submit handler';
  test(`guarded: a page that sends a password form itself (${how}) does not send it in cleartext`, async ({
    guarded,
    lab,
    browserKind,
  }) => {
    const secret = plantSecret(guarded);
    const stopped = (h: { host: string; kind: string; action: string }[]) =>
      h.filter((e) => e.host === plain && (e.kind === 'password-field' || e.kind === 'body-field')).length;
    const before = stopped(await readHistory(guarded));
    const page = await guarded.newPage();
    await page.goto(`${origin}/page/login-scripted?mode=${mode}`);
    await page.evaluate((s) => {
      (document.getElementById('password') as HTMLInputElement).value = s;
    }, secret);
    await page.click('#log-in');
    if (mode === 'submit' && browserKind === 'chromium') {
      // Chrome: the page-world guard hands the scripted submit to the in-page dialog.
      await answerHoldDialog(page, 'dont-send');
    }
    await waitForHistory(guarded, (h) => stopped(h) > before, 'the password submit held or blocked');
    expect(lab.log.cleartextContains(secret)).toBe(false);
    await page.close();
  });

  test(`control, no extension: a page that sends a password form itself (${how}) does`, async ({ unguarded, lab }) => {
    const secret = plantSecret(unguarded);
    const page = await unguarded.newPage();
    await page.goto(`${origin}/page/login-scripted?mode=${mode}`);
    await page.evaluate((s) => {
      (document.getElementById('password') as HTMLInputElement).value = s;
    }, secret);
    await page.click('#log-in');
    await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'the password in cleartext');
    await page.close();
  });
}

test('guarded: the badge shows what was stopped on the tab, in the warning colour', async ({ guarded, lab }) => {
  const page = await guarded.newPage();
  await page.goto(`${origin}/page/blank?badge`);
  const marker = `badge-${randomUUID()}`;
  await runInPage(
    page,
    `await fetch('/echo?m=${marker}', { headers: { Authorization: 'Bearer x' } }); await fetch('/echo?token=x').catch(() => {});`,
    '',
  );
  await lab.log.waitForRequest('cleartext', marker);
  const report = await pollUntil(
    () =>
      guarded.inExtension(runExtensionCommand, {
        op: 'tab-report',
        urlPrefix: `${origin}/page/blank?badge`,
      }) as Promise<TabReport | null>,
    (r) => r?.badge === '2',
    'a badge of 2 (one header stripped, one URL blocked)',
  );
  expect(report?.color).toEqual([0xcf, 0x22, 0x2e, 255]);
  await page.close();
});

test('guarded: no secret is in any storage area or database, and the history has every kind', async ({ guarded }) => {
  expect(plantedWhileGuarded.length).toBeGreaterThan(8);
  const dump = (await guarded.inExtension(runExtensionCommand, { op: 'dump-storage' })) as string;
  for (const secret of plantedWhileGuarded) expect(dump).not.toContain(secret);
  const history = await readHistory(guarded, 1000);
  const kinds = new Set(history.map((e) => e.kind));
  for (const kind of ['header', 'cookie', 'query', 'userinfo', 'body-field', 'password-field'])
    expect(kinds).toContain(kind);
  expect(dump).toContain('"action":"blocked"');
});

test('guarded: stopping the worker in the middle of a burst of 200 events loses none of them', async ({
  guarded,
  lab,
  browserKind,
}) => {
  test.skip(browserKind !== 'chromium', 'stopping the background on demand needs CDP (Chromium)');
  const secret = plantSecret(guarded);
  const burst = `burst-${randomUUID()}`;
  const page = await guarded.newPage();
  await page.goto(`${origin}/page/blank`);
  const fire = (from: number, to: number) =>
    page.evaluate(
      async ([b, s, start, end]) => {
        const requests = [];
        for (let i = start; i < end; i++) requests.push(fetch(`/echo?m=${b}-${i}&token=${s}`).catch(() => undefined));
        await Promise.all(requests);
      },
      [burst, secret, from, to] as const,
    );
  const recorded = async () => {
    const history = await readHistory(guarded, 5000);
    return new Set(
      history.filter((e) => e.url.includes(burst)).map((e) => /m=burst-[^-]+-[^&]*?-(\d+)&/.exec(e.url)?.[1] ?? e.url),
    );
  };
  await fire(0, 100);
  await pollUntil(recorded, (seen) => seen.size >= 1, 'the first events of the burst to be recorded');
  await guarded.stopWorker?.();
  await fire(100, 200);
  const seen = await pollUntil(recorded, (s) => s.size >= 200, 'all 200 events recorded');
  expect(seen.size).toBe(200);
  expect(lab.log.cleartextContains(secret)).toBe(false);
  await page.close();
});
