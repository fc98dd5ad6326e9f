import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings } from './settings';

describe('readSettings', () => {
  it('gives defaults for nothing stored', () => {
    expect(readSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('keeps a sound value as it is', () => {
    const stored = { version: 1, exceptions: ['a.test', '*.b.test'], upgradeLocalNetwork: true };
    expect(readSettings(stored)).toEqual({ settings: stored, problems: [] });
  });

  it.each([null, 42, 'x', []])('falls back to defaults for %j', (stored) => {
    const result = readSettings(stored);
    expect(result.settings).toEqual(DEFAULT_SETTINGS);
    expect(result.problems).toHaveLength(1);
  });

  it('keeps the valid parts of a damaged value', () => {
    const result = readSettings({
      exceptions: ['good.test', 'http://bad.test', 7, 'good.test'],
      upgradeLocalNetwork: 'yes',
    });
    expect(result.settings).toEqual({ version: 1, exceptions: ['good.test'], upgradeLocalNetwork: false });
    expect(result.problems).toEqual([
      'exceptions: dropped "http://bad.test": a host was expected, not a URL (remove the scheme)',
      'exceptions: dropped a non-text entry',
      'upgradeLocalNetwork: not true or false, using the default',
    ]);
  });

  it('does not share the default exception list between reads', () => {
    const first = readSettings(undefined).settings;
    first.exceptions.push('mutated.test');
    expect(readSettings(undefined).settings.exceptions).toEqual([]);
  });
});
