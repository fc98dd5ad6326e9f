import { randomUUID } from 'node:crypto';
import { SECRETS, runInPage } from '../harness/in-page';
import type { LabBrowser, LabPage } from '../harness/lab-browser';
import { pollUntil } from '../harness/poll';
import { LAB_SETTINGS, applySettings, waitForHistory, type HistoryEntry } from '../harness/session';
import { expect, test } from '../fixtures';
import { answerHoldDialog } from '../harness/ui';
import { LAB_HOSTS } from '../lab/hosts';
import type { Lab } from '../lab/servers';

/**
 * The red team: one case per way a credential has been seen to slip out (issue 10's
 * list, and the variants around each: frames, workers, redirects), each run with the
 * extension (the secret never crosses the cleartext wire, and the history says what was
 * stopped) and without it (the secret does cross: the negative control that proves the
 * case can fail). plain.test is an exception (cleartext allowed, credentials guarded).
 */
const { plain, site, untrusted, demo } = LAB_HOSTS;
const origin = `http://${plain}`;

interface Case {
  title: string;
  secret: () => string;
  /** Runs in a page on the excepted host: `secret` and `marker` in scope. */
  source: string;
  /** Where the case starts (default: a blank page on the excepted host). */
  start?: string;
  /** Guarded: the history record that says the guard acted (default: any record whose URL holds the marker). */
  recorded?: (entry: HistoryEntry, marker: string) => boolean;
}

const later = (code: string) => `setTimeout(() => { ${code} }, 0);`;
const worker = (request: string) => `
  const w = new Worker('/worker.js');
  const answered = new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); });
  w.postMessage(${request});
  await answered;`;

