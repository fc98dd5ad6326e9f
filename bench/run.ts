/**
 * `npm run bench`: speed with 100,000 exceptions and 100,000 history records, in the real
 * browsers, each figure beside its small-case twin measured in the same run (ratios, not
 * absolute claims). Not a test: nothing here asserts a time.
 *
 * - compile: readSettings + every rule builder, in Node, 1,000 vs 100,000 exceptions.
 * - apply: the options page's save (validated, stored, synced, compiled, installed) until
 *   the extension reports its rules in place, 1,000 vs 100,000 exceptions.
 * - popup: opening the popup until its history list is ready, and a text search, with an
 *   empty history vs 100,000 records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from '../src/core/dnr-types';
import { buildLeakRules } from '../src/core/leak-rules';
import { defaultSettings, readSettings } from '../src/core/settings';
import { buildUpgradeRules } from '../src/core/upgrade-rules';
import { runExtensionCommand, type ExtensionStatus } from '../e2e/harness/extension-page';
import type { BrowserKind, LabBrowser } from '../e2e/harness/lab-browser';
import { LAB_SETTINGS, applySettings, launch, waitForRules } from '../e2e/harness/session';
import { fill, openExtensionPage } from '../e2e/harness/ui';
import { startLab } from '../e2e/lab/servers';

const SMALL = 1_000;
const LARGE = 100_000;
const rows: string[][] = [];
const ms = (value: number) => `${value.toFixed(0)} ms`;
const report = (what: string, small: number, large: number, labels: [string, string]) => {
  rows.push([what, `${labels[0]}: ${ms(small)}`, `${labels[1]}: ${ms(large)}`, `x${(large / small).toFixed(1)}`]);
  console.log(rows.at(-1)?.join(' | '));
};

function exceptions(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    pattern: i % 2 === 0 ? `host-${i}.example.com` : `*.zone-${i}.example.net`,
    allowCredentials: false,
    scope: 'always',
    expiresAt: null,
  }));
}

async function timed<T>(run: () => Promise<T> | T): Promise<[number, T]> {
  const started = performance.now();
  const value = await run();
  return [performance.now() - started, value];
}

async function compileInNode(): Promise<void> {
  for (const [name, caps] of [
    ['chrome', CHROME_CAPABILITIES],
    ['firefox', FIREFOX_CAPABILITIES],
  ] as const) {
    const compile = (count: number) => () => {
      const { settings } = readSettings({ ...defaultSettings(), exceptions: exceptions(count) });
      const now = Date.now();
      return buildUpgradeRules(settings, caps, now).length + buildLeakRules(settings, caps, now).length;
    };
    compile(SMALL)(); // warm up
    const [small] = await timed(compile(SMALL));
    const [large, ruleCount] = await timed(compile(LARGE));
    report(`compile in Node (${name} rules; ${ruleCount} rules for ${LARGE})`, small, large, ['1k', '100k']);
  }
}

async function applyInBrowser(kind: BrowserKind, browser: LabBrowser): Promise<void> {
  // The save resolves once the background has compiled and installed the rules; the status
  // check then reads them back from the browser and compares (what the tests wait for).
  const apply = async (count: number) => {
    const save = (await browser.inExtension(runExtensionCommand, {
      op: 'save-generated-exceptions',
      base: LAB_SETTINGS,
      count,
    })) as number;
    const [check] = await timed(() => waitForRules(browser));
    return { save, check };
  };
  await apply(SMALL); // warm up
  await applySettings(browser, LAB_SETTINGS);
  const small = await apply(SMALL);
  await applySettings(browser, LAB_SETTINGS);
  const large = await apply(LARGE);
  const status = (await browser.inExtension(runExtensionCommand, { op: 'status' })) as ExtensionStatus;
  const rules = `${status.installedRuleCount} rules for ${LARGE}`;
  report(`apply exceptions in ${kind}: save, compile, install (${rules})`, small.save, large.save, ['1k', '100k']);
  report(`rules-in-place check in ${kind} (reads the rules back)`, small.check, large.check, ['1k', '100k']);
  const [back] = await timed(() => applySettings(browser, LAB_SETTINGS));
  console.log(`${kind}: back from 100k to ${LAB_SETTINGS.exceptions.length} exceptions: ${ms(back)}`);
}

async function popupInBrowser(kind: BrowserKind, browser: LabBrowser): Promise<void> {
  const measure = async () => {
    const [open, popup] = await timed(async () => {
      const page = await openExtensionPage(browser, 'src/popup/index.html', '#history-count');
      await page.waitForFunction(() => document.body.dataset.historyReady !== undefined, null);
      return page;
    });
    const searchFor = async (text: string) => {
      const before = await popup.evaluate(() => document.body.dataset.historyReady, null);
      const [elapsed] = await timed(async () => {
        await fill(popup, '#filter-text', text);
        await popup.waitForFunction((b) => document.body.dataset.historyReady !== b, before);
      });
      return elapsed;
    };
    // The first search right after opening (it may wait for the records to load), then another.
    const search = await searchFor('api-17.example');
    const shown = await popup.evaluate(() => document.getElementById('history-count')?.textContent ?? '', null);
    const again = await searchFor('param7=');
    await popup.close();
    return { open, search, again, shown };
  };
  await measure(); // warm up
  const empty = await measure();
  await browser.inExtension(runExtensionCommand, { op: 'seed-history', count: LARGE });
  const full = await measure();
  report(`popup open in ${kind}`, empty.open, full.open, ['empty history', '100k records']);
  report(`popup first search in ${kind} (${full.shown})`, empty.search, full.search, ['empty history', '100k records']);
  report(`popup next search in ${kind}`, empty.again, full.again, ['empty history', '100k records']);
}

async function main(): Promise<void> {
  await compileInNode();
  const isRoot = process.getuid?.() === 0;
  for (const kind of ['chromium', 'firefox'] as const) {
    if (kind === 'firefox' && !isRoot) {
      console.log('firefox: skipped (the lab needs ports 80 and 443: run as root)');
      continue;
    }
    const runDir = mkdtempSync(path.join(os.tmpdir(), 'cleartext-guard-bench-'));
    const lab = await startLab({
      dir: path.join(runDir, 'certs'),
      ...(kind === 'firefox' ? { httpPort: 80, httpsPort: 443 } : {}),
    });
    const browser = await launch(kind, lab, runDir, true);
    try {
      await applySettings(browser, LAB_SETTINGS);
      await applyInBrowser(kind, browser);
      await popupInBrowser(kind, browser);
    } finally {
      await browser.close();
      await lab.close();
      rmSync(runDir, { recursive: true, force: true });
    }
  }
  console.log('\n| measured | small case | large case | ratio |\n|---|---|---|---|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

await main();
