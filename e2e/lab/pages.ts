import { encodePng } from '../../scripts/png';

/**
 * The lab's pages. Each page says which listener served it (data-scheme), so tests and
 * the demo can tell an upgraded request from a cleartext one without guessing.
 */
export type Scheme = 'http' | 'https';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(scheme: Scheme, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;max-width:50rem}
td,th{padding:.2rem .8rem;text-align:left}.ok{color:#1a7f37}.bad{color:#cf222e}</style></head>
<body data-scheme="${scheme}">${body}</body></html>`;
}

export function landingPage(scheme: Scheme, host: string): string {
  return page(scheme, 'landing', `<h1>Served over ${scheme.toUpperCase()}</h1><p id="host">${escapeHtml(host)}</p>`);
}

/** A link whose href the test sets in the page, so no secret crosses the network to load it. */
export function linkPage(scheme: Scheme): string {
  return page(scheme, 'link', `<p><a id="link" href="#">follow this cleartext link</a></p>`);
}

/** A form whose action and value the test sets in the page. */
export function formPage(scheme: Scheme): string {
  return page(
    scheme,
    'form',
    `<form id="form" method="post"><input id="field" name="field" value="">
<button id="submit" type="submit">Send</button></form>`,
  );
}

/**
 * A page made of parts from other hosts: an image, a script and a stylesheet at the
 * addresses given (any of them), each reporting in `data-*` whether it loaded.
 */
export function partsPage(scheme: Scheme, parts: { img?: string; script?: string; style?: string }): string {
  const mark = (what: string) =>
    `onload="document.body.dataset.${what}='loaded'" onerror="document.body.dataset.${what}='failed'"`;
  const items = [
    parts.img ? `<img id="img" alt="" src="${escapeHtml(parts.img)}" ${mark('img')}>` : '',
    parts.script ? `<script id="script" src="${escapeHtml(parts.script)}" ${mark('script')}></script>` : '',
    parts.style ? `<link id="style" rel="stylesheet" href="${escapeHtml(parts.style)}" ${mark('style')}>` : '',
  ];
  return page(scheme, 'parts', `<p>parts</p>${items.join('\n')}`);
}

/**
 * A page with `n` images, `n` scripts and `n` stylesheets written as http:// addresses on
 * `origin` (mixed content on an https page), each counting itself into `data-*` when it
 * loads or fails; `extraScript`, an address of one more script (for a page's own CSP);
 * `partScheme` https writes the same page with https:// addresses (the benchmark's reference).
 */
export function mixedPage(
  scheme: Scheme,
  origin: string,
  n: number,
  marker: string,
  extraScript = '',
  partScheme: 'http' | 'https' = 'http',
): string {
  const count = (what: string, outcome: string) =>
    `document.body.dataset.${what}${outcome}=String(Number(document.body.dataset.${what}${outcome}||0)+1)`;
  const on = (what: string) => `onload="${count(what, 'Loaded')}" onerror="${count(what, 'Failed')}"`;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const q = `m=${encodeURIComponent(marker)}&i=${i}`;
    const base = `${partScheme}://${origin}`;
    parts.push(`<img alt="" src="${base}/pixel.png?${q}" ${on('img')}>`);
    parts.push(`<script src="${base}/script.js?${q}" ${on('script')}></script>`);
    parts.push(`<link rel="stylesheet" href="${base}/style.css?${q}" ${on('style')}>`);
  }
  if (extraScript) parts.push(`<script src="${escapeHtml(extraScript)}" ${on('extra')}></script>`);
  return page(scheme, 'mixed', `<p>mixed</p>${parts.join('\n')}`);
}

/**
 * A page of `n` parts from `origin` over `partScheme` (http or https): images only, or
 * images, scripts and stylesheets in turn. For the benchmarks' page loads.
 */
export function manyPage(
  scheme: Scheme,
  options: { origin: string; n: number; marker: string; partScheme: string; kinds: 'img' | 'all' },
): string {
  const parts: string[] = [];
  for (let i = 0; i < options.n; i++) {
    const base = `${options.partScheme}://${options.origin}`;
    const q = `m=${encodeURIComponent(options.marker)}&i=${i}`;
    const kind = options.kinds === 'img' ? 0 : i % 3;
    if (kind === 0) parts.push(`<img alt="" width="1" height="1" src="${base}/pixel.png?${q}">`);
    if (kind === 1) parts.push(`<script src="${base}/script.js?${q}"></script>`);
    if (kind === 2) parts.push(`<link rel="stylesheet" href="${base}/style.css?${q}">`);
  }
  return page(scheme, 'many', parts.join('\n'));
}

/** A page with nothing on it: tests run their requests from here. */
export function blankPage(scheme: Scheme): string {
  return page(scheme, 'blank', '<p>blank</p>');
}

/** A frame whose address the test sets in the page. */
export function framePage(scheme: Scheme): string {
  return page(scheme, 'frame', '<iframe id="frame" title="framed" width="600" height="400"></iframe>');
}

/** A login form posting a password to the page's own host. */
export function loginPage(scheme: Scheme): string {
  return page(
    scheme,
    'login',
    `<form id="login" method="post" action="/login"><input name="user" value="ann">
<input id="password" type="password" name="password"><button id="submit" type="submit">Log in</button></form>`,
  );
}

/**
 * A login form a page script sends itself: `submit` (prevent the event, then
 * form.submit(), a common pattern) or `fetch` (prevent the event, post with fetch).
 */
