import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyManaged,
  defaultSettings,
  exportSettings,
  importSettings,
  keepLocked,
  mergeSynced,
  parseExceptionInput,
  planSync,
  readSettings,
  readSync,
  SYNC_QUOTA,
  type ExceptionRule,
  type Settings,
} from '.';
import { settingsArb } from './testing/settings-arbitrary';

describe('settings properties', () => {
  it('reading anything never throws and always gives valid settings', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const { settings } = readSettings(value);
        expect(readSettings(settings).problems).toEqual([]);
      }),
    );
  });

  it('reading a damaged settings object never throws and keeps its valid fields', () => {
    fc.assert(
      fc.property(
        settingsArb,
        fc.dictionary(fc.constantFrom('mode', 'exceptions', 'historyCap'), fc.anything()),
        (s, damage) => {
          const { settings } = readSettings({ ...s, ...damage });
          expect(settings.failureTimeoutSeconds).toBe(s.failureTimeoutSeconds);
          expect(settings.credentialPolicy).toEqual(s.credentialPolicy);
        },
      ),
    );
  });

  it('export then import gives back the same settings', () => {
    fc.assert(
      fc.property(settingsArb, (s) => {
        const canonical = readSettings(s).settings;
        expect(importSettings(exportSettings(canonical))).toEqual({ ok: true, settings: canonical });
      }),
    );
  });

  it('importing any text never throws', () => {
    fc.assert(fc.property(fc.string(), (text) => void importSettings(text)));
    fc.assert(fc.property(fc.json(), (text) => void importSettings(text)));
  });

  it('sync holds what fits within the quotas and gives it back', () => {
    fc.assert(
      fc.property(settingsArb, (s) => {
        const canonical = readSettings(s).settings;
        const plan = planSync(canonical, 5);
        let total = 0;
        for (const [key, value] of Object.entries(plan.items)) {
          const size = key.length + new TextEncoder().encode(JSON.stringify(value)).length;
          expect(size).toBeLessThanOrEqual(SYNC_QUOTA.perItem);
          total += size;
        }
        expect(total).toBeLessThanOrEqual(SYNC_QUOTA.total);
        const back = readSync(plan.items);
        const persistent = canonical.exceptions.filter((e) => e.scope !== 'session');
        expect(back?.settings).toEqual({ ...canonical, exceptions: persistent });
      }),
      { numRuns: 50 },
    );
  });
});

describe('import', () => {
  it('refuses a file with any problem and says which', () => {
    const result = importSettings(JSON.stringify({ mode: 'loud', exceptions: ['ok.test', 'http://bad.test/'] }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual(['not-choice', 'pattern']);
  });
  it.each(['', '{', '[]', '"x"', JSON.stringify({ format: 'other' }), JSON.stringify({ surprise: 1 })])(
    'refuses %j',
    (text) => expect(importSettings(text).ok).toBe(false),
  );
  it('migrates a version 2 export', () => {
    const v2 = { version: 2, exceptions: [{ pattern: 'a.test', allowCredentials: true, expiresAt: 99 }] };
    const result = importSettings(JSON.stringify(v2));
    expect(result).toMatchObject({
      ok: true,
      settings: { version: 3, exceptions: [{ scope: 'until', expiresAt: 99 }] },
    });
  });
});

describe('sync at scale', () => {
  it('keeps 100,000 exceptions: the first in sync, the rest on this device', () => {
    const exceptions = Array.from({ length: 100_000 }, (_, i) => ({
      pattern: `host-${i}.example`,
      allowCredentials: false,
      scope: 'always' as const,
      expiresAt: null,
    }));
    const plan = planSync({ ...defaultSettings(), exceptions }, 1);
    expect(plan.synced).toBeGreaterThan(1000);
    expect(plan.synced + plan.localOnly).toBe(100_000);
    const remote = readSync(plan.items);
    if (!remote) throw new Error('nothing in sync');
    const merged = mergeSynced(remote.settings, { ...defaultSettings(), exceptions }, plan.localOnly);
    expect(merged.exceptions).toHaveLength(100_000);
  });
});

describe('managed policy', () => {
  const user: Settings = { ...defaultSettings(), mode: 'watch', exceptions: [] };
  it('overrides and locks what the administrator set', () => {
    const managed = applyManaged(user, { mode: 'strict', exceptions: ['intranet.example'] });
    expect(managed.settings.mode).toBe('strict');
    expect(managed.settings.exceptions.map((e) => e.pattern)).toEqual(['intranet.example']);
    expect(managed.locked).toEqual(['mode', 'exceptions']);
    expect(keepLocked({ ...managed.settings, mode: 'watch', historyCap: 500 }, user, managed.locked)).toMatchObject({
      mode: 'watch', // the user's own value stays underneath the policy
      historyCap: 500,
    });
  });
  it('does not apply an invalid policy value, and says so', () => {
    const managed = applyManaged(user, { mode: 'off', credentialPolicy: { header: 'block' } });
    expect(managed.settings.mode).toBe('watch');
    expect(managed.locked).toEqual([]);
    expect(managed.problems.map((p) => p.field)).toEqual(['policy.mode', 'policy.credentialPolicy.header']);
  });
});

describe('parseExceptionInput', () => {
  const existing: ExceptionRule[] = [
    { pattern: 'taken.test', allowCredentials: false, scope: 'always', expiresAt: null },
  ];
  it('normalises an IDN to punycode and keeps the Unicode form to show', () => {
    expect(parseExceptionInput('Bücher.de', existing)).toMatchObject({
      ok: true,
      entries: [{ pattern: 'xn--bcher-kva.de', display: 'bücher.de' }],
    });
  });
  it('refuses the whole paste and names each bad line', () => {
    const result = parseExceptionInput(
      'ok.test\nhttp://x.test\n\ntaken.test\nok.test\na.test:99999\n2001:db8::1',
      existing,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => [e.line, e.code])).toEqual([
        [2, 'scheme'],
        [4, 'duplicate'],
        [5, 'duplicate'],
        [6, 'port'],
      ]);
    }
  });
  it('takes a paste of 10,000 lines', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `h${i}.example`).join('\n');
    const result = parseExceptionInput(text, existing);
    expect(result.ok && result.entries.length).toBe(10_000);
  });
});
