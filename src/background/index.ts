/**
 * The background: wiring only. Every listener is registered synchronously at the top
 * level so that an event which wakes the worker (or Firefox's event page) finds it.
 * All state lives in storage; module variables are caches.
 *
 * Protection does not wait for any of this: the manifest's static ruleset upgrades every
 * request and the page-world guard is declared there too, both in force from install.
 * What runs here refines them (exceptions, the leak guard's rules), records, explains.
 */
import { CHROME_CAPABILITIES, FIREFOX_CAPABILITIES } from '../core/dnr-types';
import { INTERSTITIAL_PATH } from '../core/leak-rules';
import { createRateLimiter } from '../core/rate-limit';
import { nextExceptionExpiry } from '../core/settings';
import { activeTabExceptions, nextExpiry, pausedTabs } from '../core/tab-exceptions';
import {
  badgeApi,
  browser,
  captivePortal,
  localStorageArea,
  managedStorageArea,
  rulesApi,
  runtimeInfo,
  sessionStorageArea,
  syncStorageArea,
} from '../platform/extension-api';
import { createBlockedNavigations } from './blocked-navigations';
import { createCaptivePortal } from './captive-portal';
import { answersOverHttps, askCleartext } from './host-probe';
import { continueOverHttp } from './continue-over-http';
import { retryHttps } from './https-retry';
import { EXPIRY_ALARM, createExpiryScheduler } from './expiry-scheduler';
import { createFailedNavigations } from './failed-navigations';
import { installFailureWatch } from './failure-watch';
import { createHttpsMemoryStore } from './https-memory-store';
import { installHttpAuthGuard } from './http-auth-guard';
import { createPrivateHistoryStore } from './private-history-store';
import { createPrivateSession } from './private-session';
import { startsNewPrivateSession } from './private-session-mark';
import { createTabExceptionsStore } from './tab-exceptions-store';
import { installChromeLeakObserver } from './chrome-leak-observer';
import { installFirefoxLeakGuard } from './firefox-leak-guard';
import { createGuardRecorder } from './guard-recorder';
import { createHistoryStore } from './history-store';
import { createMessageHandler } from './message-handler';
import { createPageActions } from './page-actions';
import { createPagePolicyStore } from './page-policy-store';
import { removeOutdatedPageScripts } from './page-scripts';
import { observePageSecurity } from './page-security-observer';
import { createRuleSync } from './rule-sync';
import { createSettingsCache } from './settings-cache';
import { createSettingsStore } from './settings-store';
import { createTabStatsRecorder } from './tab-stats-recorder';
import { observeUpgrades } from './upgrade-observer';
import { createUserPasses } from './user-passes';
import { SESSION_KEYS } from '../storage/keys';

const store = createSettingsStore(
  { local: localStorageArea, session: sessionStorageArea, sync: syncStorageArea, managed: managedStorageArea },
  { onLateManaged: () => void settingsChanged() },
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
  applied: () => settingsChanged(),
  newSession: runtimeInfo.inPrivateInstance ? startsNewPrivateSession : undefined,
});
const passes = createUserPasses();
const blockedNavigations = createBlockedNavigations(sessionStorageArea);
const failedNavigations = createFailedNavigations(sessionStorageArea);
const portalGuide = createCaptivePortal({
  failed: failedNavigations,
  tabExceptions,
  applyRules: () => applyExpiries(),
  askCleartext: (url) => askCleartext(url),
  answersOverHttps: (url) => answersOverHttps(url),
  browserState: captivePortal.state,
});
const httpsMemory = createHttpsMemoryStore(localStorageArea);
const writePagePolicy = createPagePolicyStore(localStorageArea);
const interstitialUrl = runtimeInfo.getURL(INTERSTITIAL_PATH);
const warnings = new Set<string>();
const PAGE_CLAIMS_PER_MINUTE = 30;
/** The page's own claims a tab may add to the history, across its frames and reloads. */
const pageClaims = createRateLimiter<number>(PAGE_CLAIMS_PER_MINUTE, 60_000);
const POLICY_LATE_MS = 30_000;
/** How long the popup's "works over HTTPS now?" question may wait for the site. */
const HTTPS_NOW_CHECK_MS = 3_000;
const POLICY_LATE = "the browser has not answered for the administrator's policy: the last policy seen is in force";

const scheduleExpiry = createExpiryScheduler(
  { create: async (name, when) => browser.alarms.create(name, { when }) },
  () => applyExpiries(),
);

/** Drops expired tab exceptions, brings the rules in line, and waits for the next expiry. */
async function applyExpiries(): Promise<void> {
  await tabExceptions.prune();
  await ruleSync.reconcile();
  const now = Date.now();
  const list = await tabExceptions.list();
  const current = await settings.ready();
  await writePagePolicy(current, pausedTabs(list).length > 0).catch(() => undefined);
  const times = [nextExpiry(list, now), nextExceptionExpiry(current, now)].filter((t): t is number => t !== null);
  await scheduleExpiry(times.length > 0 ? Math.min(...times) : null);
}

function settingsChanged(): Promise<void> {
  return settings.refresh().then(() => applyExpiries());
}

