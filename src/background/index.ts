/**
 * The background: wiring only. Every listener is registered synchronously at the top
 * level so that an event which wakes the worker (or Firefox's event page) finds it
 * (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events).
 * All state lives in storage; module variables are caches.
 *
 * Protection does not wait for any of this: the manifest's static ruleset upgrades every
 * request and the page-world guard is declared there too, both in force from install.
 * What runs here refines them (exceptions, the leak guard's rules), records, explains.
 */
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from '../core/dnr-types';
import { INTERSTITIAL_PATH } from '../core/leak-rules';
import {
  alarmsApi,
  backgroundEvents,
  badgeApi,
  captivePortal,
  localStorageArea,
  managedStorageArea,
  openWindows,
  pagePolicyScriptRegistry,
  rulesApi,
  runtimeInfo,
  sessionStorageArea,
  syncStorageArea,
  tabsApi,
} from '../platform/extension-api';
import { createBlockedNavigations } from './blocked-navigations';
import { createCaptivePortal } from './captive-portal';
import { answersOverHttps, askCleartext } from './host-probe';
import { createExceptionExpiries } from './exception-expiries';
import { createFailedNavigations } from './failed-navigations';
import { installFailureWatch } from './failure-watch';
import { createHttpsMemoryStore } from './https-memory-store';
import { installHttpAuthGuard } from './http-auth-guard';
import { createPrivateHistoryStore } from './private-history-store';
import { createPrivateSession } from './private-session';
import { startsNewPrivateSession } from './private-session-mark';
import { createPrivateSessionEnd } from './private-windows';
import { createTabExceptionsStore } from './tab-exceptions-store';
import { installChromeLeakObserver } from './chrome-leak-observer';
import { installFirefoxLeakGuard } from './firefox-leak-guard';
import { createGuardRecorder } from './guard-recorder';
import { createHistoryStore } from './history-store';
import { createMessageHandler } from './message-handler';
import { createMessageRoutes, createPageClaims } from './message-routes';
import { createPagePolicyStore } from './page-policy-store';
import { removeOutdatedPageScripts } from './page-scripts';
import { observePageSecurity } from './page-security-observer';
import { createRuleSync } from './rule-sync';
import { createSettingsCache } from './settings-cache';
import { createSettingsStore } from './settings-store';
import { createStatusReport } from './status-report';
import { createStorageChangeHandler } from './storage-changes';
import { createTabStatsRecorder } from './tab-stats-recorder';
import { observeUpgrades } from './upgrade-observer';
import { createUserPasses } from './user-passes';
import { createWarnings } from './warnings';

const store = createSettingsStore(
  { local: localStorageArea, session: sessionStorageArea, sync: syncStorageArea, managed: managedStorageArea },
  { onLateManaged: () => void expiries.settingsChanged() },
);
const settings = createSettingsCache(store.read);
const tabExceptions = createTabExceptionsStore(sessionStorageArea);
const ruleSync = createRuleSync({
  rules: rulesApi,
  settings: store.read,
  capabilities: __BROWSER__ === 'firefox' ? FIREFOX_CAPABILITIES : CHROME_CAPABILITIES,
  tabExceptions: () => tabExceptions.list(),
  // Chrome's instance for private windows leaves the rules to the normal one.
  readOnly: runtimeInfo.inPrivateInstance,
  timeLimitMs: runtimeInfo.inPrivateInstance ? 10_000 : undefined,
  sessionArea: sessionStorageArea,
});
const tabStats = createTabStatsRecorder({ area: sessionStorageArea, badge: badgeApi });
const history = createHistoryStore(async () => {
  const { historyCap, historyMaxAgeDays } = await settings.ready();
  return { cap: historyCap, maxAgeDays: historyMaxAgeDays };
});
const privateHistory = createPrivateHistoryStore(sessionStorageArea);
const recorder = createGuardRecorder({
  history,
  privateHistory,
  keyArea: localStorageArea,
  settings,
  recordTab: tabStats.record,
});
const privateSession = createPrivateSession({
  area: sessionStorageArea,
  settings: store,
  clearHistory: () => privateHistory.clear(),
  applied: () => expiries.settingsChanged(),
  newSession: runtimeInfo.inPrivateInstance ? startsNewPrivateSession : undefined,
});
const passes = createUserPasses();
const blockedNavigations = createBlockedNavigations(sessionStorageArea);
const failedNavigations = createFailedNavigations(sessionStorageArea);
const portalGuide = createCaptivePortal({
  failed: failedNavigations,
  tabExceptions,
  applyRules: () => expiries.apply(),
  askCleartext: (url) => askCleartext(url),
  answersOverHttps: (url) => answersOverHttps(url),
  browserState: captivePortal.state,
});
const httpsMemory = createHttpsMemoryStore(localStorageArea);
const interstitialUrl = runtimeInfo.getURL(INTERSTITIAL_PATH);
const warnings = createWarnings();
const pageClaims = createPageClaims();
const expiries = createExceptionExpiries({
  tabExceptions,
  rules: ruleSync,
  settings,
  // Chrome's private instance leaves the registered page scripts to the normal one.
  writePagePolicy: createPagePolicyStore(
    localStorageArea,
    runtimeInfo.inPrivateInstance ? undefined : pagePolicyScriptRegistry,
  ),
  alarms: { create: alarmsApi.at },
});
const endPrivateSessionIfOver = createPrivateSessionEnd({
  openWindows,
  session: privateSession,
});

