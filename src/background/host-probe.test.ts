import { describe, expect, it, vi } from 'vitest';
import { answersOverHttps, askCleartext, type Fetch } from './host-probe';

/** A response as a fetch with `redirect: 'manual'` gives it (Node cannot make an opaque redirect). */
function response(type: ResponseType, status: number) {
  const cancel = vi.fn(async () => undefined);
  return { value: { type, status, body: { cancel } } as unknown as Response, cancel };
}

const answering = (type: ResponseType, status: number) => vi.fn<Fetch>(async () => response(type, status).value);

/** A fetch that never answers: it rejects only when its signal aborts, as the browser's does. */
const silent = vi.fn<Fetch>(
  (_url, init) =>
    new Promise<Response>((_resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    }),
);

describe('askCleartext', () => {
  it("says 'redirect' for an opaque redirect (what a manual-redirect fetch gives in the browser)", async () => {
    expect(await askCleartext('http://portal.test/', 1_000, answering('opaqueredirect', 0))).toBe('redirect');
  });

  it.each([300, 301, 302, 307, 308, 399])("says 'redirect' for a %i status", async (status) => {
    expect(await askCleartext('http://portal.test/', 1_000, answering('basic', status))).toBe('redirect');
  });

  it.each([200, 204, 299, 400, 404, 500])("says 'answer' for a %i status", async (status) => {
    expect(await askCleartext('http://site.test/', 1_000, answering('basic', status))).toBe('answer');
  });

  it("says 'none' when the fetch throws (refused, TLS failure)", async () => {
    const fetcher = vi.fn<Fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await askCleartext('http://down.test/', 1_000, fetcher)).toBe('none');
  });

  it("says 'none' when nothing answers within the time limit", async () => {
    const started = Date.now();
    expect(await askCleartext('http://slow.test/', 20, silent)).toBe('none');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('asks once, without cookies or cache, not following redirects, and drops the body unread', async () => {
    const { value, cancel } = response('basic', 200);
    const fetcher = vi.fn<Fetch>(async () => value);
    await askCleartext('http://site.test/', 1_000, fetcher);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(fetcher).toHaveBeenCalledWith(
      'http://site.test/',
      expect.objectContaining({ cache: 'no-store', credentials: 'omit', redirect: 'manual' }),
    );
    expect(fetcher.mock.calls[0]?.[1].signal).toBeInstanceOf(AbortSignal);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('still answers when dropping the body fails', async () => {
    const failing = { type: 'basic', status: 302, body: { cancel: async () => Promise.reject(new Error('x')) } };
    const fetcher = vi.fn<Fetch>(async () => failing as unknown as Response);
    expect(await askCleartext('http://portal.test/', 1_000, fetcher)).toBe('redirect');
  });
});

describe('answersOverHttps', () => {
  it('is false for an address that is not https, without asking', async () => {
    const fetcher = answering('basic', 200);
    expect(await answersOverHttps('http://site.test/', 1_000, fetcher)).toBe(false);
    expect(await answersOverHttps('ws://site.test/', 1_000, fetcher)).toBe(false);
    expect(fetcher).not.toHaveBeenCalled();
  });

  it.each([
    ['basic', 200],
    ['basic', 500],
    ['opaqueredirect', 0],
  ] as const)('is true for any answer (%s %i)', async (type, status) => {
    const fetcher = answering(type, status);
    expect(await answersOverHttps('https://site.test/', 1_000, fetcher)).toBe(true);
    expect(fetcher).toHaveBeenCalledWith('https://site.test/', expect.objectContaining({ credentials: 'omit' }));
  });

  it('is false when the fetch throws', async () => {
    const fetcher = vi.fn<Fetch>(async () => {
      throw new TypeError('certificate');
    });
    expect(await answersOverHttps('https://broken.test/', 1_000, fetcher)).toBe(false);
  });

  it('is false when nothing answers within the time limit', async () => {
    expect(await answersOverHttps('https://slow.test/', 20, silent)).toBe(false);
  });
});
