import { execFileSync } from 'node:child_process';

/**
 * Re-checks a condition until it holds: for signals that have no event to listen to
 * (a URL in a browser driven over BiDi, the extension's own status). Fails with the
 * description and the last value seen, never silently.
 */
export async function pollUntil<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  description: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? String(lastError) : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description} (last seen: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Finds a program on PATH (browsers come from Debian, never from a test tool's download). */
export function findExecutable(names: string[]): string {
  for (const name of names) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error(
    `none of ${names.join(', ')} is on PATH. Install them with: sudo apt-get install -y chromium firefox-esr libnss3-tools openssl`,
  );
}

/** Polls until the page's URL satisfies `arrived` and its document has loaded. */
export function waitForArrival(
  currentUrl: () => string,
  readyState: () => Promise<string>,
  arrived: (url: string) => boolean,
  description: string,
): Promise<boolean> {
  return pollUntil(
    async () => {
      const ready = await readyState();
      return { arrived: ready === 'complete' && arrived(currentUrl()), url: currentUrl(), ready };
    },
    (state) => state.arrived,
    description,
  ).then(() => true);
}

/** Fails after `ms` with `description` instead of hanging (some driver calls have no timeout). */
export function withTimeout<T>(promise: Promise<T>, ms: number, description: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${description} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
