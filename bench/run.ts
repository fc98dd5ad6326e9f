/**
 * `npm run bench`: every figure of the performance table, each against its reference
 * measured in the same run (arms interleaved, several repetitions, median and range), in
 * Node and in both browsers. Writes docs/benchmarks.md and the table in the README
 * (between its bench markers). Nothing here asserts a time: the table says which goal
 * each figure meets.
 *
 * Node: the background's JavaScript per request (bench/requests.ts, one process per
 * browser's listeners), applying 100,000 exceptions and the status (bench/rules.ts), the
 * tab statistics' flush (bench/tab-stats.ts). Browsers: page loads against a
 * declarative-only extension, the floor of a webRequest extension and no extension
 * (bench/page-load.ts); the big lists in the extension's own pages (bench/extension-pages.ts).
 *
 * BENCH_ONLY=node|chromium|firefox runs one part; BENCH_REPETITIONS sets the repetitions.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserKind } from '../e2e/harness/lab-browser';
import { startLab } from '../e2e/lab/servers';
import { benchExtensionPages } from './extension-pages';
import { addRow, allRows, markdownTable, type BenchRow } from './measure';
import { benchPageLoads } from './page-load';
import { benchRulesInNode } from './rules';
import { benchTabStatsInNode } from './tab-stats';

const only = process.env.BENCH_ONLY;
const wanted = (part: string) => !only || only === part;
const root = path.resolve(import.meta.dirname, '..');

/** bench/requests.ts in a process of its own: the listeners' modules load for one browser. */
function requestsInNode(browserKind: 'chrome' | 'firefox'): void {
  const output = execFileSync(process.execPath, ['--import', 'tsx', 'bench/requests.ts', browserKind], {
    cwd: root,
    encoding: 'utf8',
  });
  for (const line of output.split('\n')) {
    if (line.startsWith('[bench-row] ')) addRow(JSON.parse(line.slice('[bench-row] '.length)) as BenchRow);
  }
}

function versionOf(command: string): string {
  try {
    return execFileSync(command, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return `${command}: not found`;
  }
}

async function inBrowser(kind: BrowserKind): Promise<void> {
  if (kind === 'firefox' && process.getuid?.() !== 0) {
    console.log('firefox: skipped (the lab needs ports 80 and 443: run as root)');
    return;
  }
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'cgb-'));
  const lab = await startLab({
    dir: path.join(runDir, 'certs'),
    ...(kind === 'firefox' ? { httpPort: 80, httpsPort: 443, altHttpPort: 8081 } : {}),
  });
  try {
    await benchPageLoads(kind, lab, runDir);
    await benchExtensionPages(kind, lab, runDir);
  } finally {
    await lab.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}

const BENCH_START = '<!-- bench:start -->';
const BENCH_END = '<!-- bench:end -->';

function writeResults(rows: readonly BenchRow[]): void {
  const table = markdownTable(rows);
  const missed = rows.filter((r) => r.met === false).length;
  const header = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` on ${os.cpus().length} cores`,
    `(${versionOf('chromium')}; ${versionOf('firefox-esr')}; Node ${process.version}).`,
    `Each row: median (range) of interleaved repetitions (${process.env.BENCH_REPETITIONS ?? '7 for page loads and in Node, 5 in the extension pages'}),`,
    `against its reference in the same run. Goals missed: ${missed} of ${rows.filter((r) => r.met !== null).length}.`,
  ].join(' ');
  writeFileSync(
    path.join(root, 'docs', 'benchmarks.md'),
    `# Benchmarks\n\n${header}\n\n${table}\nWhat each row measures and why some miss: README, "Performance".\n`,
  );
  if (only) return; // a partial run does not replace the README's whole table
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(BENCH_START);
  const end = readme.indexOf(BENCH_END);
  if (start === -1 || end < start) return;
  writeFileSync(
    readmePath,
    `${readme.slice(0, start + BENCH_START.length)}\n${header}\n\n${table}${readme.slice(end)}`,
  );
}

async function main(): Promise<void> {
  if (wanted('node')) {
    requestsInNode('chrome');
    requestsInNode('firefox');
    await benchRulesInNode();
    await benchTabStatsInNode();
  }
  for (const kind of ['chromium', 'firefox'] as const) if (wanted(kind)) await inBrowser(kind);
  console.log(`\n${markdownTable(allRows())}`);
  writeResults(allRows());
}

await main();
