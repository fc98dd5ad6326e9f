/** The parts of runtime.MessageSender the check looks at. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
}

/**
 * Only the extension's own pages may talk to the background. A content script runs in a
 * web page and shares the extension id, so the id alone is not enough: the sending
 * document must be one of the extension's own (its URL on the extension origin).
 */
export function isExtensionPageSender(sender: SenderInfo, extensionId: string, extensionOrigin: string): boolean {
  if (sender.id !== extensionId) return false;
  const origin = extensionOrigin.replace(/\/$/, '');
  if (sender.origin !== undefined && sender.origin !== origin) return false;
  // A prefix check up to and including the slash after the host: URL.origin is "null"
  // for extension schemes outside the browser, and the slash rules out look-alike hosts.
  return sender.url?.startsWith(`${origin}/`) ?? false;
}

/**
 * A content script of this extension, running in a web page (http or https) in a tab.
 * What it says is a claim about that page, never a command.
 */
export function isContentScriptSender(sender: SenderInfo & { tab?: { id?: number } }, extensionId: string): boolean {
  if (sender.id !== extensionId || sender.tab?.id === undefined || sender.tab.id < 0) return false;
  return /^https?:\/\//.test(sender.url ?? '');
}
