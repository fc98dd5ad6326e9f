import { defaultSettings, type Settings } from '../settings';

/**
 * The default settings, with the names that are not on the public web upgraded like any
 * other: the unit tests name their hosts under .test and .example (special-use names,
 * left on http by default), where they stand for ordinary public sites.
 */
export function settingsForTestNames(): Settings {
  return { ...defaultSettings(), upgradeSpecialUseNames: true };
}
