import { contentScriptRegistry, type ContentScriptRegistry } from '../platform/extension-api';

/**
 * The page-world guard is declared in the manifest (vite.config.ts), so it is in every
 * page from the moment the extension is installed. Versions before it registered the
 * script at run time, and a registration persists across sessions (persistAcrossSessions
 * defaults to true: https://developer.chrome.com/docs/extensions/reference/api/scripting):
 * remove it, or pages would get the guard twice.
 */
const REGISTERED_BEFORE = ['page-guard', 'websocket-upgrade'];

export async function removeOutdatedPageScripts(
  scripting: ContentScriptRegistry = contentScriptRegistry,
): Promise<void> {
  const outdated = await scripting.getRegisteredContentScripts({ ids: REGISTERED_BEFORE });
  if (outdated.length > 0) await scripting.unregisterContentScripts({ ids: outdated.map((s) => s.id) });
}
