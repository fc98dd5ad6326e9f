import { describe, expect, it, vi } from 'vitest';
import type { TabException } from '../core/tab-exceptions';
import { POLICY_LATE, POLICY_LATE_MS, createStatusReport, type RulesStatus, type StatusSources } from './status-report';

const NOW = 1_700_000_000_000;

const rules = (extra: Partial<RulesStatus> = {}): RulesStatus => ({
  rulesInPlace: true,
  baselineEnabled: true,
  installedRuleCount: 12,
  wantedRuleCount: 12,
  settingsProblems: ['exceptions[3]: not a host'],
  refusedRegexCount: 1,
  lastError: null,
  ...extra,
});

function setup(options: {
  rules?: RulesStatus;
  policyWaitingSince?: number | null;
  warnings?: string[];
  recorder?: string[];
  history?: string[];
  tabExceptions?: TabException[];
}) {
  const sources = {
    rules: { status: vi.fn(async () => options.rules ?? rules()) },
    store: { policyWaitingSince: vi.fn(() => options.policyWaitingSince ?? null) },
    warnings: { list: () => options.warnings ?? [] },
    problemSources: [{ problems: () => options.recorder ?? [] }, { problems: () => options.history ?? [] }],
    tabExceptions: { list: vi.fn(async () => options.tabExceptions ?? []) },
  } satisfies StatusSources;
  return { sources, status: createStatusReport(sources, () => NOW) };
}

describe('status report', () => {
  it("passes the rules' own status on, without their last error", async () => {
    const { status } = setup({});
    expect(await status()).toEqual({
      rulesInPlace: true,
      baselineEnabled: true,
      installedRuleCount: 12,
      wantedRuleCount: 12,
      settingsProblems: ['exceptions[3]: not a host'],
      refusedRegexCount: 1,
      warnings: [],
      activeTabExceptions: 0,
    });
  });

  it("lists every problem: this wake's warnings, the rules' error, the recorder's, the history's, in that order", async () => {
    const { status } = setup({
      warnings: ['w1', 'w2'],
      rules: rules({ lastError: 'rule update failed' }),
      recorder: ['r1'],
      history: ['h1', 'h2'],
    });
    expect((await status()).warnings).toEqual(['w1', 'w2', 'rule update failed', 'r1', 'h1', 'h2']);
  });

  it("while the administrator's policy is awaited, the rules are not said to be in place", async () => {
    const { status } = setup({ policyWaitingSince: NOW - 1_000 });
    const result = await status();
    expect(result.rulesInPlace).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it("after 30 seconds without the policy, that is a problem too (after the rules' error)", async () => {
    const late = setup({
      policyWaitingSince: NOW - POLICY_LATE_MS - 1,
      rules: rules({ lastError: 'e' }),
      recorder: ['r'],
    });
    expect((await late.status()).warnings).toEqual(['e', POLICY_LATE, 'r']);
    const onTheDot = setup({ policyWaitingSince: NOW - POLICY_LATE_MS });
    expect((await onTheDot.status()).warnings).toEqual([]);
    expect(POLICY_LATE_MS).toBe(30_000);
  });

  it('says the rules are not in place when they are not, policy or not', async () => {
    const { status } = setup({ rules: rules({ rulesInPlace: false }) });
    expect((await status()).rulesInPlace).toBe(false);
  });

  it('counts the tab exceptions in force (expired ones not)', async () => {
    const { status } = setup({
      tabExceptions: [
        { tabId: 1, host: 'a.test', expiresAt: NOW + 1 },
        { tabId: 2, host: '*', expiresAt: NOW + 10_000 },
        { tabId: 3, host: 'b.test', expiresAt: NOW },
        { tabId: 4, host: 'c.test', expiresAt: NOW - 1 },
      ],
    });
    expect((await status()).activeTabExceptions).toBe(2);
  });

  it('asks afresh each time', async () => {
    const { sources, status } = setup({});
    await status();
    await status();
    expect(sources.rules.status).toHaveBeenCalledTimes(2);
    expect(sources.store.policyWaitingSince).toHaveBeenCalledTimes(2);
    expect(sources.tabExceptions.list).toHaveBeenCalledTimes(2);
  });

  it('takes the time from Date.now by default', async () => {
    const sources = setup({ policyWaitingSince: Date.now() - POLICY_LATE_MS - 60_000 }).sources;
    expect((await createStatusReport(sources)()).warnings).toEqual([POLICY_LATE]);
  });
});
