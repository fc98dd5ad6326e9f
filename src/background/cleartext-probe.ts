/**
 * Asks a host's cleartext root once, without credentials, not following a redirect (the
 * caller opened the rules for exactly this request): 'redirect' when it sends the browser
 * elsewhere (a captive portal's sign), 'answer' for anything else it answers, 'none' when
 * nothing answers.
 */
export async function askCleartext(url: string, timeoutMs = 5_000): Promise<'redirect' | 'answer' | 'none'> {
  try {
    const response = await fetch(url, {
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)
      ? 'redirect'
      : 'answer';
  } catch {
    return 'none';
  }
}
