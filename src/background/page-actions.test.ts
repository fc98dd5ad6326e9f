import { describe, expect, it } from 'vitest';
import { siteHowOf } from './page-actions';

describe('siteHowOf', () => {
  it.each([
    ['secure', false, true, 'upgraded'],
    ['secure', false, false, 'https'],
    ['exception', false, false, 'exception'],
    ['local', false, false, 'local'],
    ['loopback', false, false, 'loopback'],
    ['cleartext', false, false, 'cleartext'],
    ['upgraded', false, false, 'cleartext'],
    ['secure', true, true, 'paused'],
    ['other', false, false, 'other'],
  ] as const)('%s, paused %s, page upgraded %s -> %s', (route, paused, upgraded, how) => {
    expect(siteHowOf(route, paused, upgraded)).toBe(how);
  });
});
