import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findUrlCredentials } from '../core/credentials/detect-url';
import type { Finding } from '../core/credentials/findings';
import { SESSION_KEYS } from '../storage/keys';
import { createBlockedNavigations } from './blocked-navigations';
import { memoryRecordArea } from './testing/memory-area';

const T0 = Date.UTC(2030, 0, 1);
const TEN_MINUTES = 10 * 60_000;

const PASSWORD = 'hunter2-Pa55word';
const TOKEN = 'tok-9f8e7d6c5b4a3210';
const CUSTOM = 'custom-secret-value-42';
const FRAGMENT = 'frag-secret-0xdeadbeef';
const SECRET_NAMES = ['sessionkey'];
const URL_WITH_SECRETS =
  `http://alice:${PASSWORD}@bank.test/login?token=${TOKEN}&sessionKey=${CUSTOM}&page=2` + `#access_token=${FRAGMENT}`;

const queryFinding = (name: string, value: string): Finding => ({ kind: 'query', name, shape: null, value });

function setup() {
  const area = memoryRecordArea();
  return { area, blocked: createBlockedNavigations(area) };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('blocked navigations', () => {
  it("remembers what the explanatory page shows, under the tab's page key", async () => {
    const { area, blocked } = setup();
    await blocked.remember(3, 'http://shop.test/cart?token=abc123abc123', [queryFinding('token', 'abc123abc123')], []);
    expect([...area.data.keys()]).toEqual([`${SESSION_KEYS.blockedNavigations}:3:0`]);
    expect(await blocked.get(3)).toEqual({
      reason: 'credential',
      url: 'http://shop.test/cart?token=[redacted]',
      host: 'shop.test',
      credentials: [{ kind: 'query', name: 'token', shape: null }],
      time: T0,
    });
    expect(await blocked.get(4)).toBeNull();
  });

  it('keeps the reason it is given (an HTTP login challenge)', async () => {
    const { blocked } = setup();
    const challenge: Finding = { kind: 'header', name: 'Authorization', shape: null, value: '' };
    await blocked.remember(3, 'http://router.test/', [challenge], [], 'http-auth');
    expect(await blocked.get(3)).toMatchObject({
      reason: 'http-auth',
      host: 'router.test',
      url: 'http://router.test/',
    });
  });

  it('never stores a secret: the address is redacted and no finding value is kept', async () => {
    const { area, blocked } = setup();
    const findings = findUrlCredentials(URL_WITH_SECRETS, SECRET_NAMES);
    // The findings carry the values (in memory only); make sure the test plants them.
    const values = findings.map((f) => f.value).join(' ');
    expect(values).toContain(PASSWORD);
    expect(values).toContain(CUSTOM);
    await blocked.remember(8, URL_WITH_SECRETS, findings, SECRET_NAMES);

    const stored = JSON.stringify([...area.data.values()]);
    for (const secret of [PASSWORD, TOKEN, CUSTOM, FRAGMENT, 'alice']) expect(stored).not.toContain(secret);
    const record = await blocked.get(8);
    expect(record?.url).toBe('http://[redacted]@bank.test/login?token=[redacted]&sessionKey=[redacted]&page=2');
    expect(record?.host).toBe('bank.test');
    expect(record?.credentials.every((c) => !('value' in c))).toBe(true);
  });

  it('redacts by the secret names even when no finding names the parameter', async () => {
    const { area, blocked } = setup();
    await blocked.remember(8, `http://a.test/?sessionkey=${CUSTOM}`, [], SECRET_NAMES);
    expect(JSON.stringify([...area.data.values()])).not.toContain(CUSTOM);
    expect((await blocked.get(8))?.url).toBe('http://a.test/?sessionkey=[redacted]');
  });

  it('an unparsable address is stored as "[redacted]" with no host', async () => {
    const { blocked } = setup();
    await blocked.remember(2, `not a url ${TOKEN}`, [queryFinding('token', TOKEN)], []);
    expect(await blocked.get(2)).toMatchObject({ url: '[redacted]', host: '' });
  });

  it('ignores requests made by no tab (tabId -1)', async () => {
    const { area, blocked } = setup();
    await blocked.remember(-1, 'http://a.test/?token=abc123abc123', [queryFinding('token', 'abc123abc123')], []);
    expect(area.data.size).toBe(0);
  });

  it('a later block in the same tab replaces the earlier one', async () => {
    const { area, blocked } = setup();
    await blocked.remember(3, 'http://first.test/', [], []);
    vi.setSystemTime(T0 + 1000);
    await blocked.remember(3, 'http://second.test/', [], []);
    expect(area.data.size).toBe(1);
    expect(await blocked.get(3)).toMatchObject({ host: 'second.test', time: T0 + 1000 });
  });

  it('the page can read it again (a reload) for 10 minutes, and not after', async () => {
    const { blocked } = setup();
    await blocked.remember(3, 'http://a.test/', [], []);
    expect(await blocked.get(3)).not.toBeNull();
    vi.setSystemTime(T0 + TEN_MINUTES);
    expect(await blocked.get(3)).not.toBeNull();
    vi.setSystemTime(T0 + TEN_MINUTES + 1);
    expect(await blocked.get(3)).toBeNull();
  });

  it("is removed with its tab, leaving other tabs' records", async () => {
    const { area, blocked } = setup();
    await blocked.remember(1, 'http://one.test/', [], []);
    await blocked.remember(10, 'http://ten.test/', [], []);
    await blocked.removeTab(1);
    expect(await blocked.get(1)).toBeNull();
    expect(await blocked.get(10)).toMatchObject({ host: 'ten.test' });
    expect([...area.data.keys()]).toEqual([`${SESSION_KEYS.blockedNavigations}:10:0`]);
  });
});
