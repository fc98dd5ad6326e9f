/** The parts of runtime.MessageSender the check looks at. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
}

/**
 * Only the extension's own pages may talk to the background. A content script runs in a
 * web page and shares the extension id, so the id alone is not enough: the sending
 * document must be one of the extension's own (its URL on one of the extension's origins:
 * Chrome also serves web-accessible pages under a per-session id, use_dynamic_url:
 * https://developer.chrome.com/docs/extensions/reference/manifest/web-accessible-resources).
 */
export function isExtensionPageSender(
  sender: SenderInfo,
  extensionId: string,
  extensionOrigins: readonly string[],
): boolean {
  if (sender.id !== extensionId || sender.url === undefined) return false;
  const url = sender.url;
  const origin = extensionOrigins.map((o) => o.replace(/\/$/, '')).find((o) => url.startsWith(`${o}/`));
  // A prefix check up to and including the slash after the host: URL.origin is "null"
  // for extension schemes outside the browser, and the slash rules out look-alike hosts.
  if (origin === undefined) return false;
  return sender.origin === undefined || sender.origin === origin;
}

/** `url` is the extension's own page at `path` ("/src/…"), under any of its origins. */
export function isOwnPageUrl(url: string, extensionOrigins: readonly string[], path: string): boolean {
  const page = path.replace(/^\//, '');
  return extensionOrigins.some((origin) => {
    const base = origin.endsWith('/') ? origin : `${origin}/`;
    return url === `${base}${page}` || url.startsWith(`${base}${page}#`) || url.startsWith(`${base}${page}?`);
  });
}

/**
 * A content script of this extension, running in a web page (http or https) in a tab.
 * What it says is a claim about that page, never a command.
 */
export function isContentScriptSender(sender: SenderInfo & { tab?: { id?: number } }, extensionId: string): boolean {
  if (sender.id !== extensionId || sender.tab?.id === undefined || sender.tab.id < 0) return false;
  return /^https?:\/\//.test(sender.url ?? '');
}
