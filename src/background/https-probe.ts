/**
 * Whether an https address answers at all: a TLS connection and any response (an error
 * status or a redirect included), within `timeoutMs`. From the background, without
 * cookies; the body is not read.
 */
export async function answersOverHttps(url: string, timeoutMs = 10_000): Promise<boolean> {
  if (!url.startsWith('https:')) return false;
  try {
    const response = await fetch(url, {
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}
