/**
 * Page loads in the real browsers, three arms side by side and interleaved: Cleartext
 * Guard, an extension that carries only the same declarative upgrade rules (the floor any
 * extension can reach: bench/declarative-only.ts), and no extension. A fresh tab per load,
 * parts addressed uniquely per load (nothing cached), the load measured in the page
 * (Navigation Timing: navigation start to the end of the load event).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { BrowserKind, LabBrowser } from '../e2e/harness/lab-browser';
import { LAB_SETTINGS, applySettings, launch } from '../e2e/harness/session';
import { LAB_HOSTS } from '../e2e/lab/hosts';
import type { Lab } from '../e2e/lab/servers';
import { writeDeclarativeOnlyExtension } from './declarative-only';
import { addRow, formatMs, formatRatio, interleaved, ratios, spread } from './measure';

const PARTS = 300;
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 7);
const { site, plain } = LAB_HOSTS;

interface Arms {
  guard: LabBrowser;
  declarative: LabBrowser;
  /** The declarative rules and a no-op cleartext webRequest listener (bench/declarative-only.ts). */
  watching: LabBrowser;
  none: LabBrowser;
}

/** Loads `url` in a new tab; the page's own load time (ms) and how many of its images loaded. */
async function loadTime(browser: LabBrowser, url: string): Promise<{ ms: number; loaded: number }> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const loaded = [...document.images].filter((img) => img.complete && img.naturalWidth > 0).length;
      return { ms: nav ? nav.loadEventEnd - nav.startTime : Number.NaN, loaded };
    }, null);
  } finally {
    await page.close();
  }
}

const unique = () => randomUUID().slice(0, 8);

async function pageLoads(kind: BrowserKind, arms: Arms): Promise<void> {
  const secure = () => `https://${site}/page/many?n=${PARTS}&parts=https&origin=${site}&m=${unique()}`;
  const upgraded = () => `http://${plain}/page/many?n=${PARTS}&parts=http&origin=${site}&m=${unique()}`;
  const landing = () => `https://${site}/landing?m=${unique()}`;

  for (const [figure, url] of [
    [`https page with ${PARTS} https parts`, secure],
    [`page whose ${PARTS} http parts are upgraded`, upgraded],
  ] as const) {
    const samples = await interleaved(
      {
        guard: async () => (await loadTime(arms.guard, url())).ms,
        declarative: async () => (await loadTime(arms.declarative, url())).ms,
        watching: async () => (await loadTime(arms.watching, url())).ms,
        none: async () => (await loadTime(arms.none, url())).ms,
      },
      REPETITIONS,
    );
    const versus = spread(ratios(samples.guard, samples.declarative));
    addRow({
      figure: `${figure}: with the extension / with the declarative-only one`,
      where: kind,
      result: formatRatio(versus),
      reference: `declarative-only ${formatMs(spread(samples.declarative))}, none ${formatMs(spread(samples.none))}`,
      goal: '≤ 1.03',
      met: versus.median <= 1.03,
    });
    const floor = spread(ratios(samples.watching, samples.declarative));
    const overFloor = spread(ratios(samples.guard, samples.watching));
    addRow({
      figure: `${figure}: the floor of a webRequest extension (declarative rules + a no-op cleartext listener) / declarative-only`,
      where: kind,
      result: formatRatio(floor),
      reference: `Cleartext Guard / this floor: ${formatRatio(overFloor)}`,
      goal: 'measured (the browser, not us)',
      met: null,
    });
  }

  const navigation = await interleaved(
    {
      guard: async () => (await loadTime(arms.guard, landing())).ms,
      none: async () => (await loadTime(arms.none, landing())).ms,
    },
    REPETITIONS,
  );
  const extra = spread(navigation.guard.map((ms, i) => ms - (navigation.none[i] as number)));
  addRow({
    figure: 'one top-level navigation (small https page): extension present − absent',
    where: kind,
    result: formatMs(extra, 1),
    reference: `absent ${formatMs(spread(navigation.none))}`,
    goal: '≤ 2 ms',
    met: extra.median <= 2,
  });
}

/** An https page whose parts are written http:// (mixed content) vs the same page written https://. */
async function mixedContent(kind: BrowserKind, arms: Arms): Promise<void> {
  const n = PARTS / 3;
  const loadedParts = async (browser: LabBrowser, url: string) => {
    const page = await browser.newPage();
    try {
      await page.goto(url);
      // No named helpers inside: tsx would wrap them in one the page does not have.
      return await page.evaluate(() => {
        const d = document.body.dataset;
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return {
          ms: nav ? nav.loadEventEnd - nav.startTime : Number.NaN,
          loaded: Number(d.imgLoaded ?? 0) + Number(d.scriptLoaded ?? 0) + Number(d.styleLoaded ?? 0),
        };
      }, null);
    } finally {
      await page.close();
    }
  };
  const loaded: number[] = [];
  const samples = await interleaved(
    {
      mixed: async () => {
        const r = await loadedParts(arms.guard, `https://${site}/page/mixed?n=${n}&origin=${site}&m=${unique()}`);
        loaded.push(r.loaded);
        return r.ms;
      },
      written: async () =>
        (await loadedParts(arms.guard, `https://${site}/page/mixed?n=${n}&parts=https&origin=${site}&m=${unique()}`))
          .ms,
    },
    REPETITIONS,
  );
  const versus = spread(ratios(samples.mixed, samples.written));
  const allLoaded = loaded.every((c) => c === PARTS);
  addRow({
    figure: `https page whose ${PARTS} parts are written http:// (scripts, styles, images): loaded, and time / the same page written https://`,
    where: kind,
    result: `${Math.min(...loaded)}–${Math.max(...loaded)} of ${PARTS} loaded; ${formatRatio(versus)}`,
    reference: `written https:// ${formatMs(spread(samples.written))}`,
    goal: `all ${PARTS} load, ≤ 1.03`,
    met: allLoaded && versus.median <= 1.03,
  });
}

export async function benchPageLoads(kind: BrowserKind, lab: Lab, runDir: string): Promise<void> {
  const declarativeDir = writeDeclarativeOnlyExtension(path.join(runDir, 'do'), kind);
  const guard = await launch(kind, lab, path.join(runDir, 'g'), true);
  const declarative = await launch(kind, lab, path.join(runDir, 'd'), true, true, undefined, {
    extensionDir: declarativeDir,
    skipWorkerWait: true,
  });
  const watchingDir = writeDeclarativeOnlyExtension(path.join(runDir, 'wf'), kind, true);
  const watching = await launch(kind, lab, path.join(runDir, 'w'), true, true, undefined, {
    extensionDir: watchingDir,
    skipWorkerWait: true,
  });
  const none = await launch(kind, lab, path.join(runDir, 'n'), false);
  const all = [guard, declarative, watching, none];
  try {
    await applySettings(guard, LAB_SETTINGS);
    const arms = { guard, declarative, watching, none };
    // Warm each browser's connections and caches of the lab's certificate once.
    for (const browser of all) await loadTime(browser, `https://${site}/landing?warm`);
    await pageLoads(kind, arms);
    await mixedContent(kind, arms);
  } finally {
    await Promise.all(all.map((browser) => browser.close()));
  }
}