// Install, update and browser start all wake the background, which reconciles below;
// these listeners make sure those events wake it.
browser.runtime.onInstalled.addListener(() => void ruleSync.reconcile());
browser.runtime.onStartup.addListener(() => void ruleSync.reconcile());
browser.storage.onChanged.addListener((changes, areaName) => {
  // Another of the user's browsers saved settings: take them if newer (this device's own
  // write changes nothing here, its savedAt is already known).
  if (areaName === 'sync') return void store.adoptSync();
  // The store's own saves apply their rules themselves (page-actions.ts).
  if (store.noticeChange(areaName, changes)) void settingsChanged();
  // Chrome's other instance (private windows) continued over http or paused a tab.
  else if (areaName === 'session' && SESSION_KEYS.tabExceptions in changes) {
    void tabExceptions.reload().then(() => applyExpiries());
  }
});
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
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === EXPIRY_ALARM) void applyExpiries();
});
browser.tabs.onRemoved.addListener((tabId) => {
  void tabExceptions.removeTab(tabId).then((changed) => (changed ? applyExpiries() : undefined));
  void failedNavigations.removeTab(tabId);
  pageClaims.forget(tabId);
  void blockedNavigations.removeTab(tabId);
});
const leakDeps = { settings, recorder, passes, blockedNavigations, tabExceptions };
if (__BROWSER__ === 'firefox') installFirefoxLeakGuard(leakDeps);
else installChromeLeakObserver(leakDeps);
installHttpAuthGuard({ ...leakDeps, interstitialUrl });
/**
 * The private session ends with the last private window: what it recorded and the
 * exceptions chosen in it go. Seen by the instance that sees private windows: Firefox's
 * only one, Chrome's private instance (its normal one is not shown them).
 */
async function endPrivateSessionIfOver(): Promise<void> {
  const open = await browser.windows.getAll();
  if (!open.some((w) => w.incognito)) await privateSession.end();
}
if (__BROWSER__ === 'firefox' || runtimeInfo.inPrivateInstance) {
  browser.windows.onRemoved.addListener(() => void endPrivateSessionIfOver());
}
// A tab following a captive portal: after each page it loads, is the network open yet?
browser.webRequest.onCompleted.addListener(
  (details) => {
    if (details.tabId >= 0 && tabExceptions.portalNow(details.tabId)) void portalGuide.check(details.tabId);
  },
  // A portal tab's pages are on http (portal mode keeps them there).
  { urls: ['http://*/*'], types: ['main_frame'] },
);
captivePortal.onChange((state) => {
  if (state === 'unlocked_portal' || state === 'not_captive') void portalGuide.networkOpen();
});
browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.status === 'complete') void tabStats.refreshBadge(tabId);
});
browser.runtime.onMessage.addListener(
  createMessageHandler({
    extensionId: runtimeInfo.id,
    extensionOrigins: runtimeInfo.origins,
    status: async () => {
      const { lastError, ...status } = await ruleSync.status();
      // The administrator's policy not read yet: the rules follow the last policy seen,
      // which may not be today's. Long enough, and it is a problem to show.
      const policyWait = store.policyWaitingSince();
      const policyLate = policyWait !== null && Date.now() - policyWait > POLICY_LATE_MS;
      const problems = [
        ...warnings,
        ...(lastError ? [lastError] : []),
        ...(policyLate ? [POLICY_LATE] : []),
        ...recorder.problems(),
        ...history.problems(),
      ];
      return {
        ...status,
        rulesInPlace: status.rulesInPlace && policyWait === null,
        warnings: problems,
        activeTabExceptions: activeTabExceptions(await tabExceptions.list(), Date.now()).length,
      };
    },
    tabStats: (tabId) => tabStats.get(tabId),
    history: (limit, privateSession) => (privateSession ? privateHistory : history).latest(limit),
    clearHistory: (privateSession) => (privateSession ? privateHistory : history).clear(),
    actions: createPageActions({
      store,
      tabExceptions,
      tabStats: (tabId) => tabStats.get(tabId),
      tabUrl: async (tabId) => (await browser.tabs.get(tabId).catch(() => null))?.url ?? null,
      tabIsPrivate: async (tabId) => (await browser.tabs.get(tabId).catch(() => null))?.incognito === true,
      privateExceptions: privateSession.exceptions,
      worksOverHttps: async (host) =>
        (await httpsMemory.knows(host)) || answersOverHttps(`https://${host}/`, HTTPS_NOW_CHECK_MS),
      applied: settingsChanged,
    }),
    blockedNavigation: (tabId) => blockedNavigations.get(tabId),
    failedNavigation: (tabId, frameId, nonce) => failedNavigations.view(tabId, frameId, nonce),
    portal: portalGuide,
    retryHttps: (request) =>
      retryHttps(request, {
        failed: failedNavigations,
        httpsTarget: failureWatch.httpsTarget,
        answers: (url) => answersOverHttps(url),
        navigate: async (tabId, url) => void (await browser.tabs.update(tabId, { url })),
      }),
    continueOverHttp: (request) =>
      continueOverHttp(request, {
        failed: failedNavigations,
        tabExceptions,
        store,
        settings: () => settings.ready(),
        applyRules: settingsChanged,
        privateExceptions: privateSession.exceptions,
      }),
    settings: () => settings.ready(),
    tabContext: async (tabId) => ({
      tabExceptions: await tabExceptions.forTab(tabId),
      paused: pausedTabs(await tabExceptions.list()).includes(tabId),
    }),
    record: (event) => recorder.record(event),
    grantPass: (tabId, url) => passes.grant(tabId, url),
    allowPageClaim: (tabId) => pageClaims.take(tabId),
  }),
);

// Every wake: cheap when nothing changed (one read, one compare).
void store.adoptSync();
void settings.refresh();
void applyExpiries();
// Firefox: the event page may have slept through the last private window's closing.
if (__BROWSER__ === 'firefox') void endPrivateSessionIfOver();
if (__BROWSER__ === 'chrome') {
  removeOutdatedPageScripts().catch((error: unknown) => {
    warnings.add(`an outdated in-page script could not be removed: ${String(error)}`);
  });
}
