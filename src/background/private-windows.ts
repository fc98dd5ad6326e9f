/**
 * The private session ends with the last private window: what it recorded and the
 * exceptions chosen in it go. Seen by the instance that sees private windows: Firefox's
 * only one, Chrome's private instance (its normal one is not shown them:
 * https://developer.chrome.com/docs/extensions/reference/manifest/incognito#split).
 */
export function createPrivateSessionEnd(deps: {
  /** The open windows (`browser.windows.getAll`). */
  openWindows(): Promise<{ incognito: boolean }[]>;
  session: { end(): Promise<void> };
}) {
  return async function endPrivateSessionIfOver(): Promise<void> {
    const open = await deps.openWindows();
    if (!open.some((w) => w.incognito)) await deps.session.end();
  };
}
