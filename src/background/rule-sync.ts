import { PARAM_NAME_GROUP_CHARS } from '../core/credential-url-regexes';
import type { DnrCapabilities, DnrRule } from '../core/dnr-types';
import { isRecord } from '../core/is-record';
import { buildLeakRules } from '../core/leak-rules';
import { installedFromBrowser, isEmptyUpdate, planUpdate, type InstalledRules } from '../core/rule-diff';
import { hashRules, ruleHash, rulesetDigest } from '../core/rule-digest';
import { RULE_ID_RANGES } from '../core/rule-ids';
import { createSerialQueue } from '../core/serial-queue';
import { describeProblem, nextExceptionExpiry, type Settings } from '../core/settings';
import { buildSessionRules } from '../core/session-rules';
import { nextExpiry, type TabException } from '../core/tab-exceptions';
import { BASELINE_RULESET_ID, baselineWanted, buildUpgradeRules } from '../core/upgrade-rules';
import { TimeLimitError, withTimeLimit } from '../core/time-limit';
import type { GuardStatus } from '../messaging/protocol';
import type { RulesApi, StorageArea } from '../platform/extension-api';
import { SESSION_KEYS } from '../storage/keys';
import type { SettingsSnapshot } from './settings-store';

const FALLBACK = {
  dynamic: 'in force instead: every host upgraded (no exception), credentials still blocked',
  session: '"continue once", session exceptions and paused tabs are off',
} as const;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const inRange = (id: number, range: keyof typeof RULE_ID_RANGES) =>
  id >= RULE_ID_RANGES[range].first && id <= RULE_ID_RANGES[range].last;

/** Characters of names per regex, tried in turn (0: one name each, the smallest there is). */
const PARAM_NAME_GROUP_SIZES = [PARAM_NAME_GROUP_CHARS, 28, 0];

/**
 * A reconcile that takes longer has hung (a browser call that never answers, seen with
 * storage.managed at startup: https://github.com/microsoft/MicrosoftEdge-Extensions/issues/299):
 * it is abandoned, reported, and the next one starts afresh. 100,000 exceptions install
 * in a few seconds.
 */
export const RECONCILE_TIME_LIMIT_MS = 30_000;

/** Chrome's private instance: how often it reads the rules back while no digest tells it more. */
const READ_BACK_EVERY_MS = 1_000;

export interface RuleSyncDeps {
  rules: RulesApi;
  /** Reads the settings afresh from storage. */
  settings: () => Promise<SettingsSnapshot>;
  capabilities: DnrCapabilities;
  /** "Continue over HTTP once" exceptions and paused tabs, which become session rules. */
  tabExceptions: () => Promise<TabException[]>;
  timeLimitMs?: number;
  /**
   * Another instance of the extension writes the rules (Chrome runs a second one for
   * private windows; both see the same rules): this one only waits until they are what
   * the settings call for.
   */
  readOnly?: boolean;
  /**
   * storage.session, where the record of what was installed is kept (SESSION_KEYS.installedRules)
   * for a restarted worker and for Chrome's private instance (both instances share it).
   * It is cleared with the browser session and when the extension is reloaded or updated,
   * which is when the rules may have changed without this sync: then it reads them back
   * (https://developer.chrome.com/docs/extensions/reference/api/storage#property-session).
   * Without it the record lives in memory only.
   */
  sessionArea?: StorageArea & { remove?(keys: string[]): Promise<void> };
}

/** One rule set's wanted rules with their digest (core/rule-digest.ts). */
interface WantedSet {
  rules: DnrRule[];
  digest: string;
}

interface Wanted {
  dynamic: WantedSet;
  session: WantedSet;
  baseline: boolean;
  problems: string[];
  /**
   * Regexes Chrome refuses even alone: their rules are left out (a browser limit:
   * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#regex-rules).
   */
  refusedRegexes: string[];
}

/** What is installed, as the sync knows it: each rule's id and content hash, and each set's digest. */
interface Installed {
  dynamic: InstalledRules;
  session: InstalledRules;
  digests: { dynamic: string; session: string };
}

type Which = 'dynamic' | 'session';

