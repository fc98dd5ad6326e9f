import type { DnrCapabilities, DnrRule } from '../dnr-types';
import { buildLeakRules } from '../leak-rules';
import type { Settings } from '../settings';
import { baselineWanted, buildBaselineRules, buildUpgradeRules } from '../upgrade-rules';

/** Every rule the browser holds for these settings: the static baseline (when on) and the dynamic rules. */
export function rulesInForce(settings: Settings, caps: DnrCapabilities, now: number): DnrRule[] {
  return [
    ...(baselineWanted(settings) ? buildBaselineRules(caps) : []),
    ...buildUpgradeRules(settings, caps, now),
    ...buildLeakRules(settings, caps, now),
  ];
}