const cases: Case[] = [
  // 3. Key formats under innocuous names, in the path, disguised and weak names
  {
    title: '3: a GitHub token under an innocuous name (fetch)',
    secret: SECRETS.github,
    source: "await fetch('/echo?m=' + marker + '&q=' + secret).catch(() => {});",
  },
  {
    title: '3: a Slack token in the path (fetch)',
    secret: SECRETS.slack,
    source: "await fetch('/v1/' + secret + '/items?m=' + marker).catch(() => {});",
  },
  {
    title: '3: a JWT under an innocuous name (image)',
    secret: SECRETS.jwt,
    source: `await new Promise((resolve) => { const i = new Image(); i.onload = i.onerror = resolve;
      i.src = '/pixel.png?m=' + marker + '&v=' + secret; });`,
  },
  {
    title: '3: an OpenAI key typed into the address bar as a query value (navigation)',
    secret: SECRETS.openai,
    source: later("location.href = '/landing?m=' + marker + '&k=' + secret;"),
  },
  {
    title: '3: a secret name with a percent-escaped letter (api%5Fkey)',
    secret: SECRETS.plain,
    source: "await fetch('/echo?m=' + marker + '&api%5Fkey=' + secret).catch(() => {});",
  },
  {
    title: '3: a bracketed secret name (user%5Bpassword%5D)',
    secret: SECRETS.plain,
    source: "await fetch('/echo?m=' + marker + '&user%5Bpassword%5D=' + secret).catch(() => {});",
  },
  {
    title: '3: session= with a long value (fetch)',
    secret: SECRETS.plain,
    source: "await fetch('/echo?m=' + marker + '&session=' + secret).catch(() => {});",
  },
  {
    title: '3: sig= with a long value (image)',
    secret: SECRETS.plain,
    source: `await new Promise((resolve) => { const i = new Image(); i.onload = i.onerror = resolve;
      i.src = '/pixel.png?m=' + marker + '&sig=' + secret; });`,
  },
  {
    title: '3: an OAuth callback code (navigation)',
    secret: SECRETS.plain,
    source: later("location.href = '/landing?m=' + marker + '&code=' + secret + '&state=xyz';"),
  },
  // 4. Navigations a script starts, and where they are sent on
  {
    title: '4: location.assign() with session=',
    secret: SECRETS.plain,
    source: later("location.assign('http://plain.test/landing?m=' + marker + '&session=' + secret);"),
  },
  {
    title: '4: location.href = ... with session=',
    secret: SECRETS.plain,
    source: later("location.href = 'http://plain.test/landing?m=' + marker + '&session=' + secret;"),
  },
  {
    title: '4: window.open() with session=',
    secret: SECRETS.plain,
    source: "window.open('http://plain.test/landing?m=' + marker + '&session=' + secret, '_blank');",
  },
  {
    title: '4: an https page redirecting to the excepted host with token=',
    secret: SECRETS.plain,
    source: later(`location.href = 'https://${site}/redirect?to=' +
      encodeURIComponent('http://plain.test/landing?m=' + marker + '&token=' + secret);`),
  },
  {
    title: '4: a frame pointed at the excepted host with session=',
    secret: SECRETS.plain,
    source: `const f = document.createElement('iframe'); document.body.append(f);
      f.src = 'http://plain.test/landing?m=' + marker + '&session=' + secret;`,
  },
  {
    title: '4: a fetch that an https server redirects to the excepted host with token=',
    secret: SECRETS.plain,
    source: `await fetch('https://site.test/redirect?to=' +
      encodeURIComponent('http://plain.test/echo?m=' + marker + '&token=' + secret), { mode: 'no-cors' }).catch(() => {});`,
  },
  {
    title: '3: an EventSource with access_token=',
    secret: SECRETS.plain,
    source: `await new Promise((resolve) => { const es = new EventSource('/echo?m=' + marker + '&access_token=' + secret);
      es.onerror = () => { es.close(); resolve(); }; es.onopen = () => { es.close(); resolve(); }; });`,
  },
  // 5. Bodies the page guard could not read before
  {
    title: '5: a Blob beacon body',
    secret: SECRETS.plain,
    source: "navigator.sendBeacon('/beacon?m=' + marker, new Blob(['token=' + secret], { type: 'text/plain' }));",
  },
  {
    title: '5: a Blob fetch body (JSON)',
    secret: SECRETS.plain,
    source: `await fetch('/echo?m=' + marker, { method: 'POST',
      body: new Blob([JSON.stringify({ user: 'ann', api_key: secret })], { type: 'application/json' }) }).catch(() => {});`,
  },
  {
    title: '5: an ArrayBuffer fetch body',
    secret: SECRETS.plain,
    source: `await fetch('/echo?m=' + marker, { method: 'POST',
      body: new TextEncoder().encode('user=ann&password=' + secret).buffer }).catch(() => {});`,
  },
  {
    title: '5: a Uint8Array XHR body',
    secret: SECRETS.plain,
    source: `await new Promise((resolve) => { const x = new XMLHttpRequest(); x.open('POST', '/echo?m=' + marker);
      x.onloadend = resolve; try { x.send(new TextEncoder().encode('password=' + secret)); } catch { resolve(); } });`,
  },
  {
    title: '5: a DataView XHR body',
    secret: SECRETS.plain,
    source: `await new Promise((resolve) => { const x = new XMLHttpRequest(); x.open('POST', '/echo?m=' + marker);
      x.onloadend = resolve; const bytes = new TextEncoder().encode('{"token":"' + secret + '"}');
      try { x.send(new DataView(bytes.buffer)); } catch { resolve(); } });`,
  },
  {
    title: '5: a Request object with a body',
    secret: SECRETS.plain,
    source:
      "await fetch(new Request('/echo?m=' + marker, { method: 'POST', body: 'client_secret=' + secret })).catch(() => {});",
  },
  {
    title: '5: Navigator.prototype.sendBeacon.call(navigator, ...)',
    secret: SECRETS.plain,
    source: "Navigator.prototype.sendBeacon.call(navigator, '/beacon?m=' + marker, 'password=' + secret);",
  },
  {
    title: '5: a page that replaced Function.prototype.call and apply first',
    secret: SECRETS.plain,
    source: `Function.prototype.call = function () { return undefined; };
      Function.prototype.apply = function () { return undefined; };
      await fetch('/echo?m=' + marker, { method: 'POST', body: 'password=' + secret }).catch(() => {});`,
  },
  {
    title: '5: a body sent from an about:blank frame the page made',
    secret: SECRETS.plain,
    source: `const f = document.createElement('iframe'); document.body.append(f);
      await f.contentWindow.fetch('/echo?m=' + marker, { method: 'POST', body: 'password=' + secret }).catch(() => {});`,
  },
  // 7. Headers the rules cannot name
  {
    title: '7: a key-shaped value under any header name (X-My-Auth)',
    secret: SECRETS.github,
    source: "await fetch('/echo?m=' + marker, { headers: { 'X-My-Auth': secret } });",
  },
  {
    title: '7: Bearer <key> in a custom header',
    secret: SECRETS.github,
    source: "await fetch('/echo?m=' + marker, { headers: { 'X-Custom': 'Bearer ' + secret } });",
  },
  {
    title: '7: X-Api-Token (XHR)',
    secret: SECRETS.plain,
    source: `await new Promise((resolve) => { const x = new XMLHttpRequest(); x.open('GET', '/echo?m=' + marker);
      x.setRequestHeader('X-Api-Token', secret); x.onloadend = resolve; x.send(); });`,
  },
  {
    title: '7: Ocp-Apim-Subscription-Key',
    secret: SECRETS.plain,
    source: "await fetch('/echo?m=' + marker, { headers: { 'Ocp-Apim-Subscription-Key': secret } });",
  },
  {
    title: '7: X-Vault-Token',
    secret: SECRETS.plain,
    source: "await fetch('/echo?m=' + marker, { headers: { 'X-Vault-Token': secret } });",
  },
  // 9. WebSocket messages
  {
    title: '9: a token in a WebSocket message (JSON)',
    secret: SECRETS.plain,
    source: `const ws = new WebSocket('ws://plain.test/ws?m=' + marker);
      await new Promise((resolve) => { ws.onopen = resolve; ws.onerror = resolve; });
      ws.send(JSON.stringify({ type: 'auth', token: secret }));
      ws.send('hello-' + marker);
      await new Promise((resolve) => { ws.onmessage = (e) => { if (String(e.data).startsWith('hello-')) resolve(); }; });
      ws.close();`,
  },
  {
    title: '9: a bare key in a WebSocket message (Blob)',
    secret: SECRETS.github,
    source: `const ws = new WebSocket('ws://plain.test/ws?m=' + marker);
      await new Promise((resolve) => { ws.onopen = resolve; ws.onerror = resolve; });
      ws.send(new Blob([secret]));
      ws.send('hello-' + marker);
      await new Promise((resolve) => { ws.onmessage = (e) => { if (String(e.data).startsWith('hello-')) resolve(); }; });
      ws.close();`,
  },
  {
    title: '9: a token in the WebSocket subprotocols (Sec-WebSocket-Protocol)',
    secret: SECRETS.jwt,
    source: `await new Promise((resolve) => {
      try { const ws = new WebSocket('ws://plain.test/ws?m=' + marker, ['access_token', secret]);
        ws.onopen = () => { ws.close(); resolve(); }; ws.onerror = resolve; } catch { resolve(); } });`,
  },
  // 10. Workers: no page guard there; the URL and header rules hold
  {
    title: '10: a worker fetching a URL with token=',
    secret: SECRETS.plain,
    source: worker("{ url: '/echo?m=' + marker + '&token=' + secret, method: 'GET' }"),
  },
  {
    title: '10: a worker sending an Authorization header',
    secret: SECRETS.plain,
    source: worker("{ url: '/echo?m=' + marker, method: 'GET', headers: { Authorization: 'Bearer ' + secret } }"),
  },
  {
    title: '10: a worker sending X-Api-Key',
    secret: SECRETS.plain,
    source: worker("{ url: '/echo?m=' + marker, method: 'GET', headers: { 'X-API-Key': secret } }"),
  },
];

