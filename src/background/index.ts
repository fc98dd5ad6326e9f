/**
 * The background: wiring only. Every listener is registered synchronously at the top
 * level so that an event which wakes the worker (or Firefox's event page) finds it.
 * All state lives in storage; module variables are caches.
 */
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from '../core/dnr-types';
import { createSerialQueue } from '../core/serial-queue';
import {
  badgeApi,
  browser,
  localStorageArea,
  rulesApi,
  runtimeInfo,
  sessionStorageArea,
} from '../platform/extension-api';
import { LOCAL_KEYS } from '../storage/keys';
import { createBlockedNavigations } from './blocked-navigations';
import { installChromeLeakObserver } from './chrome-leak-observer';
import { installFirefoxLeakGuard } from './firefox-leak-guard';
import { createGuardRecorder } from './guard-recorder';
import { createHistoryStore } from './history-store';
import { createMessageHandler } from './message-handler';
import { ensurePageScripts, pageScriptsInPlace } from './page-scripts';
import { createRuleSync } from './rule-sync';
import { createSettingsCache } from './settings-cache';
import { createTabStatsRecorder } from './tab-stats-recorder';
import { observeUpgrades } from './upgrade-observer';
import { createUserPasses } from './user-passes';

const settings = createSettingsCache(localStorageArea);
const ruleSync = createRuleSync({
  rules: rulesApi,
  settingsArea: localStorageArea,
  capabilities: __BROWSER__ === 'firefox' ? FIREFOX_CAPABILITIES : CHROME_CAPABILITIES,
});
const tabStats = createTabStatsRecorder({ area: sessionStorageArea, badge: badgeApi });
const history = createHistoryStore(async () => (await settings.ready()).historyCap);
const recorder = createGuardRecorder({ history, keyArea: localStorageArea, settings, recordTab: tabStats.record });
const passes = createUserPasses();
const blockedNavigations = createBlockedNavigations(sessionStorageArea);
const warnings: string[] = [];

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
browser.storage.onChanged.addListener((changes, areaName) => {
  if (areaName !== 'local' || !(LOCAL_KEYS.settings in changes)) return;
  void settings.refresh().then(installPageScripts);
  void ruleSync.reconcile();
});
observeUpgrades(tabStats.record);
const leakDeps = { settings, recorder, passes, blockedNavigations };
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
      };
    },
    tabStats: (tabId) => tabStats.get(tabId),
    history: (limit) => history.latest(limit),
    blockedNavigation: (tabId) => blockedNavigations.get(tabId),
    settings: () => settings.ready(),
    record: (event) => recorder.record(event),
    grantPass: (tabId, url) => passes.grant(tabId, url),
  }),
);

// Every wake: cheap when nothing changed (one read, one compare).
void settings.refresh();
void ruleSync.reconcile();
installPageScripts();