// Install, update and browser start all wake the background, which reconciles below;
// these listeners make sure those events wake it.
backgroundEvents.installed.addListener(() => void ruleSync.reconcile());
backgroundEvents.startup.addListener(() => void ruleSync.reconcile());
backgroundEvents.storageChanged.addListener(
  createStorageChangeHandler({
    store,
    settingsChanged: expiries.settingsChanged,
    tabExceptions,
    applyExpiries: expiries.apply,
  }),
);
observeUpgrades(tabStats.record);
observePageSecurity(tabStats.record);
const failureWatch = installFailureWatch({
  settings,
  failed: failedNavigations,
  httpsMemory,
  interstitialUrl,
  privateInstance: runtimeInfo.inPrivateInstance,
  tabExceptions: (tabId) => tabExceptions.forTab(tabId),
});
backgroundEvents.alarm.addListener(expiries.onAlarm);
backgroundEvents.tabRemoved.addListener((tabId) => {
  void tabExceptions.removeTab(tabId).then((changed) => (changed ? expiries.apply() : undefined));
  void failedNavigations.removeTab(tabId);
  pageClaims.forget(tabId);
  void blockedNavigations.removeTab(tabId);
});
const leakDeps = { settings, recorder, passes, blockedNavigations, tabExceptions };
if (__BROWSER__ === 'firefox') installFirefoxLeakGuard(leakDeps);
else installChromeLeakObserver(leakDeps);
installHttpAuthGuard({ ...leakDeps, interstitialUrl });
if (__BROWSER__ === 'firefox' || runtimeInfo.inPrivateInstance) {
  backgroundEvents.windowRemoved.addListener(() => void endPrivateSessionIfOver());
}
// A tab following a captive portal: after each page it loads, is the network open yet?
backgroundEvents.pageCompleted.addListener(
  (details) => portalGuide.pageLoaded(details.tabId),
  // A portal tab's pages are on http (portal mode keeps them there).
  { urls: ['http://*/*'], types: ['main_frame'] },
);
captivePortal.onChange(portalGuide.browserStateChanged);
backgroundEvents.tabUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.status === 'complete') void tabStats.refreshBadge(tabId);
});
backgroundEvents.message.addListener(
  createMessageHandler(
    createMessageRoutes({
      extension: { id: runtimeInfo.id, origins: runtimeInfo.origins },
      status: createStatusReport({
        rules: ruleSync,
        store,
        warnings,
        problemSources: [recorder, history],
        tabExceptions,
      }),
      store,
      settings,
      tabExceptions,
      tabStats,
      history,
      privateHistory,
      privateExceptions: privateSession.exceptions,
      httpsMemory,
      blockedNavigations,
      failedNavigations,
      portal: portalGuide,
      httpsTarget: failureWatch.httpsTarget,
      tabs: tabsApi(),
      applied: expiries.settingsChanged,
      recorder,
      passes,
      pageClaims,
    }),
  ),
);

// Every wake: cheap when nothing changed (one read, one compare).
void store.adoptSync();
void settings.refresh();
void expiries.apply();
// Firefox: the event page may have slept through the last private window's closing.
if (__BROWSER__ === 'firefox') void endPrivateSessionIfOver();
if (__BROWSER__ === 'chrome') {
  removeOutdatedPageScripts().catch(warnings.failed('an outdated in-page script could not be removed'));
}
