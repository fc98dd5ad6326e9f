import { defaultSettings, type Settings } from '../../core/settings';
import type { GuardEvent } from '../guard-recorder';
import type { LeakGuardDeps } from '../leak-guard-deps';
import { createUserPasses } from '../user-passes';
import { exceptionRule } from './exception-rule';

/** The user's settings: one plain exception, one that lets credentials through ("keep me logged in"). */
const baseSettings = (): Settings => ({
  ...defaultSettings(),
  exceptions: [exceptionRule('plain.example.com'), exceptionRule('keep.example.com', { allowCredentials: true })],
});

/**
 * What a leak guard's listeners read and write, for the Chrome and Firefox guards' tests:
 * the settings above (change `state.settings`), no tab exceptions, the tabs in
 * `state.paused` paused, real user passes, and a log of what was recorded and remembered.
 * With `cached: false` this wake has not read the stores yet: the synchronous reads answer
 * null and the listeners wait for `ready()`.
 */
export function fakeLeakGuardDeps(options: { cached?: boolean } = {}) {
  const state = { settings: baseSettings(), paused: new Set<number>(), cached: options.cached ?? true };
  const recorded: GuardEvent[] = [];
  const remembered: unknown[][] = [];
  const passes = createUserPasses();
  const deps: LeakGuardDeps = {
    settings: { now: () => (state.cached ? state.settings : null), ready: async () => state.settings },
    recorder: { record: (event) => void recorded.push(event) },
    passes,
    blockedNavigations: {
      remember: async (...args) => void remembered.push(args),
    },
    tabExceptions: {
      forTabNow: () => (state.cached ? [] : null),
      forTab: async () => [],
      isPausedNow: (tabId) => (state.cached ? state.paused.has(tabId) : null),
    },
  };
  return { state, deps, recorded, remembered, passes };
}