function installed(dynamic: InstalledRules, session: InstalledRules): Installed {
  return { dynamic, session, digests: { dynamic: rulesetDigest(dynamic), session: rulesetDigest(session) } };
}

const wantedSet = (rules: DnrRule[]): WantedSet => ({
  rules,
  digest: rulesetDigest(rules.map((rule) => [rule.id, ruleHash(rule)] as const)),
});

const inPlace = (have: Installed, want: Wanted) =>
  have.digests.dynamic === want.dynamic.digest && have.digests.session === want.session.digest;

/** The record in storage.session: plain lists, and the digests to check them by. */
interface StoredRecord {
  dynamic: [number, string][];
  session: [number, string][];
  digests: { dynamic: string; session: string };
}

function toRecord(have: Installed): StoredRecord {
  return { dynamic: [...have.dynamic], session: [...have.session], digests: have.digests };
}

/** The record as stored, if it is one (anything else: unknown, read the rules back). */
function fromRecord(value: unknown): Installed | null {
  if (!isRecord(value) || !isRecord(value.digests)) return null;
  const entries = (list: unknown): Map<number, string> | null => {
    if (!Array.isArray(list)) return null;
    const map = new Map<number, string>();
    for (const entry of list) {
      if (!Array.isArray(entry) || !Number.isInteger(entry[0]) || typeof entry[1] !== 'string') return null;
      map.set(entry[0] as number, entry[1]);
    }
    return map;
  };
  const [dynamic, session] = [entries(value.dynamic), entries(value.session)];
  if (!dynamic || !session) return null;
  const have = installed(dynamic, session);
  const same = have.digests.dynamic === value.digests.dynamic && have.digests.session === value.digests.session;
  return same ? have : null;
}

/**
 * Keeps the browser's rules equal to what the stored settings call for: the static
 * baseline on or off, the dynamic rules, the session rules. Every reconcile reads the
 * settings afresh (module state is only a cache in a worker that can be stopped at any
 * time) and updates run one at a time: concurrent updateDynamicRules calls that reuse ids
 * fail.
 *
 * What it installed it records (ids and content hashes, a digest per rule set) in memory
 * and in storage.session: an update then sends only the rules whose content changed, and
 * "are the rules in place?" compares the digest the settings call for with the recorded
 * one instead of reading every rule back. The rules are read back only when there is no
 * record (the first wake after a browser start, an install or an update) or after an
 * update failed or hung (the record is dropped before each update and written after it).
 *
 * Order, so that no step lowers protection on its way: the baseline is turned on before
 * anything else and off only after everything else; each rule update is atomic. The
 * baseline is in the manifest, so a fresh install is protected before any of this runs.
 */
