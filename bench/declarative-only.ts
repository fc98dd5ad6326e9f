import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from '../src/core/dnr-types';
import { buildLeakRules } from '../src/core/leak-rules';
import { readSettings } from '../src/core/settings';
import { buildBaselineRules, buildUpgradeRules } from '../src/core/upgrade-rules';
import type { BrowserKind } from '../e2e/harness/lab-browser';
import { LAB_SETTINGS } from '../e2e/harness/session';

/**
 * The second reference: the same rules and one webRequest listener that does nothing, on
 * cleartext URLs only. Holding the webRequest permission at all makes Chrome route every
 * request through its extension proxy (WebRequestAPI::MayHaveProxies in
 * extensions/browser/api/web_request/web_request_api.cc), https included: what this arm
 * costs over the declarative-only one is the floor of any extension that watches cleartext.
 */
const NO_OP_LISTENER = `chrome.webRequest.onBeforeRequest.addListener(() => undefined, { urls: ['http://*/*', 'ws://*/*'] });\n`;

/**
 * The reference for page loads: an extension with no JavaScript at all, only the same
 * declarative rules Cleartext Guard installs for the lab's settings (the static baseline
 * and the exceptions' rules) in one static ruleset. What it costs is what any extension
 * that upgrades declaratively costs: the floor.
 */
export function writeDeclarativeOnlyExtension(
  dir: string,
  kind: BrowserKind,
  withWebRequest = false,
  withLeakRules = false,
): string {
  mkdirSync(dir, { recursive: true });
  const caps = kind === 'chromium' ? CHROME_CAPABILITIES : FIREFOX_CAPABILITIES;
  const { settings } = readSettings(LAB_SETTINGS);
  const now = Date.now();
  const rules = [
    ...buildBaselineRules(caps),
    ...buildUpgradeRules(settings, caps, now),
    ...(withLeakRules ? buildLeakRules(settings, caps, now) : []),
  ];
  writeFileSync(path.join(dir, 'rules.json'), JSON.stringify(rules));
  if (withWebRequest) writeFileSync(path.join(dir, 'background.js'), NO_OP_LISTENER);
  const background = withWebRequest
    ? { background: kind === 'firefox' ? { scripts: ['background.js'] } : { service_worker: 'background.js' } }
    : {};
  const manifest = {
    manifest_version: 3,
    name: withWebRequest
      ? 'Declarative upgrade and a no-op cleartext webRequest listener (benchmark reference)'
      : 'Declarative upgrade only (benchmark reference)',
    version: '1.0',
    permissions: ['declarativeNetRequest', ...(withWebRequest ? ['webRequest'] : [])],
    ...background,
    host_permissions: ['<all_urls>'],
    declarative_net_request: { rule_resources: [{ id: 'rules', enabled: true, path: 'rules.json' }] },
    ...(kind === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: withWebRequest ? 'webrequest-floor@cleartext-guard.dev' : 'declarative-only@cleartext-guard.dev',
              strict_min_version: '140.0',
            },
          },
        }
      : {}),
  };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}
