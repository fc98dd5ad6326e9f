import { upgradedUrl } from '../core/upgrade-detection';
import type { RetryResult } from '../messaging/protocol';
import type { FailedNavigationsStore } from './failed-navigations';

/**
 * "Try again" (and, after a timeout, the explanatory page's own retries): asks the
 * failed host over HTTPS once more, from the background; when it answers, the failure is
 * consumed and the tab goes on to the https address by itself. The address is the one
 * the user asked for, kept in memory only while its failure lasts (it may carry a
 * credential: over https that is where it was going); failing that (the background
 * restarted), the failure's credential-free address.
 */
export async function retryHttps(
  request: { tabId: number; nonce: string },
  deps: {
    failed: FailedNavigationsStore;
    /** The https address the failure was for, when this background still knows it. */
    httpsTarget(nonce: string): string | null;
    /** Whether the address answers over https at all (any status, a redirect included). */
    answers(url: string): Promise<boolean>;
    navigate(tabId: number, url: string): Promise<void>;
  },
): Promise<RetryResult> {
  const failure = await deps.failed.view(request.tabId, 0, request.nonce);
  if (!failure) return { ok: false, error: 'no-failure' };
  const target = deps.httpsTarget(request.nonce) ?? upgradedUrl((await deps.failed.continueUrl(request)) ?? '');
  if (!target) return { ok: false, error: 'no-failure' };
  if (!(await deps.answers(target))) return { ok: false, error: 'still-failing' };
  // The tab moves on only if this failure is still the one it shows (nobody chose meanwhile).
  if (!(await deps.failed.take(request.tabId, request.nonce))) return { ok: false, error: 'no-failure' };
  await deps.navigate(request.tabId, target);
  return { ok: true };
}
