import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_KEYS } from '../storage/keys';
import { createFailedNavigations, type FailedNavigation } from './failed-navigations';
import { memoryRecordArea } from './testing/memory-area';

const T0 = Date.UTC(2030, 0, 1);
const THIRTY_MINUTES = 30 * 60_000;
const NONCE = '0f0e0d0c-0b0a-4908-8706-050403020100';
const OTHER_NONCE = 'aaaaaaaa-0b0a-4908-8706-050403020100';

const failure = (overrides: Partial<FailedNavigation> = {}): FailedNavigation => ({
  reason: 'certificate',
  error: 'SEC_ERROR_UNKNOWN_ISSUER',
  host: 'bank.test',
  url: 'http://bank.test/login?token=[redacted]',
  continueUrl: 'http://bank.test/login',
  credentials: [{ kind: 'query', name: 'token' }],
  suspicious: false,
  time: T0,
  nonce: NONCE,
  ...overrides,
});

function setup() {
  const area = memoryRecordArea();
  return { area, failed: createFailedNavigations(area) };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('failed navigations', () => {
  it('keeps one record per document, under "<key>:<tab>:<frame>"', async () => {
    const { area, failed } = setup();
    await failed.remember(4, 0, failure());
    await failed.remember(4, 2, failure({ host: 'frame.test', nonce: OTHER_NONCE }));
    expect([...area.data.keys()].sort()).toEqual([
      `${SESSION_KEYS.failedNavigations}:4:0`,
      `${SESSION_KEYS.failedNavigations}:4:2`,
    ]);
    expect(await failed.view(4, 0, NONCE)).toMatchObject({ host: 'bank.test' });
    expect(await failed.view(4, 2, OTHER_NONCE)).toMatchObject({ host: 'frame.test' });
    // Each document answers only with its own nonce.
    expect(await failed.view(4, 2, NONCE)).toBeNull();
    expect(await failed.view(5, 0, NONCE)).toBeNull();
  });

  it('the view shows what the explanatory page needs, without the nonce or the continue address', async () => {
    const { failed } = setup();
    await failed.remember(4, 0, failure());
    const view = await failed.view(4, 0, NONCE);
    expect(view).toEqual({
      reason: 'certificate',
      error: 'SEC_ERROR_UNKNOWN_ISSUER',
      host: 'bank.test',
      url: 'http://bank.test/login?token=[redacted]',
      credentials: [{ kind: 'query', name: 'token' }],
      suspicious: false,
      time: T0,
    });
    expect(view).not.toHaveProperty('nonce');
    expect(view).not.toHaveProperty('continueUrl');
  });

  it('answers nothing without the right nonce (another one, or an empty one)', async () => {
    const { failed } = setup();
    await failed.remember(4, 0, failure());
    expect(await failed.view(4, 0, OTHER_NONCE)).toBeNull();
    expect(await failed.view(4, 0, '')).toBeNull();
    expect(await failed.continueUrl({ tabId: 4, nonce: OTHER_NONCE })).toBeNull();
    expect(await failed.continueUrl({ tabId: 4, nonce: '' })).toBeNull();
    expect(await failed.take(4, OTHER_NONCE)).toBeNull();
    expect(await failed.take(4, '')).toBeNull();
  });

  it('a record stored with an empty nonce never matches, not even the empty nonce', async () => {
    const { failed } = setup();
    await failed.remember(4, 0, failure({ nonce: '' }));
    expect(await failed.view(4, 0, '')).toBeNull();
    expect(await failed.take(4, '')).toBeNull();
  });

  it("gives the continue address of the tab's page only", async () => {
    const { failed } = setup();
    await failed.remember(4, 3, failure({ continueUrl: 'http://frame.test/' }));
    expect(await failed.continueUrl({ tabId: 4, nonce: NONCE })).toBeNull();
    await failed.remember(4, 0, failure());
    expect(await failed.continueUrl({ tabId: 4, nonce: NONCE })).toBe('http://bank.test/login');
  });

  it('is consumed once: take returns the whole record, then nothing is left to choose on', async () => {
    const { area, failed } = setup();
    await failed.remember(4, 0, failure());
    expect(await failed.take(4, NONCE)).toEqual(failure());
    expect(area.data.size).toBe(0);
    expect(await failed.take(4, NONCE)).toBeNull();
    expect(await failed.view(4, 0, NONCE)).toBeNull();
    expect(await failed.continueUrl({ tabId: 4, nonce: NONCE })).toBeNull();
  });

  it('a take with the wrong nonce leaves the record for the right one', async () => {
    const { failed } = setup();
    await failed.remember(4, 0, failure());
    expect(await failed.take(4, OTHER_NONCE)).toBeNull();
    expect(await failed.take(4, NONCE)).toMatchObject({ host: 'bank.test' });
  });

  it('can be chosen on for 30 minutes, not after', async () => {
    const { failed } = setup();
    await failed.remember(4, 0, failure());
    vi.setSystemTime(T0 + THIRTY_MINUTES);
    expect(await failed.view(4, 0, NONCE)).not.toBeNull();
    expect(await failed.continueUrl({ tabId: 4, nonce: NONCE })).toBe('http://bank.test/login');
    vi.setSystemTime(T0 + THIRTY_MINUTES + 1);
    expect(await failed.view(4, 0, NONCE)).toBeNull();
    expect(await failed.continueUrl({ tabId: 4, nonce: NONCE })).toBeNull();
    expect(await failed.take(4, NONCE)).toBeNull();
  });

  it("is removed with its tab (page and frames), leaving other tabs' records", async () => {
    const { area, failed } = setup();
    await failed.remember(4, 0, failure());
    await failed.remember(4, 7, failure());
    await failed.remember(40, 0, failure({ host: 'forty.test' }));
    await failed.removeTab(4);
    expect([...area.data.keys()]).toEqual([`${SESSION_KEYS.failedNavigations}:40:0`]);
    expect(await failed.view(40, 0, NONCE)).toMatchObject({ host: 'forty.test' });
  });

  it('a new failure in the same document replaces the earlier one and its nonce', async () => {
    const { failed } = setup();
    await failed.remember(4, 0, failure());
    await failed.remember(4, 0, failure({ host: 'next.test', nonce: OTHER_NONCE }));
    expect(await failed.view(4, 0, NONCE)).toBeNull();
    expect(await failed.view(4, 0, OTHER_NONCE)).toMatchObject({ host: 'next.test' });
  });
});
