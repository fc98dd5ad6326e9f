/** The one browser call a probe makes (the global `fetch` unless a test hands in another). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const globalFetch: Fetch = (url, init) => fetch(url, init);

/**
 * One request from the background to see how an address answers: without cookies, not
 * following a redirect, the body never read, within `timeoutMs`. The response, or null
 * when nothing answered in time (a refused connection, a failed TLS handshake, a timeout).
 */
async function probe(url: string, timeoutMs: number, fetcher: Fetch): Promise<Response | null> {
  try {
    const response = await fetcher(url, {
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return response;
  } catch {
    return null;
  }
}

/**
 * Asks a host's cleartext root once (the caller opened the rules for exactly this
 * request): 'redirect' when it sends the browser elsewhere (a captive portal's sign),
 * 'answer' for anything else it answers, 'none' when nothing answers.
 */
export async function askCleartext(
  url: string,
  timeoutMs = 5_000,
  fetcher: Fetch = globalFetch,
): Promise<'redirect' | 'answer' | 'none'> {
  const response = await probe(url, timeoutMs, fetcher);
  if (!response) return 'none';
  const redirects = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
  return redirects ? 'redirect' : 'answer';
}

/** Whether an https address answers at all: a TLS connection and any response (an error status or a redirect included). */
export async function answersOverHttps(
  url: string,
  timeoutMs = 10_000,
  fetcher: Fetch = globalFetch,
): Promise<boolean> {
  if (!url.startsWith('https:')) return false;
  return (await probe(url, timeoutMs, fetcher)) !== null;
}
