/**
 * `npm run package`: the store uploads, from the builds in dist/ (`npm run build` first).
 * artifacts/cleartext-guard-chrome-VERSION.zip for the Chrome Web Store and
 * artifacts/cleartext-guard-firefox-VERSION.zip for addons.mozilla.org (web-ext build,
 * after web-ext lint passes with no warning).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import manifest from '../manifest.json' with { type: 'json' };

const webExt = (args: string[]) => execFileSync('npx', ['--no-install', 'web-ext', ...args], { stdio: 'inherit' });

webExt(['lint', '--source-dir', 'dist/firefox', '--warnings-as-errors']);
// The store assigns its own id: the development key must not be uploaded.
const chromeManifestPath = 'dist/chrome/manifest.json';
const { key: _developmentKey, ...storeManifest } = JSON.parse(readFileSync(chromeManifestPath, 'utf8')) as Record<
  string,
  unknown
>;
writeFileSync(chromeManifestPath, `${JSON.stringify(storeManifest, null, 2)}\n`);
for (const target of ['chrome', 'firefox']) {
  const filename = `cleartext-guard-${target}-${manifest.version}.zip`;
  webExt([
    'build',
    '--source-dir',
    `dist/${target}`,
    '--artifacts-dir',
    'artifacts',
    '--overwrite-dest',
    '--filename',
    filename,
  ]);
  console.log(`artifacts/${filename}: ${(statSync(`artifacts/${filename}`).size / 1024).toFixed(1)} KiB`);
}
