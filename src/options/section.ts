import type { ManagedKey, Settings, SettingsProblem } from '../core/settings';
import type { SettingsView } from '../messaging/protocol';
import { keyPart, t } from '../ui/i18n';

/** A settings problem in the page's language, with its English detail. */
export function problemText(p: SettingsProblem): string {
  return `${p.field}: ${t(`problem_${keyPart(p.code)}`)} (${p.detail})`;
}

/** What every section of the options page gets from the page. */
export interface SectionProps {
  view: SettingsView;
  /** Saves the user's settings with `change` applied; resolves to the problems, if refused. */
  save: (change: (user: Settings) => Settings) => Promise<SettingsProblem[]>;
  isLocked: (key: ManagedKey) => boolean;
}
