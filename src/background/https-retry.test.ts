import { describe, expect, it, vi } from 'vitest';
import { createFailedNavigations, type FailedNavigation } from './failed-navigations';
import { retryHttps } from './https-retry';
import { memoryRecordArea } from './testing/memory-area';

const NONCE = '0f0e0d0c-0b0a-4908-8706-050403020100';
const failure: FailedNavigation = {
  reason: 'timeout',
  error: 'no answer within 3 s',
  host: 'slow.test',
  url: 'http://slow.test/page?token=[redacted]',
  continueUrl: 'http://slow.test/page',
  credentials: [{ kind: 'query', name: 'token' }],
  suspicious: false,
  time: Date.now(),
  nonce: NONCE,
};

async function setup(answers: boolean, known: string | null = 'https://slow.test/page?token=s3cret') {
  const failed = createFailedNavigations(memoryRecordArea());
  await failed.remember(4, 0, failure);
  const deps = {
    failed,
    httpsTarget: vi.fn(() => known),
    answers: vi.fn(async () => answers),
    navigate: vi.fn(async () => undefined),
  };
  return { failed, deps };
}

describe('retryHttps', () => {
  it('takes the tab to the address the user asked for once it answers, and consumes the failure', async () => {
    const { failed, deps } = await setup(true);
    expect(await retryHttps({ tabId: 4, nonce: NONCE }, deps)).toEqual({ ok: true });
    expect(deps.answers).toHaveBeenCalledWith('https://slow.test/page?token=s3cret');
    expect(deps.navigate).toHaveBeenCalledWith(4, 'https://slow.test/page?token=s3cret');
    expect(await failed.view(4, 0, NONCE)).toBeNull();
  });

  it('keeps the failure (and the tab) while the host still does not answer', async () => {
    const { failed, deps } = await setup(false);
    expect(await retryHttps({ tabId: 4, nonce: NONCE }, deps)).toEqual({ ok: false, error: 'still-failing' });
    expect(deps.navigate).not.toHaveBeenCalled();
    expect(await failed.view(4, 0, NONCE)).not.toBeNull();
  });

  it("falls back to the failure's credential-free address when the background has forgotten the original", async () => {
    const { deps } = await setup(true, null);
    await retryHttps({ tabId: 4, nonce: NONCE }, deps);
    expect(deps.navigate).toHaveBeenCalledWith(4, 'https://slow.test/page');
  });

  it('offers nothing for another nonce, another tab, or a failure already chosen on', async () => {
    const { failed, deps } = await setup(true);
    expect(await retryHttps({ tabId: 4, nonce: '' }, deps)).toEqual({ ok: false, error: 'no-failure' });
    expect(await retryHttps({ tabId: 5, nonce: NONCE }, deps)).toEqual({ ok: false, error: 'no-failure' });
    await failed.take(4, NONCE);
    expect(await retryHttps({ tabId: 4, nonce: NONCE }, deps)).toEqual({ ok: false, error: 'no-failure' });
    expect(deps.navigate).not.toHaveBeenCalled();
  });
});
