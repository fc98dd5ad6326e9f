import { describe, expect, it } from 'vitest';
import { parseMessage } from './protocol';

describe('parseMessage', () => {
  it.each([
    [{ type: 'get-status', data: {} }, { type: 'get-status', data: {} }],
    [{ type: 'get-tab-stats', data: { tabId: 3 } }, { type: 'get-tab-stats', data: { tabId: 3 } }],
    [{ type: 'get-tab-stats', data: { tabId: -1 } }, null],
    [{ type: 'get-tab-stats', data: { tabId: '3' } }, null],
    [{ type: 'set-settings', data: {} }, null],
    [{ type: 'get-status' }, null],
    ['get-status', null],
    [null, null],
  ])('%j -> %j', (input, expected) => {
    expect(parseMessage(input)).toEqual(expected);
  });
});
