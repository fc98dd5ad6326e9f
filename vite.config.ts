import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from './src/core/dnr-types';
import { pagePolicyScripts } from './src/core/page-policy-script';
import { BASELINE_RULESET_ID, BASELINE_RULESET_PATH, buildBaselineRules } from './src/core/upgrade-rules';

/**
 * One manifest, two targets: `vite build --mode chrome` -> dist/chrome (service worker),
 * `vite build --mode firefox` -> dist/firefox (event page, gecko settings).
 */
type Target = 'chrome' | 'firefox';

function manifestFor(target: Target): ManifestV3Export {
  const manifest = structuredClone(baseManifest) as Record<string, unknown> & typeof baseManifest;
  if (target === 'chrome') {
    const { scripts: _firefoxOnly, ...background } = manifest.background;
    const { browser_specific_settings: _gecko, ...rest } = manifest;
    // A fixed extension id for unpacked builds (enterprise policy tests, the demo);
    // scripts/package.ts removes it from the store upload.
    const key = readFileSync('keys/chrome-dev-key.pub.b64', 'utf8').trim();
    // Incognito tabs get an instance of their own: in the default ("spanning") mode Chrome
    // refuses to show the extension's pages there, the explanatory page included; and that
    // instance's IndexedDB (the history) lives in memory and ends with the private session
    // (https://developer.chrome.com/docs/extensions/reference/manifest/incognito,
    // https://github.com/w3c/webextensions/issues/534).
    return { ...rest, key, background, incognito: 'split' } as ManifestV3Export;
  }
  const { service_worker: _chromeOnly, type: _module, ...background } = manifest.background;
  // Firefox reads an administrator's values from policies.json, not from a schema
  // (https://extensionworkshop.com/documentation/enterprise/enterprise-development/).
  const { minimum_chrome_version: _chrome, storage: _managedSchema, ...rest } = manifest;
  // Firefox's leak guard blocks in webRequest (bodies included); Chrome's MV3 cannot
  // (webRequestBlocking is policy-only: https://developer.chrome.com/docs/extensions/reference/api/webRequest).
  // captivePortal: Firefox tells extensions when a Wi-Fi login page holds the network.
  const permissions = [...manifest.permissions, 'webRequestBlocking', 'captivePortal'];
  return { ...rest, permissions, background } as ManifestV3Export;
}

/**
 * What must be in force from the moment the extension is installed, before any of its
 * JavaScript runs, added to the manifest crxjs wrote: the static baseline ruleset (built
 * from the same code as the dynamic rules, core/upgrade-rules.ts). The content scripts
 * are in manifest.json; crxjs builds each `*.iife.ts` one as a classic script that runs
 * at document_start (a module loader would run too late:
 * https://github.com/w3c/webextensions/issues/156), the page-world guard included.
 */
function installTimeProtection(target: Target): Plugin {
  const caps = target === 'chrome' ? CHROME_CAPABILITIES : FIREFOX_CAPABILITIES;
  return {
    name: 'cleartext-guard-install-time-protection',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        this.emitFile({
          type: 'asset',
          fileName: BASELINE_RULESET_PATH,
          source: `${JSON.stringify(buildBaselineRules(caps), null, 1)}\n`,
        });
        // The page world's policy before any page script (core/page-policy-script.ts).
        for (const [fileName, source] of Object.entries(pagePolicyScripts())) {
          this.emitFile({ type: 'asset', fileName, source });
        }
        const asset = bundle['manifest.json'];
        if (!asset || asset.type !== 'asset') throw new Error('crxjs wrote no manifest.json');
        const manifest = JSON.parse(String(asset.source)) as Record<string, unknown> & {
          permissions?: string[];
        };
        manifest.declarative_net_request = {
          rule_resources: [{ id: BASELINE_RULESET_ID, enabled: true, path: BASELINE_RULESET_PATH }],
        };
        // Chrome answers an HTTP login challenge from an extension only with this (http-auth-guard.ts;
        // https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/webRequest/onAuthRequired).
        if (target === 'chrome') manifest.permissions = [...(manifest.permissions ?? []), 'webRequestAuthProvider'];
        asset.source = `${JSON.stringify(manifest, null, 2)}\n`;
      },
    },
  };
}

/**
 * The extension never uses dangerouslySetInnerHTML; this removes Preact's one innerHTML
 * write so that no build can start using it (and AMO's linter has nothing to flag).
 */
function noInnerHtml(): Plugin {
  return {
    name: 'cleartext-guard-no-inner-html',
    transform(code, id) {
      if (!/preact[\\/]dist[\\/]preact\.mjs$/.test(id)) return null;
      const patched = code
        .replace('(t.innerHTML=h.__html)', '(()=>{throw new Error("raw HTML is not allowed")})()')
        .replace('h.__html==t.innerHTML', '!1');
      if (patched.includes('innerHTML'))
        throw new Error(
          `Preact changed: update the innerHTML patch (${id}: ${/.{40}innerHTML.{40}/.exec(patched)?.[0]})`,
        );
      return { code: patched, map: null };
    },
  };
}

export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : 'chrome';
  return {
    define: { __BROWSER__: JSON.stringify(target) },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    plugins: [noInnerHtml(), crx({ manifest: manifestFor(target), browser: target }), installTimeProtection(target)],
    build: {
      // Pages not named in the manifest's page keys (crxjs copies web-accessible HTML as is).
      rollupOptions: { input: { interstitial: 'src/interstitial/index.html' } },
      outDir: `dist/${target}`,
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
    },
    server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
  };
});
