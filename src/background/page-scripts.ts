import { browser } from '../platform/extension-api';

/**
 * Chrome only: declarative rules cannot upgrade ws://, so a MAIN-world script rewrites
 * WebSocket URLs before the page opens them (src/content/websocket-upgrade.ts, built as
 * a classic script so it runs synchronously at document_start). Registered persistently,
 * checked at every wake so an update or a crash never leaves it missing.
 */
export const WEBSOCKET_SCRIPT = {
  id: 'websocket-upgrade',
  js: ['page-scripts/websocket-upgrade.js'],
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: true,
  matchOriginAsFallback: true,
  world: 'MAIN',
  persistAcrossSessions: true,
} as const;

type Registration = Parameters<typeof browser.scripting.registerContentScripts>[0][number];

export async function ensurePageScripts(): Promise<void> {
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [WEBSOCKET_SCRIPT.id] });
  const current = existing[0] as (Registration & { world?: string }) | undefined;
  const upToDate =
    current !== undefined &&
    current.world === WEBSOCKET_SCRIPT.world &&
    JSON.stringify(current.js) === JSON.stringify(WEBSOCKET_SCRIPT.js) &&
    JSON.stringify(current.matches) === JSON.stringify(WEBSOCKET_SCRIPT.matches);
  if (upToDate) return;
  if (current) await browser.scripting.unregisterContentScripts({ ids: [WEBSOCKET_SCRIPT.id] });
  const registration = { ...WEBSOCKET_SCRIPT, js: [...WEBSOCKET_SCRIPT.js], matches: [...WEBSOCKET_SCRIPT.matches] };
  await browser.scripting.registerContentScripts([registration as unknown as Registration]);
}
