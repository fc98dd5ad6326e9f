/**
 * The background: wiring only. Every listener is registered synchronously at the top
 * level so that an event which wakes the worker (or Firefox's event page) finds it.
 * All state lives in storage; module variables are caches.
 */
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from '../core/dnr-types';
import { INTERSTITIAL_PATH } from '../core/leak-rules';
import { nextExceptionExpiry } from '../core/settings';
import { activeTabExceptions, nextExpiry } from '../core/tab-exceptions';
import { createSerialQueue } from '../core/serial-queue';
import {
  badgeApi,
  browser,
  localStorageArea,
  managedStorageArea,
  rulesApi,
  runtimeInfo,
  sessionStorageArea,
  syncStorageArea,
} from '../platform/extension-api';
import { createBlockedNavigations } from './blocked-navigations';
import { continueOverHttp } from './continue-over-http';
import { createFailedNavigations } from './failed-navigations';
import { installFailureWatch } from './failure-watch';
import { createHttpsMemoryStore } from './https-memory-store';
import { createTabExceptionsStore } from './tab-exceptions-store';
import { installChromeLeakObserver } from './chrome-leak-observer';
import { installFirefoxLeakGuard } from './firefox-leak-guard';
import { createGuardRecorder } from './guard-recorder';
import { createHistoryStore } from './history-store';
import { createMessageHandler } from './message-handler';
import { createPageActions } from './page-actions';
import { ensurePageScripts, pageScriptsInPlace } from './page-scripts';
import { observePageSecurity } from './page-security-observer';
import { createRuleSync } from './rule-sync';
import { createSettingsCache } from './settings-cache';
import { createSettingsStore } from './settings-store';
import { createTabStatsRecorder } from './tab-stats-recorder';
import { observeUpgrades } from './upgrade-observer';
import { createUserPasses } from './user-passes';

const store = createSettingsStore({
  local: localStorageArea,
  session: sessionStorageArea,
  sync: syncStorageArea,
  managed: managedStorageArea,
});
const settings = createSettingsCache(store.read);
const tabExceptions = createTabExceptionsStore(sessionStorageArea);
const ruleSync = createRuleSync({
  rules: rulesApi,
  settings: store.read,
  capabilities: __BROWSER__ === 'firefox' ? FIREFOX_CAPABILITIES : CHROME_CAPABILITIES,
  tabExceptions: () => tabExceptions.list(),
});
const tabStats = createTabStatsRecorder({ area: sessionStorageArea, badge: badgeApi });
const history = createHistoryStore(async () => {
  const { historyCap, historyMaxAgeDays } = await settings.ready();
  return { cap: historyCap, maxAgeDays: historyMaxAgeDays };
});
const recorder = createGuardRecorder({ history, keyArea: localStorageArea, settings, recordTab: tabStats.record });
const passes = createUserPasses();
const blockedNavigations = createBlockedNavigations(sessionStorageArea);
const failedNavigations = createFailedNavigations(sessionStorageArea);
const httpsMemory = createHttpsMemoryStore(localStorageArea);
const warnings: string[] = [];

// Timed exceptions ("continue over HTTP once", and settings exceptions with an end) run
// out on their own: a timer while the worker lives, an alarm (which wakes it) otherwise,
// and a prune at every wake. The rules follow each time.
const EXPIRY_ALARM = 'exception-expiry';
let expiryTimer: ReturnType<typeof setTimeout> | null = null;
async function applyExpiries(): Promise<void> {
  await tabExceptions.prune();
  await ruleSync.reconcile();
  const now = Date.now();
  const times = [nextExpiry(await tabExceptions.list(), now), nextExceptionExpiry(await settings.ready(), now)];
  const pending = times.filter((t): t is number => t !== null);
  const next = pending.length > 0 ? Math.min(...pending) : null;
  if (expiryTimer !== null) clearTimeout(expiryTimer);
  expiryTimer = null;
  if (next === null) return;
  expiryTimer = setTimeout(() => void applyExpiries(), Math.max(0, next - Date.now()) + 50);
  await browser.alarms.create(EXPIRY_ALARM, { when: next + 50 });
}