async function expectStopped(browser: LabBrowser, lab: Lab, secret: string, recorded: (e: HistoryEntry) => boolean) {
  const history = await waitForHistory(browser, (h) => h.some(recorded), 'the guard to record what it stopped');
  expect(lab.log.cleartextContains(secret)).toBe(false);
  expect(JSON.stringify(history)).not.toContain(secret);
}

for (const c of cases) {
  for (const guardedRun of [true, false]) {
    const title = guardedRun ? `guarded: ${c.title}` : `control, no extension: ${c.title}`;
    test(title, async ({ guarded, unguarded, lab }) => {
      const browser = guardedRun ? guarded : unguarded;
      const secret = c.secret();
      const marker = `rt-${randomUUID()}`;
      const page = await browser.newPage();
      await page.goto(c.start ?? `${origin}/page/blank`);
      await runInPage(page, c.source, secret, marker);
      if (guardedRun) {
        await expectStopped(browser, lab, secret, (e) => (c.recorded ?? ((x, m) => x.url.includes(m)))(e, marker));
      } else {
        await lab.log.waitFor(() => lab.log.cleartextContains(secret), `${c.title}: the secret in cleartext`);
      }
      await page.close();
    });
  }
}

test.describe('strict mode', () => {
  test.afterEach(async ({ guarded }) => {
    await applySettings(guarded, LAB_SETTINGS);
  });

  test('guarded: 10: a worker POSTing a secret body to a guarded host is blocked by rule (strict)', async ({
    guarded,
    lab,
  }) => {
    await applySettings(guarded, { ...LAB_SETTINGS, mode: 'strict' });
    const secret = SECRETS.plain();
    const marker = `rt-${randomUUID()}`;
    const page = await guarded.newPage();
    await page.goto(`${origin}/page/blank`);
    await runInPage(
      page,
      worker("{ url: '/echo?m=' + marker, method: 'POST', body: 'password=' + secret }"),
      secret,
      marker,
    );
    // A worker's body is not read by anyone (Firefox's webRequest does); the rule stops the request.
    await runInPage(page, worker("{ url: '/echo?after=' + marker, method: 'GET' }"), secret, marker);
    await lab.log.waitForRequest('cleartext', `after=${marker}`);
    expect(lab.log.cleartextContains(secret)).toBe(false);
    expect(lab.log.find('cleartext', `m=${marker}`)).toEqual([]);
    await page.close();
  });
});

