/**
 * The page world's global policy, told before any page script runs. The page-world guard
 * starts with the default policy and the isolated script tells it the real one once it has
 * read storage, which is after a page's first scripts may have sent something. So for each
 * policy that differs from the default there is a tiny page-world script (built into
 * `page-scripts/`, vite.config.ts) that the background registers for http pages at
 * document_start (page-policy-store.ts): it dispatches the policy event at once, before
 * the page has a listener of its own to see it.
 */

/** From the isolated script (and these scripts) to the page world: how this document is guarded. */
export const PAGE_POLICY_EVENT = 'cleartext-guard:page-policy';

export interface GlobalPagePolicy {
  passive: boolean;
  guardLocal: boolean;
  upgradeSpecial: boolean;
}

/** The script for this policy, or null when the page world starts with it anyway. */
export function pagePolicyScriptFile(policy: GlobalPagePolicy): string | null {
  if (policy.passive) return 'page-scripts/policy-passive.js';
  if (policy.guardLocal && policy.upgradeSpecial) return 'page-scripts/policy-local-special.js';
  if (policy.guardLocal) return 'page-scripts/policy-local.js';
  if (policy.upgradeSpecial) return 'page-scripts/policy-special.js';
  return null;
}

/** Every such script, by file: what the build writes. */
export function pagePolicyScripts(): Record<string, string> {
  const scripts: Record<string, string> = {};
  for (const passive of [false, true]) {
    for (const guardLocal of [false, true]) {
      for (const upgradeSpecial of [false, true]) {
        const policy = { passive, guardLocal, upgradeSpecial };
        const file = pagePolicyScriptFile(policy);
        if (!file || file in scripts) continue;
        const detail = JSON.stringify(JSON.stringify(passive ? { passive, guardLocal: false } : policy));
        scripts[file] =
          `document.dispatchEvent(new CustomEvent(${JSON.stringify(PAGE_POLICY_EVENT)}, { detail: ${detail} }));\n`;
      }
    }
  }
  return scripts;
}
