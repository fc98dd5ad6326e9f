import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../core/history-record';
import { defaultSettings } from '../core/settings';
import type { StorageArea } from '../platform/extension-api';
import { createGuardRecorder, type GuardEvent } from './guard-recorder';
import type { HistoryStore } from './history-store';
import type { SettingsCache } from './settings-cache';

function setup(keyArea: StorageArea) {
  const written: HistoryRecord[] = [];
  const history = { append: (records: HistoryRecord[]) => written.push(...records) } as unknown as HistoryStore;
  const settings: SettingsCache = {
    now: () => defaultSettings(),
    ready: async () => defaultSettings(),
    refresh: async () => defaultSettings(),
  };
  const recorder = createGuardRecorder({ history, keyArea, settings, recordTab: () => undefined });
  return { recorder, written };
}

const area = (stored: unknown, refuse = false): StorageArea & { value: unknown } => ({
  value: stored,
  async get() {
    return this.value;
  },
  async set(_key, value) {
    if (refuse) throw new Error('QUOTA_BYTES quota exceeded');
    this.value = value;
  },
});

const event = (secret: string): GuardEvent => ({
  tabId: 1,
  url: `http://plain.test/?token=${secret}`,
  site: 'plain.test',
  action: 'blocked',
  findings: [{ kind: 'query', name: 'token', shape: null, value: secret }],
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('guard recorder', () => {
  it('replaces an unreadable fingerprint key, says so, and records on', async () => {
    const keys = area('%%% not base64 %%%');
    const { recorder, written } = setup(keys);
    recorder.record(event('s3cret-1'));
    await settle();
    expect(written).toHaveLength(1);
    expect(typeof keys.value).toBe('string');
    expect(atob(keys.value as string)).toHaveLength(32);
    expect(recorder.problems().join()).toMatch(/unreadable: a new one is in use/);
    expect(JSON.stringify(written)).not.toContain('s3cret');
  });

  it('records with a key it cannot save, and says so', async () => {
    const { recorder, written } = setup(area(undefined, true));
    recorder.record(event('s3cret-2'));
    await settle();
    expect(written).toHaveLength(1);
    expect(recorder.problems().join()).toMatch(/could not be saved/);
  });

  it('keeps the same fingerprint for the same secret across wakes with a stored key', async () => {
    const keys = area(undefined);
    const first = setup(keys);
    first.recorder.record(event('same'));
    await settle();
    const second = setup(keys);
    second.recorder.record(event('same'));
    await settle();
    expect(first.written[0]?.fingerprint).toBe(second.written[0]?.fingerprint);
    expect(second.recorder.problems()).toEqual([]);
  });
});

describe('repeats of what the user lets through', () => {
  it('records a credential sent with leave once per ten minutes, every block each time', async () => {
    const counted: string[] = [];
    const written: HistoryRecord[] = [];
    const history = { append: (records: HistoryRecord[]) => written.push(...records) } as unknown as HistoryStore;
    const settings: SettingsCache = {
      now: () => defaultSettings(),
      ready: async () => defaultSettings(),
      refresh: async () => defaultSettings(),
    };
    const recorder = createGuardRecorder({
      history,
      keyArea: area(undefined),
      settings,
      recordTab: (e) => counted.push(e.kind),
    });
    const warned = (path: string): GuardEvent => ({
      ...event('cookie-value'),
      url: `http://nas.test/${path}`,
      action: 'warned',
    });
    recorder.record(warned('a'));
    await settle();
    recorder.record(warned('b'));
    recorder.record({ ...event('other-value'), action: 'warned' });
    recorder.record(event('blocked-1'));
    recorder.record(event('blocked-1'));
    expect(written.map((r) => `${r.action}:${r.host}`)).toEqual([
      'warned:nas.test',
      'warned:plain.test',
      'blocked:plain.test',
      'blocked:plain.test',
    ]);
    // The tab's counts still count every one.
    expect(counted).toHaveLength(5);
  });
});
