import { activeTabExceptions, type TabException } from '../core/tab-exceptions';
import type { GuardStatus } from '../messaging/protocol';

/** What the rules say of themselves (rule-sync.ts), before the background adds its own. */
export type RulesStatus = Omit<GuardStatus, 'warnings' | 'activeTabExceptions'> & { lastError: string | null };

/** How long the administrator's policy may go unread before the status calls it a problem. */
export const POLICY_LATE_MS = 30_000;
export const POLICY_LATE =
  "the browser has not answered for the administrator's policy: the last policy seen is in force";

export interface StatusSources {
  rules: { status(): Promise<RulesStatus> };
  /** The settings store: since when it waits for the administrator's policy, or null. */
  store: { policyWaitingSince(): number | null };
  /** This wake's own warnings (warnings.ts). */
  warnings: { list(): readonly string[] };
  /** Further problems, shown after the rules' own, in this order (the recorder, the history). */
  problemSources: readonly { problems(): string[] }[];
  tabExceptions: { list(): Promise<TabException[]> };
}

/**
 * The popup's and the options page's 'get-status': the rules' status, with every problem
 * the background knows of, and how many "continue once" exceptions are in force.
 */
export function createStatusReport(sources: StatusSources, now: () => number = Date.now) {
  return async function status(): Promise<GuardStatus> {
    const { lastError, ...status } = await sources.rules.status();
    // The administrator's policy not read yet: the rules follow the last policy seen,
    // which may not be today's. Long enough, and it is a problem to show.
    const policyWait = sources.store.policyWaitingSince();
    const policyLate = policyWait !== null && now() - policyWait > POLICY_LATE_MS;
    const problems = [
      ...sources.warnings.list(),
      ...(lastError ? [lastError] : []),
      ...(policyLate ? [POLICY_LATE] : []),
      ...sources.problemSources.flatMap((source) => source.problems()),
    ];
    return {
      ...status,
      rulesInPlace: status.rulesInPlace && policyWait === null,
      warnings: problems,
      activeTabExceptions: activeTabExceptions(await sources.tabExceptions.list(), now()).length,
    };
  };
}