export function scriptedLoginPage(scheme: Scheme, mode: string): string {
  const send =
    mode === 'fetch'
      ? "fetch('/login', { method: 'POST', body: new URLSearchParams(new FormData(form)) }).catch(() => {});"
      : 'form.submit();';
  return page(
    scheme,
    'scripted login',
    `<form id="login" method="post" action="/login"><input name="user" value="ann">
<input id="password" type="password" name="password"><button id="log-in" type="submit">Log in</button></form>
<script>const form = document.getElementById('login');
form.addEventListener('submit', (event) => { event.preventDefault(); ${send} });</script>`,
  );
}

/**
 * A login form whose password field a "show password" button turns into a text field,
 * and a second form whose password field is a text field by name only.
 */
export function toggleLoginPage(scheme: Scheme): string {
  return page(
    scheme,
    'login with show password',
    `<form id="login" method="post" action="/login"><input name="user" value="ann">
<input id="password" type="password" name="password" autocomplete="current-password">
<button id="show" type="button" onclick="document.getElementById('password').type = 'text'">Show</button>
<button id="submit" type="submit">Log in</button></form>
<form id="named" method="post" action="/login"><input name="user" value="ann">
<input id="pin" type="text" name="passwd"><button id="submit-named" type="submit">Log in</button></form>`,
  );
}

/**
 * A dedicated worker that makes the request it is sent (url, method, headers, body) with
 * fetch and answers "sent" or "refused: ..." (workers get no page-world guard).
 */
export const WORKER_SCRIPT = `onmessage = async (event) => {
  const { url, method, headers, body } = event.data;
  try {
    await fetch(url, { method, headers, body });
    postMessage('sent');
  } catch (error) {
    postMessage('refused: ' + error);
  }
};`;

export function receivedPage(scheme: Scheme, bodyLength: number): string {
  return page(scheme, 'received', `<h1>Received over ${scheme.toUpperCase()}</h1><p>${bodyLength} bytes</p>`);
}

/**
 * window.__run(secret) loads an image, a script, a cross-origin fetch, a beacon and a
 * WebSocket from http:// and ws:// URLs on `origin`, each tagged with the secret, and
 * shows which listener answered each. Results land in window.__results and the table.
 * With `autoRunTag`, it runs at load with that tag (the demo).
 */
export function resourcesPage(scheme: Scheme, origin: string, intro = '', autoRunTag = ''): string {
  const config = JSON.stringify({ origin, autoRunTag }).replace(/</g, '\\u003c');
  return page(
    scheme,
    'resources',
    `${intro}<table><thead><tr><th>request</th><th>cleartext URL asked for</th><th>answered over</th></tr></thead>
<tbody id="results"></tbody></table>
<script>
const { origin, autoRunTag } = ${config};
const results = (window.__results = {});
const rows = document.getElementById('results');
function report(kind, url, outcome) {
  results[kind] = outcome;
  const row = rows.insertRow();
  row.dataset.kind = kind;
  row.insertCell().textContent = kind;
  row.insertCell().textContent = url;
  const cell = row.insertCell();
  cell.textContent = outcome;
  cell.className = outcome === 'https' ? 'ok' : outcome === 'queued' ? '' : 'bad';
}
window.__run = (secret) => {
  const url = (path, kind) => 'http://' + origin + path + '?s=' + encodeURIComponent(secret + '-' + kind);
  const image = new Image();
  const imageUrl = url('/pixel.png', 'image');
  image.onload = () => report('image', imageUrl, image.naturalWidth === 2 ? 'https' : 'http');
  image.onerror = () => report('image', imageUrl, 'failed');
  image.src = imageUrl;
  const script = document.createElement('script');
  const scriptUrl = url('/script.js', 'script');
  script.onload = () => report('script', scriptUrl, window.__labScript || 'failed');
  script.onerror = () => report('script', scriptUrl, 'failed');
  script.src = scriptUrl;
  document.head.append(script);
  const fetchUrl = url('/echo', 'fetch');
  fetch(fetchUrl).then((r) => r.json()).then((j) => report('fetch', fetchUrl, j.scheme), () => report('fetch', fetchUrl, 'failed'));
  const beaconUrl = url('/beacon', 'beacon');
  report('beacon', beaconUrl, navigator.sendBeacon(beaconUrl, 'beacon') ? 'queued' : 'failed');
  const wsUrl = 'ws://' + origin + '/ws?s=' + encodeURIComponent(secret + '-websocket');
  try {
    const ws = new WebSocket(wsUrl);
    ws.onmessage = (e) => { report('websocket', wsUrl, JSON.parse(e.data).scheme); ws.close(); };
    ws.onerror = () => report('websocket', wsUrl, 'failed');
  } catch (e) { report('websocket', wsUrl, 'failed'); }
};
// #run=TAG: the page makes its requests while it loads (the fragment never leaves the browser).
const runTag = autoRunTag || new URLSearchParams(location.hash.slice(1)).get('run');
if (runTag) window.__run(runTag);
</script>`,
  );
}

/** 2x1 green PNG over https, 1x1 red over http, so a page can tell which answered its image. */
export function pixel(scheme: Scheme): Buffer {
  return scheme === 'https'
    ? encodePng(2, 1, () => [0x1a, 0x7f, 0x37, 255])
    : encodePng(1, 1, () => [0xcf, 0x22, 0x2e, 255]);
}
