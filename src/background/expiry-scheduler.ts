/**
 * Runs `apply` when the next timed exception runs out ("continue over HTTP once", a
 * settings exception with an end): a timer while the background lives, an alarm (which
 * wakes it) otherwise; the caller also applies at every wake.
 */
export interface ExpiryAlarms {
  create(name: string, when: number): Promise<void>;
}

export const EXPIRY_ALARM = 'exception-expiry';
/** Rules are updated a moment after the expiry, so that the exception is surely over. */
const AFTER_EXPIRY_MS = 50;

export function createExpiryScheduler(alarms: ExpiryAlarms, apply: () => Promise<void>) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return async function schedule(next: number | null): Promise<void> {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (next === null) return;
    timer = setTimeout(() => void apply(), Math.max(0, next - Date.now()) + AFTER_EXPIRY_MS);
    await alarms.create(EXPIRY_ALARM, next + AFTER_EXPIRY_MS);
  };
}
