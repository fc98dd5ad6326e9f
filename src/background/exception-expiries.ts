import { nextExceptionExpiry, type Settings } from '../core/settings';
import { nextExpiry, pausedTabs, type TabException } from '../core/tab-exceptions';
import { EXPIRY_ALARM, createExpiryScheduler, type ExpiryAlarms } from './expiry-scheduler';

export interface ExceptionExpiriesDeps {
  tabExceptions: { prune(): Promise<unknown>; list(): Promise<TabException[]> };
  rules: { reconcile(): Promise<void> };
  settings: { ready(): Promise<Settings>; refresh(): Promise<unknown> };
  /** The content scripts' policy (page-policy-store.ts); a failed write is not fatal. */
  writePagePolicy(settings: Settings, anyPaused: boolean): Promise<void>;
  alarms: ExpiryAlarms;
}

/**
 * Timed exceptions ("continue over HTTP once", pauses, portals, settings exceptions with an
 * end) and the rules: what runs at every wake, after every change of the settings or the
 * tab exceptions, and when the next exception runs out.
 */
export function createExceptionExpiries(deps: ExceptionExpiriesDeps) {
  const schedule = createExpiryScheduler(deps.alarms, () => apply());

  /** Drops expired tab exceptions, brings the rules in line, and waits for the next expiry. */
  async function apply(): Promise<void> {
    await deps.tabExceptions.prune();
    await deps.rules.reconcile();
    const now = Date.now();
    const list = await deps.tabExceptions.list();
    const current = await deps.settings.ready();
    await deps.writePagePolicy(current, pausedTabs(list).length > 0).catch(() => undefined);
    const times = [nextExpiry(list, now), nextExceptionExpiry(current, now)].filter((t): t is number => t !== null);
    await schedule(times.length > 0 ? Math.min(...times) : null);
  }

  /** Re-reads the settings, then applies them; resolves when the rules are in place. */
  function settingsChanged(): Promise<void> {
    return deps.settings.refresh().then(() => apply());
  }

  /** The alarm that wakes the background for an expiry. */
  function onAlarm(alarm: { name: string }): void {
    if (alarm.name === EXPIRY_ALARM) void apply();
  }

  return { apply, settingsChanged, onAlarm };
}

export type ExceptionExpiries = ReturnType<typeof createExceptionExpiries>;
