import { allResourceTypes, type DnrCapabilities, type DnrRule } from './dnr-types';
import { buildExceptionRules } from './exception-rules';
import { suffixesLeftOnHttp } from './host-classification';
import { buildScopedLeakRules } from './leak-rules';
import { RULE_PRIORITY, idAllocator } from './rule-ids';
import { activeExceptions, type Settings } from './settings';
import { buildTabExceptionRules, pausedTabs, type TabException } from './tab-exceptions';

/**
 * Session rules: what holds for this browser session only, so that it ends with the
 * browser even if the extension never wakes again. "Continue once" tab exceptions,
 * exceptions scoped to this session (with their leak guard), and paused tabs.
 */
export interface SessionState {
  /** Including paused tabs (host PAUSE_HOST). */
  tabExceptions: readonly TabException[];
}

export function buildSessionRules(
  settings: Settings,
  state: SessionState,
  caps: DnrCapabilities,
  now: number,
  groupChars?: number,
): DnrRule[] {
  const rules = buildTabExceptionRules(state.tabExceptions, settings, caps, now, groupChars);

  const session = activeExceptions(settings, now).filter((e) => e.scope === 'session');
  const sessionId = idAllocator('sessionExceptions');
  if (settings.mode !== 'watch' && session.length > 0) {
    rules.push(
      ...buildExceptionRules(session, {
        caps,
        nextId: sessionId,
        leftOnHttp: suffixesLeftOnHttp(settings),
        scoped: true,
      }),
    );
    for (const rule of buildScopedLeakRules(session, settings, caps, groupChars)) {
      rules.push({ ...rule, id: sessionId() });
    }
  }

  const pausedId = idAllocator('pausedTabs');
  const allTypes = allResourceTypes(caps);
  for (const tabId of [...new Set(pausedTabs(state.tabExceptions))].sort((a, b) => a - b)) {
    rules.push({
      id: pausedId(),
      priority: RULE_PRIORITY.PAUSED_TAB,
      action: { type: 'allow' },
      condition: { tabIds: [tabId], resourceTypes: allTypes },
    });
  }
  return rules;
}
