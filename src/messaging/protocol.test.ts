import { describe, expect, it } from 'vitest';
import { parseContentMessage, parsePageMessage } from './protocol';

describe('parsePageMessage', () => {
  it.each([
    [
      { type: 'get-status', data: {} },
      { type: 'get-status', data: {} },
    ],
    [
      { type: 'get-tab-stats', data: { tabId: 3 } },
      { type: 'get-tab-stats', data: { tabId: 3 } },
    ],
    [
      { type: 'get-history', data: { limit: 10 } },
      { type: 'get-history', data: { limit: 10 } },
    ],
    [
      { type: 'get-blocked-navigation', data: {} },
      { type: 'get-blocked-navigation', data: {} },
    ],
    [{ type: 'get-tab-stats', data: { tabId: -1 } }, null],
    [{ type: 'get-tab-stats', data: { tabId: '3' } }, null],
    [{ type: 'get-history', data: { limit: 0 } }, null],
    [{ type: 'set-settings', data: {} }, null],
    [{ type: 'classify-submit', data: { url: 'http://a/', kinds: [] } }, null],
    [{ type: 'get-status' }, null],
    [{ type: 'toString', data: {} }, null],
    [{ type: '__proto__', data: {} }, null],
    [{ type: 'constructor', data: {} }, null],
    [{ type: 'hasOwnProperty', data: {} }, null],
    ['get-status', null],
    [null, null],
  ])('%j -> %j', (input, expected) => {
    expect(parsePageMessage(input)).toEqual(expected);
  });
});

describe('parseContentMessage', () => {
  const credential = { kind: 'password-field', name: 'password', value: 'x' };
  it.each([
    [{ type: 'classify-submit', data: { url: 'http://a.test/', kinds: ['password-field'] } }, true],
    [{ type: 'classify-submit', data: { url: 'http://a.test/', kinds: ['telepathy'] } }, false],
    [{ type: 'page-policy', data: {} }, true],
    [
      {
        type: 'password-form',
        data: { event: 'held', actionUrl: 'http://a.test/', credentials: [credential], from: 'user' },
      },
      true,
    ],
    [{ type: 'password-form', data: { event: 'held', actionUrl: 'http://a.test/', credentials: [credential] } }, false],
    [
      {
        type: 'page-blocked',
        data: { url: 'http://a.test/', action: 'blocked', credentials: [credential], from: 'page-world' },
      },
      true,
    ],
    [
      {
        type: 'page-blocked',
        data: { url: 'http://a.test/', action: 'stripped', credentials: [credential], from: 'form-check' },
      },
      true,
    ],
    [
      {
        type: 'page-blocked',
        data: { url: 'http://a.test/', action: 'blocked', credentials: [credential], from: 'page' },
      },
      false,
    ],
    [{ type: 'page-blocked', data: { url: 'http://a.test/', action: 'sent', credentials: [credential] } }, false],
    [{ type: 'password-form', data: { event: 'sent', actionUrl: 'http://a.test/', credentials: [credential] } }, false],
    [{ type: 'page-blocked', data: { url: 'http://a.test/', action: 'blocked', credentials: [] } }, false],
    [
      {
        type: 'page-blocked',
        data: { url: 'http://a.test/', action: 'blocked', credentials: [{ ...credential, kind: 'telepathy' }] },
      },
      false,
    ],
    [{ type: 'get-history', data: { limit: 10 } }, false],
    [{ type: 'classify-submit', data: { url: 7, kinds: [] } }, false],
  ])('%j accepted: %s', (input, accepted) => {
    expect(parseContentMessage(input) !== null).toBe(accepted);
  });
});