const pageScriptQueue = createSerialQueue();
function installPageScripts(): void {
  if (__BROWSER__ !== 'chrome') return;
  pageScriptQueue(async () => ensurePageScripts((await settings.ready()).mode !== 'watch')).then(
    () => warnings.splice(0),
    (error: unknown) => {
      const message = `in-page guard script not registered: ${String(error)}`;
      if (!warnings.includes(message)) warnings.push(message);
      console.error('Cleartext Guard:', message);
    },
  );
}

// Install, update and browser start all wake the background, which reconciles below;
// these listeners make sure those events wake it.
browser.runtime.onInstalled.addListener(() => void ruleSync.reconcile());
browser.runtime.onStartup.addListener(() => void ruleSync.reconcile());
function settingsChanged(): Promise<void> {
  return settings.refresh().then(() => {
    installPageScripts();
    return applyExpiries();
  });
}
browser.storage.onChanged.addListener((changes, areaName) => {
  // Another of the user's browsers saved settings: take them if newer (this device's own
  // write changes nothing here, its savedAt is already known).
  if (areaName === 'sync') return void store.adoptSync();
  // The store's own saves apply their rules themselves (page-actions.ts).
  if (store.noticeChange(areaName, changes)) void settingsChanged();
});
observeUpgrades(tabStats.record);
observePageSecurity(tabStats.record);
installFailureWatch({
  settings,
  failed: failedNavigations,
  httpsMemory,
  interstitialUrl: runtimeInfo.getURL(INTERSTITIAL_PATH),
});
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === EXPIRY_ALARM) void applyExpiries();
});
browser.tabs.onRemoved.addListener(
  (tabId) => void tabExceptions.removeTab(tabId).then((changed) => (changed ? ruleSync.reconcile() : undefined)),
);
const leakDeps = { settings, recorder, passes, blockedNavigations, tabExceptions };
if (__BROWSER__ === 'firefox') installFirefoxLeakGuard(leakDeps);
else installChromeLeakObserver(leakDeps);
browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.status === 'complete') void tabStats.refreshBadge(tabId);
});
browser.runtime.onMessage.addListener(
  createMessageHandler({
    extensionId: runtimeInfo.id,
    extensionOrigin: runtimeInfo.origin,
    status: async () => {
      const { lastError, ...status } = await ruleSync.status();
      const pageGuardWanted = (await settings.ready()).mode !== 'watch';
      const pageGuardOk =
        __BROWSER__ !== 'chrome' || (await pageScriptQueue(() => pageScriptsInPlace(pageGuardWanted)));
      return {
        ...status,
        rulesInPlace: status.rulesInPlace && pageGuardOk,
        warnings: lastError ? [...warnings, lastError] : [...warnings],
        activeTabExceptions: activeTabExceptions(await tabExceptions.list(), Date.now()).length,
      };
    },
    tabStats: (tabId) => tabStats.get(tabId),
    history: (limit) => history.latest(limit),
    clearHistory: () => history.clear(),
    actions: createPageActions({
      store,
      tabExceptions,
      tabStats: (tabId) => tabStats.get(tabId),
      tabUrl: async (tabId) => (await browser.tabs.get(tabId).catch(() => null))?.url ?? null,
      applied: settingsChanged,
    }),
    blockedNavigation: (tabId) => blockedNavigations.get(tabId),
    failedNavigation: (tabId, frameId) => failedNavigations.get(tabId, frameId),
    continueOverHttp: (request) =>
      continueOverHttp(request, {
        failed: failedNavigations,
        tabExceptions,
        store,
        settings: () => settings.ready(),
        applyRules: settingsChanged,
      }),
    settings: () => settings.ready(),
    record: (event) => recorder.record(event),
    grantPass: (tabId, url) => passes.grant(tabId, url),
  }),
);

// Every wake: cheap when nothing changed (one read, one compare).
void store.adoptSync();
void settings.refresh();
void applyExpiries();
installPageScripts();
