import { describe, expect, it } from 'vitest';
import { parsePagePolicy } from './page-report';
import { PAGE_POLICY_EVENT, pagePolicyScriptFile, pagePolicyScripts } from '../core/page-policy-script';

describe('page policy scripts', () => {
  it('none for the policy the page world starts with; one per other policy, passive above the rest', () => {
    expect(pagePolicyScriptFile({ passive: false, guardLocal: false, upgradeSpecial: false })).toBeNull();
    const files = new Set(
      [false, true].flatMap((passive) =>
        [false, true].flatMap((guardLocal) =>
          [false, true].map((upgradeSpecial) => pagePolicyScriptFile({ passive, guardLocal, upgradeSpecial })),
        ),
      ),
    );
    expect(files).toEqual(
      new Set([
        null,
        'page-scripts/policy-passive.js',
        'page-scripts/policy-local.js',
        'page-scripts/policy-special.js',
        'page-scripts/policy-local-special.js',
      ]),
    );
    expect(pagePolicyScriptFile({ passive: true, guardLocal: true, upgradeSpecial: true })).toBe(
      'page-scripts/policy-passive.js',
    );
  });

  it('each script dispatches the policy it is chosen for, as the page world reads it', () => {
    const scripts = pagePolicyScripts();
    expect(Object.keys(scripts)).toHaveLength(4);
    for (const policy of [
      { passive: true, guardLocal: false, upgradeSpecial: false },
      { passive: false, guardLocal: true, upgradeSpecial: false },
      { passive: false, guardLocal: false, upgradeSpecial: true },
      { passive: false, guardLocal: true, upgradeSpecial: true },
    ]) {
      const source = scripts[pagePolicyScriptFile(policy) as string] as string;
      const dispatched: { type: string; detail: unknown }[] = [];
      const document = { dispatchEvent: (event: { type: string; detail: unknown }) => dispatched.push(event) };
      class CustomEvent {
        constructor(
          readonly type: string,
          readonly init: { detail: unknown },
        ) {}
        get detail() {
          return this.init.detail;
        }
      }
      new Function('document', 'CustomEvent', source)(document, CustomEvent);
      expect(dispatched.map((e) => e.type)).toEqual([PAGE_POLICY_EVENT]);
      const read = parsePagePolicy(dispatched[0]?.detail);
      expect(read).toEqual(
        policy.passive
          ? { passive: true, guardLocal: false }
          : {
              passive: false,
              guardLocal: policy.guardLocal,
              ...(policy.upgradeSpecial ? { upgradeSpecial: true } : {}),
            },
      );
    }
  });
});
