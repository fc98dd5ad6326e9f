import { describe, expect, it } from 'vitest';
import { isContentScriptSender, isExtensionPageSender } from './sender';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('isExtensionPageSender', () => {
  it.each([
    [{ id: ID, url: `${ORIGIN}src/popup/index.html` }, true],
    [{ id: ID, url: `${ORIGIN}src/popup/index.html`, origin: ORIGIN.slice(0, -1) }, true],
    [{ id: ID, url: 'https://evil.example/' }, false],
    [{ id: ID, url: `${ORIGIN}x`, origin: 'https://evil.example' }, false],
    [{ id: 'other', url: `${ORIGIN}x` }, false],
    [{ id: ID }, false],
    [{ url: `${ORIGIN}x` }, false],
    [{ id: ID, url: `chrome-extension://${ID}.evil.example/` }, false],
    [{ id: ID, url: 'not a url' }, false],
  ])('%j -> %s', (sender, expected) => {
    expect(isExtensionPageSender(sender, ID, ORIGIN)).toBe(expected);
  });
});

describe('isContentScriptSender', () => {
  it.each([
    [{ id: ID, url: 'http://a.test/', tab: { id: 4 } }, true],
    [{ id: ID, url: 'https://a.test/', tab: { id: 4 } }, true],
    [{ id: ID, url: `${ORIGIN}x`, tab: { id: 4 } }, false],
    [{ id: ID, url: 'http://a.test/' }, false],
    [{ id: 'other', url: 'http://a.test/', tab: { id: 4 } }, false],
    [{ id: ID, url: 'http://a.test/', tab: { id: -1 } }, false],
  ])('%j -> %s', (sender, expected) => {
    expect(isContentScriptSender(sender, ID)).toBe(expected);
  });
});
