/** Why a step was abandoned: it did not settle in time (the work itself may still finish). */
export class TimeLimitError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${Math.round(ms / 100) / 10} s`);
    this.name = 'TimeLimitError';
  }
}

/**
 * Settles like `work`, or rejects with a TimeLimitError after `ms`: for browser calls that
 * may never answer, so that what waits on them (a queue, a listener) goes on.
 */
export function withTimeLimit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeLimitError(what, ms)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