test('control, no extension: 10: a worker POSTing a secret body does send it', async ({ unguarded, lab }) => {
  const secret = SECRETS.plain();
  const page = await unguarded.newPage();
  await page.goto(`${origin}/page/blank`);
  await runInPage(page, worker("{ url: '/echo', method: 'POST', body: 'password=' + secret }"), secret);
  await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'the worker body in cleartext');
  await page.close();
});

/** Fills the page's password field, optionally shows it as text, and submits. */
async function submitPassword(page: LabPage, secret: string, field: string, submit: string, show?: string) {
  await page.evaluate(([f, s]) => ((document.getElementById(f) as HTMLInputElement).value = s), [
    field,
    secret,
  ] as const);
  if (show) await page.click(show);
  await page.click(submit);
}

interface FormCase {
  title: string;
  path: string;
  /** What the guard does: a password is held (the user may send it), other secrets blocked. */
  action: 'held' | 'blocked';
  submit(page: LabPage, secret: string): Promise<void>;
}

const setForm = (page: LabPage, secret: string, form: { name: string; method: string; action: string }) =>
  page.evaluate(
    ([s, f]) => {
      const field = document.getElementById('field') as HTMLInputElement;
      field.name = f.name;
      field.value = s;
      const element = document.getElementById('form') as HTMLFormElement;
      element.method = f.method;
      element.action = f.action;
    },
    [secret, form] as const,
  );

const formCases: FormCase[] = [
  {
    title: '8: a password field a "show password" toggle turned into text',
    path: '/page/login-toggle',
    action: 'held',
    submit: (page, secret) => submitPassword(page, secret, 'password', '#submit', '#show'),
  },
  {
    title: '8: a text field named like a password',
    path: '/page/login-toggle',
    action: 'held',
    submit: (page, secret) => submitPassword(page, secret, 'pin', '#submit-named'),
  },
  {
    title: '8: a password form a script sends with requestSubmit()',
    path: '/page/login',
    action: 'held',
    async submit(page, secret) {
      await page.evaluate((s) => {
        (document.getElementById('password') as HTMLInputElement).value = s;
        (document.getElementById('login') as HTMLFormElement).requestSubmit();
      }, secret);
    },
  },
  {
    title: '5: a form POSTing an api_key field',
    path: '/page/form',
    action: 'blocked',
    async submit(page, secret) {
      await setForm(page, secret, { name: 'api_key', method: 'post', action: '/submit' });
      await page.click('#submit');
    },
  },
  {
    title: '3: a GET form putting a token into the address',
    path: '/page/form',
    action: 'blocked',
    async submit(page, secret) {
      await setForm(page, secret, { name: 'token', method: 'get', action: '/landing' });
      await page.click('#submit');
    },
  },
];

