import { describe, expect, it } from 'vitest';
import {
  applyManaged,
  defaultSettings,
  exportSettings,
  importSettings,
  parseExceptionInput,
  planSync,
  readSettings,
  readSync,
  type ExceptionRule,
  type Settings,
} from '.';

/** A wildcard over a public suffix ("*.co.uk") is refused wherever a pattern enters the settings. */
const rule = (pattern: string): ExceptionRule => ({
  pattern,
  allowCredentials: false,
  scope: 'always',
  expiresAt: null,
});
const detail = (pattern: string, suffix: string) =>
  `dropped "${pattern}": "${pattern}" would turn the upgrade off for every site under the public suffix "${suffix}"`;

describe('stored settings from an older version', () => {
  it('drop a wildcard over a public suffix, say so, and keep the rest', () => {
    const { settings, problems } = readSettings({
      ...defaultSettings(),
      exceptions: [
        'a.test',
        '*.com',
        { pattern: '*.co.uk', allowCredentials: true, scope: 'always', expiresAt: null },
        '*.example.com',
      ],
    });
    expect(settings.exceptions.map((e) => e.pattern)).toEqual(['a.test', '*.example.com']);
    expect(problems).toEqual([
      { field: 'exceptions', code: 'public-suffix', detail: detail('*.com', 'com') },
      { field: 'exceptions', code: 'public-suffix', detail: detail('*.co.uk', 'co.uk') },
    ]);
  });

  it('drop it from version 1 (bare patterns) too', () => {
    const { settings, problems } = readSettings({ version: 1, exceptions: ['*.COM', '*.github.io:8080'] });
    expect(settings.exceptions).toEqual([]);
    expect(problems.map((p) => [p.code, p.detail])).toEqual([
      [
        'public-suffix',
        `dropped "*.COM": "*.com" would turn the upgrade off for every site under the public suffix "com"`,
      ],
      ['public-suffix', detail('*.github.io:8080', 'github.io')],
    ]);
  });

  it('drop it when another device wrote it to sync', () => {
    const items = planSync(
      { ...defaultSettings(), exceptions: [rule('*.a.test'), rule('*.s3.amazonaws.com')] },
      7,
    ).items;
    const back = readSync(items);
    expect(back?.settings.exceptions.map((e) => e.pattern)).toEqual(['*.a.test']);
    expect(back?.problems.map((p) => p.code)).toEqual(['public-suffix']);
  });
});

describe('an imported settings file', () => {
  it('is refused whole for a wildcard over a public suffix', () => {
    const file = exportSettings({ ...defaultSettings(), exceptions: [rule('ok.test'), rule('*.github.io')] });
    expect(importSettings(file)).toEqual({
      ok: false,
      problems: [{ field: 'exceptions', code: 'public-suffix', detail: detail('*.github.io', 'github.io') }],
    });
  });

  it('keeps a wildcard under a public suffix', () => {
    const settings = { ...defaultSettings(), exceptions: [rule('*.foo.co.uk'), rule('co.uk')] };
    expect(importSettings(exportSettings(settings))).toEqual({ ok: true, settings });
  });
});

describe('the enterprise policy', () => {
  const user: Settings = { ...defaultSettings(), exceptions: [rule('mine.test')] };
  it('does not apply an exception list with a wildcard over a public suffix, and says so', () => {
    const managed = applyManaged(user, { mode: 'strict', exceptions: ['intranet.example', '*.co.uk'] });
    expect(managed.settings.exceptions).toEqual(user.exceptions);
    expect(managed.locked).toEqual(['mode']);
    expect(managed.problems).toEqual([
      { field: 'policy.exceptions', code: 'public-suffix', detail: detail('*.co.uk', 'co.uk') },
    ]);
  });
  it('applies one with wildcards under public suffixes', () => {
    const managed = applyManaged(user, { exceptions: ['*.corp.co.uk', '*.nas.home.arpa'] });
    expect(managed.settings.exceptions.map((e) => e.pattern)).toEqual(['*.corp.co.uk', '*.nas.home.arpa']);
    expect(managed.problems).toEqual([]);
  });
});

describe('what the user types or pastes', () => {
  it('refuses the paste and names the line, the pattern and the suffix', () => {
    const result = parseExceptionInput('ok.test\n*.co.uk\n*.foo.co.uk\n*.COM\n*.xn--p1ai', []);
    expect(result).toEqual({
      ok: false,
      errors: [
        { code: 'public-suffix', line: 2, input: '*.co.uk', pattern: '*.co.uk', suffix: 'co.uk' },
        { code: 'public-suffix', line: 4, input: '*.COM', pattern: '*.com', suffix: 'com' },
        { code: 'public-suffix', line: 5, input: '*.xn--p1ai', pattern: '*.xn--p1ai', suffix: 'xn--p1ai' },
      ],
    });
  });
  it('takes wildcards under a suffix, exact hosts and local names', () => {
    const result = parseExceptionInput('*.example.com\nexample.com\n*.nas.home.arpa\n192.168.0.1\ngithub.io', []);
    expect(result.ok && result.entries.map((e) => e.pattern)).toEqual([
      '*.example.com',
      'example.com',
      '*.nas.home.arpa',
      '192.168.0.1',
      'github.io',
    ]);
  });
});
