import type { createBlockedNavigations } from './blocked-navigations';
import type { GuardRecorder } from './guard-recorder';
import type { SettingsCache } from './settings-cache';
import type { UserPasses } from './user-passes';

export type BlockedNavigationsStore = ReturnType<typeof createBlockedNavigations>;

export interface LeakGuardDeps {
  settings: SettingsCache;
  recorder: GuardRecorder;
  passes: UserPasses;
  blockedNavigations: BlockedNavigationsStore;
}
