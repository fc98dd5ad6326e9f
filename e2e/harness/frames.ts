import { pollUntil, withTimeout } from './poll';

interface FrameLike {
  evaluate<R>(fn: () => R): Promise<R>;
}

/**
 * The first child frame whose document is at `urlPrefix`. Asks each frame's document where
 * it is: the driver's own record of a frame's URL can lag behind, or (BiDi) never see a
 * move into an extension page.
 */
export function frameAt<F extends FrameLike>(frames: () => F[], main: F, urlPrefix: string): Promise<F> {
  return pollUntil(
    async () => {
      for (const candidate of frames()) {
        if (candidate === main) continue;
        // A frame between documents (an error page, a navigation) may never answer: ask briefly.
        const href = await withTimeout(
          candidate.evaluate(() => location.href),
          1000,
          'frame',
        ).catch(() => '');
        if (href.startsWith(urlPrefix)) return candidate;
      }
      return undefined;
    },
    (f) => f !== undefined,
    `a frame at ${urlPrefix}`,
  ) as Promise<F>;
}