for (const f of formCases) {
  test(`guarded: ${f.title} is ${f.action}`, async ({ guarded, lab }) => {
    const secret = SECRETS.plain();
    const page = await guarded.newPage();
    await page.goto(`${origin}${f.path}`);
    const stopped = (h: HistoryEntry[]) => h.filter((e) => e.action === f.action && e.host === plain).length;
    const before = stopped(await waitForHistory(guarded, () => true, 'the history'));
    await f.submit(page, secret);
    await answerHoldDialog(page, 'dont-send');
    await expectStopped(guarded, lab, secret, () => true);
    await waitForHistory(guarded, (h) => stopped(h) > before, `the form ${f.action} in the history`);
    expect(lab.log.cleartextContains(secret)).toBe(false);
    expect(page.url()).toBe(`${origin}${f.path}`);
    await page.close();
  });

  test(`control, no extension: ${f.title} is sent`, async ({ unguarded, lab }) => {
    const secret = SECRETS.plain();
    const page = await unguarded.newPage();
    await page.goto(`${origin}${f.path}`);
    await f.submit(page, secret);
    await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'the secret in cleartext');
    await page.close();
  });
}

test('guarded: 2: after "Continue over HTTP this once", a password form is held as for any exception', async ({
  guarded,
  lab,
}) => {
  const secret = SECRETS.plain();
  const page = await guarded.newPage();
  const interstitial = `${guarded.extensionOrigin}src/interstitial/index.html`;
  await page.navigate(`http://${untrusted}/page/login`, (u) => u.startsWith(interstitial));
  await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'failure-certificate', null);
  await page.click('#continue-once');
  await pollUntil(
    () => page.evaluate(() => `${location.href} ${document.readyState}`, null),
    (state) => state === `http://${untrusted}/page/login complete`,
    'the login page over http',
  );
  await submitPassword(page, secret, 'password', '#submit');
  await answerHoldDialog(page, 'dont-send');
  await expectStopped(guarded, lab, secret, (e) => e.action === 'held' && e.host === untrusted);
  await page.close();
});

test('control, no extension: 2: the same password form goes out in cleartext', async ({ unguarded, lab }) => {
  const secret = SECRETS.plain();
  const page = await unguarded.newPage();
  await page.goto(`http://${untrusted}/page/login`);
  await submitPassword(page, secret, 'password', '#submit');
  await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'the password in cleartext');
  await page.close();
});

/**
 * Chromium answers DevTools' (Playwright's) credentials before any extension sees the
 * challenge, so there the guarded case checks that the challenge is cancelled before the
 * browser could ask anyone; Firefox's BiDi credentials come after the extension's answer.
 * demo.test (another exception) is used because the userinfo tests leave a login for
 * plain.test in the browsers' caches, which they would send without asking.
 */
for (const guardedRun of [true, false]) {
  const title = guardedRun
    ? 'guarded: 6: an HTTP login prompt on the excepted host is refused before it asks, and explained'
    : 'control, no extension: 6: the browser sends the HTTP login in cleartext';
  test(title, async ({ guarded, unguarded, lab, browserKind }) => {
    const browser = guardedRun ? guarded : unguarded;
    const secret = SECRETS.plain();
    const marker = `rt-${randomUUID()}`;
    const page = await browser.newPage();
    // What a person would type into the browser's own prompt.
    const typed = !guardedRun || browserKind === 'firefox';
    if (typed) await page.answerHttpAuth({ username: 'ann', password: secret });
    try {
      if (guardedRun) {
        const interstitial = `${browser.extensionOrigin}src/interstitial/index.html`;
        await page.navigate(`http://${demo}/basic-auth/${marker}`, (u) => u.startsWith(interstitial));
        await page.waitForFunction(() => document.getElementById('main')?.dataset.state === 'blocked-http-auth', null);
        await expectStopped(browser, lab, secret, (e) => e.url.includes(marker) && e.action === 'blocked');
        const sent = lab.log.find('cleartext', marker);
        expect(sent.length).toBeGreaterThan(0);
        expect(sent.every((r) => r.headers.authorization === undefined)).toBe(true);
      } else {
        await page.goto(`http://${demo}/basic-auth/${marker}`);
        await lab.log.waitFor(() => lab.log.cleartextContains(secret), 'the HTTP login in cleartext');
      }
    } finally {
      if (typed) await page.answerHttpAuth(null);
      await page.close();
    }
  });
}
