import { describe, expect, it } from 'vitest';
import { DEFAULT_SECRET_PARAM_NAMES } from '../credentials/vocabulary';
import { activeExceptions, defaultSettings, describeProblem, nextExceptionExpiry, readSettings } from '.';

describe('readSettings', () => {
  it('gives defaults for nothing stored', () => {
    expect(readSettings(undefined)).toEqual({ settings: defaultSettings(), problems: [] });
  });

  it('keeps a sound value as it is', () => {
    const stored = {
      ...defaultSettings(),
      mode: 'strict',
      exceptions: [
        { pattern: 'a.test', allowCredentials: false, scope: 'always', expiresAt: null },
        { pattern: '*.b.test', allowCredentials: true, scope: 'until', expiresAt: 1_900_000_000_000 },
      ],
      upgradeLocalNetwork: true,
      localNetworkCredentials: 'block',
      secretParamNames: ['token', 'licence'],
      historyCap: 1000,
      failureTimeoutSeconds: 3,
      continueOnceSeconds: 60,
    };
    expect(readSettings(stored)).toEqual({ settings: stored, problems: [] });
  });

  it('migrates version 1 (bare patterns)', () => {
    const { settings, problems } = readSettings({ version: 1, exceptions: ['a.test'], upgradeLocalNetwork: true });
    expect(problems).toEqual([]);
    expect(settings.version).toBe(3);
    expect(settings.exceptions).toEqual([
      { pattern: 'a.test', allowCredentials: false, scope: 'always', expiresAt: null },
    ]);
    expect(settings.upgradeLocalNetwork).toBe(true);
    expect(settings.secretParamNames).toEqual(DEFAULT_SECRET_PARAM_NAMES);
  });

  it.each([null, 42, 'x', []])('falls back to defaults for %j', (stored) => {
    const result = readSettings(stored);
    expect(result.settings).toEqual(defaultSettings());
    expect(result.problems).toHaveLength(1);
  });

  it('keeps the valid parts of a damaged value', () => {
    const result = readSettings({
      mode: 'paranoid',
      exceptions: ['good.test', 'http://bad.test', 7, 'good.test'],
      upgradeLocalNetwork: 'yes',
      historyCap: 5,
      secretParamNames: ['token', 'not a name', 3],
    });
    expect(result.settings).toMatchObject({
      mode: 'balanced',
      exceptions: [{ pattern: 'good.test', allowCredentials: false, scope: 'always', expiresAt: null }],
      upgradeLocalNetwork: false,
      historyCap: 50_000,
      secretParamNames: ['token'],
    });
    expect(result.problems.map(describeProblem)).toEqual([
      'mode: "paranoid" is not one of balanced, strict, watch; using balanced',
      'exceptions: dropped "http://bad.test": a host was expected, not a URL (remove the scheme)',
      'exceptions: dropped 7: no pattern',
      'exceptions: dropped a second "good.test"',
      'upgradeLocalNetwork: "yes" is not true or false; using false',
      'secretParamNames: dropped "not a name": a name is 1 to 64 letters, digits, "_", "-", ".", "[" or "]"',
      'secretParamNames: dropped 3: a name is 1 to 64 letters, digits, "_", "-", ".", "[" or "]"',
      'historyCap: 5 is not a whole number from 100 to 1000000; using 50000',
    ]);
  });

  it('does not share default lists between reads', () => {
    readSettings(undefined).settings.exceptions.push({
      pattern: 'x.test',
      allowCredentials: false,
      scope: 'always',
      expiresAt: null,
    });
    expect(readSettings(undefined).settings.exceptions).toEqual([]);
  });
});

describe('activeExceptions', () => {
  it('ignores expired exceptions', () => {
    const settings = defaultSettings();
    settings.exceptions = [
      { pattern: 'always.test', allowCredentials: false, scope: 'always', expiresAt: null },
      { pattern: 'later.test', allowCredentials: false, scope: 'until', expiresAt: 2000 },
      { pattern: 'gone.test', allowCredentials: false, scope: 'until', expiresAt: 1000 },
    ];
    expect(activeExceptions(settings, 1000).map((e) => e.pattern)).toEqual(['always.test', 'later.test']);
    expect(nextExceptionExpiry(settings, 1000)).toBe(2000);
    expect(nextExceptionExpiry(settings, 2000)).toBeNull();
  });
});
