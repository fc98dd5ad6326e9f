import path from 'node:path';
import { launch, waitForRules } from '../harness/session';
import { openExtensionPage, textOf } from '../harness/ui';
import { expect, test } from '../fixtures';

/**
 * Every string comes from _locales: a browser in German shows the popup and the options
 * page in German (src/locales.test.ts checks that both languages have every message), and
 * the options page renders in both themes.
 */
test('the options page and the popup render in German, and in light and dark (screenshots)', async ({
  browserKind,
  lab,
  runDir,
  guarded,
}) => {
  const german = await launch(browserKind, lab, path.join(runDir, 'german'), true, true, 'de');
  try {
    await waitForRules(german);
    const options = await openExtensionPage(german, 'src/options/index.html', '#exception-input');
    expect(await textOf(options, 'h1')).toBe('Cleartext Guard – Einstellungen');
    expect(await textOf(options, '#exceptions legend')).toBe('Ausnahmen');
    expect(await options.evaluate(() => document.documentElement.lang, null)).toMatch(/^de/);
    const popup = await openExtensionPage(german, 'src/popup/index.html', '#history-heading');
    expect(await textOf(popup, '#history-heading')).toBe('Verlauf gestoppter Lecks');
    expect(await textOf(popup, '#export-json')).toBe('Als JSON exportieren');
  } finally {
    await german.close();
  }

  const dir = process.env.UPDATE_SCREENSHOTS ? 'docs/images' : test.info().outputPath();
  const options = await openExtensionPage(guarded, 'src/options/index.html', '#exception-input');
  const schemes = browserKind === 'chromium' ? (['light', 'dark'] as const) : (['light'] as const);
  const left = await options.evaluate(
    () => Math.floor(document.querySelector('main')?.getBoundingClientRect().x ?? 0),
    null,
  );
  for (const scheme of schemes) {
    const clip = { x: left, y: 0, width: 760, height: 1000 };
    await options.screenshot(`${dir}/options-${browserKind}-${scheme}.png`, scheme, clip);
    const background = await options.evaluate(() => getComputedStyle(document.body).backgroundColor, null);
    // The page follows the colour scheme: a dark background in dark mode, a light one otherwise.
    const [r = 0] = background.match(/\d+/g)?.map(Number) ?? [];
    expect(scheme === 'dark' ? r < 60 : r > 200).toBe(true);
  }
  await options.close();
});