export function createRuleSync(deps: RuleSyncDeps) {
  const enqueue = createSerialQueue();
  const timeLimit = deps.timeLimitMs ?? RECONCILE_TIME_LIMIT_MS;
  let lastError: string | null = null;

  const regexVerdicts = new Map<string, Promise<boolean>>();
  const supported = (regex: string, caseSensitive: boolean) => {
    const key = `${caseSensitive ? 'c' : 'i'}${regex}`;
    let verdict = regexVerdicts.get(key);
    if (!verdict) {
      verdict = deps.rules.isRegexSupported(regex, caseSensitive);
      regexVerdicts.set(key, verdict);
      verdict.catch(() => regexVerdicts.delete(key)); // ask again next time
    }
    return verdict;
  };

  // Compiling 100,000 exceptions takes a while: the result holds until the settings or
  // the tab exceptions change (new objects) or the next timed exception expires.
  let memo: { settings: Settings; tabs: TabException[]; validUntil: number; result: Wanted } | null = null;

  async function wanted(): Promise<Wanted> {
    const snapshot = await deps.settings();
    const tabExceptions = await deps.tabExceptions();
    const now = Date.now();
    const settings = snapshot.effective;
    if (memo && memo.settings === settings && memo.tabs === tabExceptions && now < memo.validUntil) return memo.result;
    const result = await compile(snapshot, tabExceptions, now, memo?.result);
    const expiries = [nextExceptionExpiry(snapshot.effective, now), nextExpiry(tabExceptions, now)];
    const validUntil = Math.min(...expiries.map((t) => t ?? Infinity));
    memo = { settings, tabs: tabExceptions, validUntil, result };
    return result;
  }

  async function refused(rules: DnrRule[]): Promise<Set<string>> {
    const regexes = new Map<string, boolean>();
    for (const { condition } of rules) {
      if (condition.regexFilter) regexes.set(condition.regexFilter, condition.isUrlFilterCaseSensitive ?? false);
    }
    const verdicts = await Promise.all([...regexes].map(async ([r, cs]) => [r, await supported(r, cs)] as const));
    return new Set(verdicts.filter(([, ok]) => !ok).map(([r]) => r));
  }

  /** The rules the settings call for, hashed (reusing the last compile's hashes for unchanged rules). */
  async function compile(
    snapshot: SettingsSnapshot,
    tabExceptions: TabException[],
    now: number,
    previous: Wanted | undefined,
  ): Promise<Wanted> {
    const settings = snapshot.effective;
    const problems = snapshot.problems.map(describeProblem);
    const baseline = baselineWanted(settings);
    const done = (rules: DnrRule[], sessionRules: DnrRule[], refusedRegexes: string[]): Wanted => {
      hashRules(rules, previous?.dynamic.rules);
      hashRules(sessionRules, previous?.session.rules);
      return { dynamic: wantedSet(rules), session: wantedSet(sessionRules), baseline, problems, refusedRegexes };
    };
    // Chrome may refuse a regex of many parameter names (RE2's memory cap): fewer per regex until it takes them
    // (https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#regex-rules).
    for (const groupChars of PARAM_NAME_GROUP_SIZES) {
      const rules = [
        ...buildUpgradeRules(settings, deps.capabilities, now),
        ...buildLeakRules(settings, deps.capabilities, now, groupChars),
      ];
      const sessionRules = buildSessionRules(settings, { tabExceptions }, deps.capabilities, now, groupChars);
      const refusedRegexes = await refused([...rules, ...sessionRules]);
      if (refusedRegexes.size === 0) return done(rules, sessionRules, []);
      if (groupChars === 0) {
        // One name or shape per regex and still refused (a long host shape in front of it):
        // the browser cannot block that one declaratively. Leave it out rather than fail.
        const keep = (r: DnrRule) => !refusedRegexes.has(r.condition.regexFilter ?? '');
        return done(rules.filter(keep), sessionRules.filter(keep), [...refusedRegexes]);
      }
    }
    throw new Error('unreachable: the last group size always returns');
  }

  // What this instance installed (null: unknown, ask storage.session, else the browser).
  // Chrome's private instance never keeps one: the other instance may change the rules.
  let known: Installed | null = null;
  // Bumped when a step is abandoned (time limit): what it would still record is stale.
  let generation = 0;
  // Browser writes in flight. Between steps (the queue runs one at a time) any still in
  // flight belongs to an abandoned step: it may land at any moment and change the rules
  // behind any record, so none is trusted or written until it has, and then the rules are
  // reconciled again.
  let writesInFlight = 0;
  let abandonedWrites = false;

  /** One write to the browser's rules, refused once its step is abandoned. */
  async function write(live: () => boolean, call: () => Promise<void>): Promise<void> {
    if (!live()) throw new StepAbandoned();
    writesInFlight++;
    try {
      await call();
    } finally {
      writesInFlight--;
      if (writesInFlight === 0 && abandonedWrites) {
        abandonedWrites = false;
        known = null;
        void reconcile();
      }
    }
    if (!live()) throw new StepAbandoned();
  }

  async function baselineEnabled(): Promise<boolean> {
    return (await deps.rules.getEnabledRulesets()).includes(BASELINE_RULESET_ID);
  }

  const readRules = (which: Which) =>
    which === 'dynamic' ? deps.rules.getDynamicRules() : deps.rules.getSessionRules();

  /** What the browser holds, read back (slow with 100,000 exceptions: only when nothing else tells). */
  async function readBack(want: Wanted): Promise<Installed> {
    const [dynamic, session] = await Promise.all([readRules('dynamic'), readRules('session')]);
    return installed(
      installedFromBrowser(dynamic, want.dynamic.rules),
      installedFromBrowser(session, want.session.rules),
    );
  }

  async function storedRecord(): Promise<Installed | null> {
    if (!deps.sessionArea) return null;
    return fromRecord(await deps.sessionArea.get(SESSION_KEYS.installedRules));
  }

  /** Records what is installed; null drops the record (an update is under way, or failed). */
  async function record(have: Installed | null): Promise<void> {
    const area = deps.sessionArea;
    if (!area) return;
    if (have) await area.set(SESSION_KEYS.installedRules, toRecord(have));
    else if (area.remove) await area.remove([SESSION_KEYS.installedRules]);
    else await area.set(SESSION_KEYS.installedRules, null);
  }

  /** This instance's own rules: as recorded in memory or storage, else read back (and recorded). */
  async function ownRules(want: Wanted, live: () => boolean): Promise<{ have: Installed; readBack: boolean }> {
    if (writesInFlight > 0) return { have: await readBack(want), readBack: true };
    if (known) return { have: known, readBack: false };
    const stored = await storedRecord();
    if (stored) {
      if (live()) known = stored;
      return { have: stored, readBack: false };
    }
    const have = await readBack(want);
    if (live()) {
      known = have;
      await record(have).catch(logRecordError);
    }
    return { have, readBack: true };
  }

  let lastReadBack = -Infinity;
  /** The other instance's rules (Chrome's private instance): its record, else read back now and then. */
  async function othersRules(want: Wanted, throttle: boolean): Promise<Installed | null> {
    const stored = await storedRecord();
    if (stored) return stored;
    if (throttle && Date.now() - lastReadBack < READ_BACK_EVERY_MS) return null;
    lastReadBack = Date.now();
    return readBack(want);
  }

  async function apply(live: () => boolean): Promise<void> {
    const want = await wanted();
    const [{ have, readBack: fresh }, baselineOn] = await Promise.all([ownRules(want, live), baselineEnabled()]);
    if (baselineOn === want.baseline && inPlace(have, want)) return;
    if (!live()) return;
    // From here until the new record is written, the old one is untrue: nobody may trust it.
    known = null;
    await record(null);
    if (want.baseline && !baselineOn) {
      await write(live, () => deps.rules.updateEnabledRulesets({ enableRulesetIds: [BASELINE_RULESET_ID] }));
    }
    const refusals: string[] = [];
    const dynamic = await installOrFallBack(have.dynamic, want.dynamic.rules, 'dynamic', fresh, refusals, live);
    const session = await installOrFallBack(have.session, want.session.rules, 'session', fresh, refusals, live);
    if (!want.baseline && baselineOn) {
      await write(live, () => deps.rules.updateEnabledRulesets({ disableRulesetIds: [BASELINE_RULESET_ID] }));
    }
    // After a refusal nothing is recorded: the next reconcile reads the rules back.
    if (refusals.length > 0) throw new Error(refusals.join('; '));
    // Nor while an abandoned step's write may still land.
    if (!live() || writesInFlight > 0) return;
    known = installed(dynamic, session);
    await record(known).catch(logRecordError);
  }

  /**
   * Installs `wanted`; if the browser refuses it (a limit, a rule it will not take), a
   * smaller set that only protects: the dynamic rules without the exceptions (everything
   * is upgraded, credentials are still blocked), no session rules ("continue once" and
   * pauses end); failing that, none. The next change tries the whole set again, so one
   * refused update does not hold back the ones after it. Returns what is installed.
   * A failed update from a record (not from rules just read back) is tried once more from
   * the browser's rules first: a record can be out of date (a worker stopped mid-update).
   */
  async function installOrFallBack(
    have: InstalledRules,
    wanted: DnrRule[],
    which: Which,
    readBackAlready: boolean,
    refusals: string[],
    live: () => boolean,
  ): Promise<InstalledRules> {
    const install = async (from: InstalledRules, rules: DnrRule[]) => {
      const plan = planUpdate(from, rules);
      if (!isEmptyUpdate(plan.update)) {
        await write(live, () =>
          which === 'dynamic' ? deps.rules.updateDynamicRules(plan.update) : deps.rules.updateSessionRules(plan.update),
        );
      }
      return plan.installed;
    };
    const inBrowser = async (rules: DnrRule[]) => installedFromBrowser(await readRules(which), rules);
    let error: unknown;
    try {
      return await install(have, wanted);
    } catch (first) {
      if (first instanceof StepAbandoned) throw first;
      error = first;
    }
    if (!readBackAlready) {
      try {
        return await install(await inBrowser(wanted), wanted);
      } catch (second) {
        if (second instanceof StepAbandoned) throw second;
        error = second;
      }
    }
    const safe = which === 'dynamic' ? wanted.filter((rule) => !inRange(rule.id, 'exceptions')) : [];
    try {
      const result = await install(await inBrowser(safe), safe);
      refusals.push(`the browser refused the ${which} rules (${messageOf(error)}); ${FALLBACK[which]}`);
      return result;
    } catch (third) {
      if (third instanceof StepAbandoned) throw third;
      const result = await install(await inBrowser([]), []);
      refusals.push(
        `the browser refused the ${which} rules (${messageOf(error)}); only the built-in upgrade is in force`,
      );
      return result;
    }
  }

  /** Waits (within the time limit) until the other instance has installed what the settings call for. */
  async function awaitOtherInstance(): Promise<void> {
    for (;;) {
      const want = await wanted();
      const [have, baselineOn] = await Promise.all([othersRules(want, true), baselineEnabled()]);
      if (have && baselineOn === want.baseline && inPlace(have, want)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Runs a step within the time limit; one abandoned leaves nothing it would still record. */
  async function limited<T>(step: (live: () => boolean) => Promise<T>, what: string): Promise<T> {
    const mine = generation;
    try {
      return await withTimeLimit(
        step(() => mine === generation),
        timeLimit,
        what,
      );
    } catch (error) {
      if (error instanceof TimeLimitError) {
        generation++;
        known = null;
        if (writesInFlight > 0) abandonedWrites = true;
      }
      throw error;
    }
  }

  function reconcile(): Promise<void> {
    return enqueue(async () => {
      try {
        await limited((live) => (deps.readOnly ? awaitOtherInstance() : apply(live)), 'installing the rules');
        lastError = null;
      } catch (error) {
        // Trust nothing recorded: the next reconcile or status reads the browser's rules back.
        known = null;
        if (!deps.readOnly) await record(null).catch(logRecordError);
        lastError = messageOf(error);
        console.error('Cleartext Guard: could not install its rules:', lastError);
      }
    });
  }

  /**
   * Whether what is installed is what the current settings want, right now: the digest of
   * what they call for against the digest of what was recorded as installed. Reads the
   * rules back only when there is no record (see createRuleSync).
   */
  function status(): Promise<Omit<GuardStatus, 'warnings' | 'activeTabExceptions'> & { lastError: string | null }> {
    return enqueue(() =>
      limited(async (live) => {
        const want = await wanted();
        const [have, baselineOn] = await Promise.all([
          deps.readOnly ? othersRules(want, false) : ownRules(want, live).then(({ have }) => have),
          baselineEnabled(),
        ]);
        const rules = have ?? installed(new Map(), new Map());
        return {
          rulesInPlace: have !== null && baselineOn === want.baseline && inPlace(rules, want),
          baselineEnabled: baselineOn,
          installedRuleCount: rules.dynamic.size + rules.session.size,
          wantedRuleCount: want.dynamic.rules.length + want.session.rules.length,
          settingsProblems: want.problems,
          lastError,
          refusedRegexCount: want.refusedRegexes.length,
        };
      }, 'reading the installed rules'),
    );
  }

  return { reconcile, status };
}

/** A step past its time limit stops at its next write instead of changing the rules behind a newer one. */
class StepAbandoned extends Error {
  constructor() {
    super('abandoned after its time limit');
  }
}

function logRecordError(error: unknown): void {
  console.error('Cleartext Guard: could not record the installed rules:', messageOf(error));
}
