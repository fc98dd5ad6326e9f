import { browser } from '../platform/extension-api';

/**
 * Chrome only: declarative rules can neither upgrade ws:// nor see request bodies, so a
 * MAIN-world script guards WebSockets, fetch, XHR and beacons where the page makes them
 * (src/content/page-guard.ts, built as a classic script so it runs synchronously at
 * document_start). Registered persistently, checked at every wake so an update or a
 * crash never leaves it missing; a registration of an older version is replaced.
 */
const OUTDATED_IDS = ['websocket-upgrade'];

export const PAGE_GUARD_SCRIPT = {
  id: 'page-guard',
  js: ['page-scripts/page-guard.js'],
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: true,
  matchOriginAsFallback: true,
  world: 'MAIN',
  persistAcrossSessions: true,
} as const;

type Registration = Parameters<typeof browser.scripting.registerContentScripts>[0][number];

/** Registers the page guard, or removes it when `wanted` is false (watch mode changes nothing). */
export async function ensurePageScripts(wanted: boolean): Promise<void> {
  const outdated = await browser.scripting.getRegisteredContentScripts({ ids: OUTDATED_IDS });
  if (outdated.length > 0) await browser.scripting.unregisterContentScripts({ ids: outdated.map((s) => s.id) });
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [PAGE_GUARD_SCRIPT.id] });
  if (!wanted) {
    if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [PAGE_GUARD_SCRIPT.id] });
    return;
  }
  const current = existing[0] as (Registration & { world?: string }) | undefined;
  const upToDate =
    current !== undefined &&
    current.world === PAGE_GUARD_SCRIPT.world &&
    JSON.stringify(current.js) === JSON.stringify(PAGE_GUARD_SCRIPT.js) &&
    JSON.stringify(current.matches) === JSON.stringify(PAGE_GUARD_SCRIPT.matches);
  if (upToDate) return;
  if (current) await browser.scripting.unregisterContentScripts({ ids: [PAGE_GUARD_SCRIPT.id] });
  const registration = { ...PAGE_GUARD_SCRIPT, js: [...PAGE_GUARD_SCRIPT.js], matches: [...PAGE_GUARD_SCRIPT.matches] };
  await browser.scripting.registerContentScripts([registration as unknown as Registration]);
}

/** True when the page guard's registration is what `wanted` calls for (Chrome). */
export async function pageScriptsInPlace(wanted: boolean): Promise<boolean> {
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [PAGE_GUARD_SCRIPT.id] });
  return existing.length === (wanted ? 1 : 0);
}
